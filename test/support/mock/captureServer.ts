/** A server that records everything and answers 200, to prove a token did NOT reach a host. */
import * as http from 'node:http';

import { closeServer, headerRecord, listen, readBody, writeJson } from './http';

export interface CapturedRequest {
	method: string;
	path: string;
	/** Lower-case names; repeated headers joined with ', '. */
	headers: Record<string, string>;
	/** The request target exactly as received, query string included. */
	rawUrl: string;
	body: string;
}

export interface CaptureServer {
	url: string;
	port: number;
	requests(): CapturedRequest[];
	clear(): void;
	close(): Promise<void>;
}

export async function startCaptureServer(): Promise<CaptureServer> {
	let captured: CapturedRequest[] = [];
	const server = http.createServer((req, res) => {
		readBody(req)
			.catch(() => Buffer.alloc(0))
			.then((body) => {
				const rawUrl = req.url ?? '/';
				captured.push({
					method: req.method ?? 'GET',
					path: new URL(rawUrl, 'http://127.0.0.1').pathname,
					headers: headerRecord(req),
					rawUrl,
					body: body.toString('utf8'),
				});
				writeJson(res, 200, { ok: true });
			});
	});
	const port = await listen(server, 0);
	let closing: Promise<void> | undefined;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests: () => captured.map((r) => ({ ...r, headers: { ...r.headers } })),
		clear: () => {
			captured = [];
		},
		close: () => (closing ??= closeServer(server)),
	};
}
