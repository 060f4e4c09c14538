/**
 * What the local test servers (API front, capture server, fake OpenAI) share: body, headers, JSON
 * answers, listen, close.
 */
import type * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(Buffer.from(chunk as Buffer));
	return Buffer.concat(chunks);
}

/** Header names lower-case (as Node gives them), repeated headers joined with ', '. */
export function headerRecord(req: http.IncomingMessage): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return headers;
}

/** Answers with `body` as JSON, its length given. */
export function writeJson(
	res: http.ServerResponse,
	status: number,
	body: unknown,
	contentType = 'application/json',
): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': contentType,
		'Content-Length': String(Buffer.byteLength(text)),
	});
	res.end(text);
}

/** Listens on 127.0.0.1 (`port` 0: any free port) and resolves with the port. */
export async function listen(server: http.Server, port: number): Promise<number> {
	return await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve((server.address() as AddressInfo).port);
		});
	});
}

/** Stops listening and drops keep-alive connections, so close() resolves promptly. */
export async function closeServer(server: http.Server): Promise<void> {
	await new Promise<void>((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
}

/** A loopback port nothing listens on (it was free a moment ago): a connection there is refused. */
export async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}
