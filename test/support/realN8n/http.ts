/** A free port and a small JSON HTTP client for n8n's REST API and the mock servers. */
import { once } from 'node:events';
import * as http from 'node:http';
import * as net from 'node:net';

import { collect } from './io';

/** A port free right now on 127.0.0.1 (tiny race window; fine for tests). */
export async function freePort(): Promise<number> {
	const server = net.createServer();
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const { port } = server.address() as net.AddressInfo;
	server.close();
	await once(server, 'close');
	return port;
}

export interface HttpResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
	/** Parsed JSON body, or undefined. n8n's REST wraps results as `{ data: ... }`. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- REST answers are read ad hoc by tests
	json: any;
}

/** Any method; a string body goes as it is, anything else as JSON; the answer read whole. */
export async function httpRequest(
	method: string,
	url: string,
	options: {
		body?: unknown;
		cookie?: string;
		headers?: Record<string, string>;
		timeoutMs?: number;
	} = {},
): Promise<HttpResponse> {
	const asText = typeof options.body === 'string';
	const payload =
		options.body === undefined
			? undefined
			: asText
				? String(options.body)
				: JSON.stringify(options.body);
	const headers: http.OutgoingHttpHeaders = { accept: 'application/json', ...options.headers };
	const named = (name: string) => Object.keys(headers).some((key) => key.toLowerCase() === name);
	if (payload !== undefined && !asText && !named('content-type'))
		headers['content-type'] = 'application/json';
	if (options.cookie) headers.cookie = options.cookie;
	return await new Promise<HttpResponse>((resolve, reject) => {
		const req = http.request(
			url,
			{ method, headers, timeout: options.timeoutMs ?? 60_000 },
			(res) => {
				collect(res)
					.then((text) => {
						let json: unknown;
						try {
							json = JSON.parse(text);
						} catch {
							json = undefined;
						}
						resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
					})
					.catch(reject);
			},
		);
		req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
		req.on('error', reject);
		req.end(payload);
	});
}
