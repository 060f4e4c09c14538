/** The HTTP client of the real servers' helpers: any method, headers and body, the answer read whole. */
import { httpRequest, type HttpResponse } from '../realN8n/http';

export type { HttpResponse } from '../realN8n/http';

export interface RequestOptions {
	headers?: Record<string, string>;
	/** An object or array is sent as JSON (content-type application/json); a string as is. */
	body?: unknown;
	timeoutMs?: number;
}

/** The real-n8n harness's client (realN8n/http.ts), with a 30 s default timeout. */
export async function request(
	method: string,
	url: string,
	options: RequestOptions = {},
): Promise<HttpResponse> {
	return await httpRequest(method, url, { ...options, timeoutMs: options.timeoutMs ?? 30_000 });
}

/** Throws with the answer when its status is not `status`; returns it otherwise. */
export function expectStatus(answer: HttpResponse, status: number, what: string): HttpResponse {
	if (answer.status !== status)
		throw new Error(
			`${what}: expected HTTP ${status}, got ${answer.status}: ${answer.text.slice(0, 500)}`,
		);
	return answer;
}
