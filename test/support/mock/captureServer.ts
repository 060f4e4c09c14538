/**
 * A server that records everything, to prove a token did NOT reach a host: it answers 200
 * `{"ok":true}`, or what a test's script answers (a provider scripted request by request).
 */
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

/** A scripted answer; a JSON body unless `body` is a string (sent as is). */
export interface ScriptedAnswer {
	status?: number;
	headers?: Record<string, string | string[]>;
	body?: unknown;
}

export type AnswerScript = (request: CapturedRequest) => ScriptedAnswer | undefined;

export interface CaptureServer {
	url: string;
	port: number;
	requests(): CapturedRequest[];
	/** `POST /login`, one per request received, query left out */
	lines(): string[];
	clear(): void;
	close(): Promise<void>;
}

function answer(res: http.ServerResponse, scripted: ScriptedAnswer): void {
	const text =
		typeof scripted.body === 'string' ? scripted.body : JSON.stringify(scripted.body ?? {});
	res.writeHead(scripted.status ?? 200, {
		'Content-Type': 'application/json',
		...(scripted.headers ?? {}),
		'Content-Length': String(Buffer.byteLength(text)),
	});
	res.end(text);
}

/** `script` answers each request (undefined: 404); without one, every request gets 200 `{"ok":true}`. */
export async function startCaptureServer(script?: AnswerScript): Promise<CaptureServer> {
	let captured: CapturedRequest[] = [];
	const server = http.createServer((req, res) => {
		readBody(req)
			.catch(() => Buffer.alloc(0))
			.then((body) => {
				const rawUrl = req.url ?? '/';
				const request: CapturedRequest = {
					method: req.method ?? 'GET',
					path: new URL(rawUrl, 'http://127.0.0.1').pathname,
					headers: headerRecord(req),
					rawUrl,
					body: body.toString('utf8'),
				};
				captured.push(request);
				if (!script) writeJson(res, 200, { ok: true });
				else answer(res, script(request) ?? { status: 404, body: { error: 'not here' } });
			});
	});
	const port = await listen(server, 0);
	let closing: Promise<void> | undefined;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests: () => captured.map((r) => ({ ...r, headers: { ...r.headers } })),
		lines: () => captured.map((r) => `${r.method} ${r.path}`),
		clear: () => {
			captured = [];
		},
		close: () => (closing ??= closeServer(server)),
	};
}
