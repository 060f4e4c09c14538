/** A small HTTP client for the real servers' APIs: any method, headers and body, the answer read whole. */
import * as http from 'node:http';

import type { HttpResponse } from '../realN8n/http';
import { collect } from '../realN8n/io';

export type { HttpResponse } from '../realN8n/http';

export interface RequestOptions {
	headers?: Record<string, string>;
	/** An object or array is sent as JSON (content-type application/json); a string as is. */
	body?: unknown;
	timeoutMs?: number;
}

export async function request(
	method: string,
	url: string,
	options: RequestOptions = {},
): Promise<HttpResponse> {
	const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
	let payload: string | undefined;
	if (typeof options.body === 'string') payload = options.body;
	else if (options.body !== undefined) {
		payload = JSON.stringify(options.body);
		if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
			headers['content-type'] = 'application/json';
	}
	return await new Promise<HttpResponse>((resolve, reject) => {
		const req = http.request(
			url,
			{ method, headers, timeout: options.timeoutMs ?? 30_000 },
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

/** Throws with the answer when its status is not `status`; returns it otherwise. */
export function expectStatus(answer: HttpResponse, status: number, what: string): HttpResponse {
	if (answer.status !== status)
		throw new Error(
			`${what}: expected HTTP ${status}, got ${answer.status}: ${answer.text.slice(0, 500)}`,
		);
	return answer;
}
