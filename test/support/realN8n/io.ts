/** Small I/O helpers shared by the harness modules. */
import * as fs from 'node:fs';

export async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

/** A whole stream (child output, HTTP body) as UTF-8 text. */
export async function collect(stream: NodeJS.ReadableStream | null): Promise<string> {
	if (!stream) return '';
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
	return Buffer.concat(chunks).toString('utf8');
}

/** The end of a log file, for error messages; '' if it cannot be read. */
export function tail(file: string, chars = 4000): string {
	try {
		return fs.readFileSync(file, 'utf8').slice(-chars);
	} catch {
		return '';
	}
}
