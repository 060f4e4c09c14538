/** One request to the mock token API, and how it is read and answered. */
import type * as http from 'node:http';

export interface MockRequestRecord {
	method: string;
	path: string;
	hadToken: boolean;
	tokenValid: boolean;
	status: number;
	at: number;
}

export interface RequestContext {
	req: http.IncomingMessage;
	res: http.ServerResponse;
	method: string;
	url: URL;
	body: unknown;
	/** Absent for the counters endpoint, which is not logged. */
	record?: MockRequestRecord;
}

export type Headers = Record<string, string | string[]>;
type Query = Record<string, string | string[]>;

/** All responses go through here so the request log has its status before the client sees it. */
export function send(
	ctx: RequestContext,
	status: number,
	body: string | Buffer,
	headers: Headers,
): void {
	if (ctx.record) ctx.record.status = status;
	if (ctx.res.headersSent || ctx.res.destroyed) return; // e.g. a client that gave up on /slow
	ctx.res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
	ctx.res.end(body);
}

export function sendJson(
	ctx: RequestContext,
	status: number,
	body: unknown,
	headers: Headers = {},
): void {
	send(ctx, status, JSON.stringify(body), {
		'Content-Type': 'application/json; charset=utf-8',
		...headers,
	});
}

export function searchParamsToObject(params: URLSearchParams): Query {
	const result: Query = {};
	params.forEach((value, key) => {
		const existing = result[key];
		if (existing === undefined) result[key] = value;
		else result[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	});
	return result;
}

/** JSON and form bodies become objects; anything else stays a string; an empty body is null. */
export function parseBody(raw: Buffer, contentType: string | undefined): unknown {
	if (raw.length === 0) return null;
	const text = raw.toString('utf8');
	const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
	if (type === 'application/json' || type.endsWith('+json')) {
		try {
			return JSON.parse(text) as unknown;
		} catch {
			return text; // malformed JSON is echoed raw rather than rejected
		}
	}
	if (type === 'application/x-www-form-urlencoded')
		return searchParamsToObject(new URLSearchParams(text));
	return text;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function headerValue(req: http.IncomingMessage, name: string): string | undefined {
	const value = req.headers[name.toLowerCase()];
	return Array.isArray(value) ? value.join(', ') : value;
}

export function parseCookies(header: string | undefined): Record<string, string> {
	const cookies: Record<string, string> = {};
	for (const pair of (header ?? '').split(';')) {
		const eq = pair.indexOf('=');
		if (eq <= 0) continue;
		const name = pair.slice(0, eq).trim();
		if (!(name in cookies)) cookies[name] = pair.slice(eq + 1).trim();
	}
	return cookies;
}

/** Tracks timers so close() can cancel pending delays and never leaves Jest hanging. */
export class TimerSet {
	private readonly timers = new Set<NodeJS.Timeout>();

	async sleep(ms: number): Promise<void> {
		await new Promise<void>((resolve) => {
			const timer = setTimeout(
				() => {
					this.timers.delete(timer);
					resolve();
				},
				Math.max(0, ms),
			);
			this.timers.add(timer);
		});
	}

	clear(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}
}
