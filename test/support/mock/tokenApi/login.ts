/** The login endpoint: who may log in, how the answer carries the token, and how it misbehaves. */
import type { ResolvedMockTokenApiOptions } from './options';
import { headerValue, isPlainObject, searchParamsToObject, send, sendJson } from './request';
import type { Headers, RequestContext } from './request';
import { addExpiry, setPath } from './tokens';

export const LOGIN_METHODS = new Set(['POST', 'GET', 'PUT']);

/** Body fields as strings; a GET login (no body) may send them in the query string instead. */
function loginFields(ctx: RequestContext): Record<string, string> {
	const source: Record<string, unknown> = isPlainObject(ctx.body)
		? ctx.body
		: ctx.method === 'GET'
			? searchParamsToObject(ctx.url.searchParams)
			: {};
	const fields: Record<string, string> = {};
	for (const [key, value] of Object.entries(source)) {
		if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
			fields[key] = String(value);
	}
	return fields;
}

/** Credentials from HTTP Basic first, then from body (or GET query) fields. */
function readCredentials(
	ctx: RequestContext,
	fields: Record<string, string>,
	o: ResolvedMockTokenApiOptions,
): { username: string; password: string } | undefined {
	const authorization = headerValue(ctx.req, 'authorization') ?? '';
	const basic = /^Basic\s+(\S+)$/i.exec(authorization);
	if (basic) {
		const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon >= 0)
			return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
	}
	const username = fields[o.usernameField];
	const password = fields[o.passField];
	if (username === undefined || password === undefined) return undefined;
	return { username, password };
}

/** Returns the error answer for a bad login request, or undefined when it may log in. */
export function checkLoginRequest(
	ctx: RequestContext,
	o: ResolvedMockTokenApiOptions,
): { status: number; body: unknown } | undefined {
	const fields = loginFields(ctx);
	const credentials = readCredentials(ctx, fields, o);
	if (!credentials) {
		return {
			status: 400,
			body: { error: 'invalid_request', error_description: 'Missing credentials' },
		};
	}
	const missingHeaders = Object.entries(o.requireHeaders)
		.filter(([name, value]) => headerValue(ctx.req, name) !== value)
		.map(([name]) => name);
	if (missingHeaders.length > 0)
		return { status: 400, body: { error: 'invalid_request', missingHeaders } };

	const missing = Object.entries(o.requireBody)
		.filter(([key, value]) => fields[key] !== value)
		.map(([key]) => key);
	if (missing.length > 0) return { status: 400, body: { error: 'invalid_request', missing } };

	if (credentials.username !== o.username || credentials.password !== o.password) {
		return (
			o.wrongPasswordAnswer ?? {
				status: 401,
				body: { error: 'invalid_grant', error_description: 'Bad credentials' },
			}
		);
	}
	return undefined;
}

/**
 * Sliding window over accepted login attempts: the times still in the window, and Retry-After
 * seconds when over the limit. Rejected attempts are not recorded, so a client that backs off can
 * get in again.
 */
export function rateLimit(
	times: number[],
	o: ResolvedMockTokenApiOptions,
	now: number,
): { times: number[]; retryAfter?: number } {
	const limit = o.loginRateLimit;
	if (!limit) return { times };
	const inWindow = times.filter((t) => now - t < limit.windowMs);
	if (inWindow.length >= limit.max) {
		const oldest = inWindow[0] ?? now;
		return {
			times: inWindow,
			retryAfter: Math.max(1, Math.ceil((oldest + limit.windowMs - now) / 1000)),
		};
	}
	return { times: [...inWindow, now] };
}

/** A login that succeeded but answers wrongly; false when it behaves. */
export function misbehave(ctx: RequestContext, o: ResolvedMockTokenApiOptions): boolean {
	switch (o.loginMisbehaviour) {
		case 'html':
			send(ctx, 200, '<html>Login page</html>', { 'Content-Type': 'text/html; charset=utf-8' });
			return true;
		case 'emptyJson':
			sendJson(ctx, 200, {});
			return true;
		case 'noToken':
			sendJson(ctx, 200, { token_type: 'Bearer', expires_in: 3600, user: { id: 1 } });
			return true;
		case 'serverError':
			sendJson(ctx, 500, { error: 'boom' });
			return true;
		case 'errorCodeKeys':
			sendJson(ctx, 200, { ECONNRESET: 'x', ENOTFOUND: 1, EPERM: true });
			return true;
		case 'resetConnection':
			if (ctx.record) ctx.record.status = -1;
			ctx.req.socket.destroy();
			return true;
		default:
			return false; // 'badExpiry' and 'trickle' answer with a token, see deliverToken
	}
}

/** True when a request lacks one of the headers every request must carry (apiHeaders), or has it wrong. */
export function missingApiHeaders(ctx: RequestContext, o: ResolvedMockTokenApiOptions): boolean {
	return Object.entries(o.apiHeaders).some(([name, value]) => headerValue(ctx.req, name) !== value);
}

/** The login answer's body and headers: the token where sessionSource says, the expiry as expirySource says. */
function tokenAnswer(
	o: ResolvedMockTokenApiOptions,
	token: string,
	issuedAt: number,
): { body: Record<string, unknown>; headers: Headers } {
	const body: Record<string, unknown> = {};
	const headers: Headers = {};
	if (o.sessionSource === 'body') {
		setPath(body, o.sessionPath, token);
		if (!('token_type' in body)) body.token_type = 'Bearer';
	} else {
		body.ok = true;
		if (o.sessionSource === 'header') headers[o.sessionHeaderName] = token;
		// An unrelated cookie first, so clients must pick the right one by name.
		else
			headers['Set-Cookie'] = [
				'tracking=abc; Path=/',
				`${o.sessionCookieName}=${token}; Path=/; HttpOnly`,
			];
	}
	addExpiry(body, o, issuedAt, o.loginMisbehaviour === 'badExpiry');
	return { body, headers };
}

/**
 * The 'trickle' misbehaviour: a good login answer written 2 bytes every 2 s, so the connection is
 * never idle long enough for an idle timeout; stops when the client goes away.
 */
export async function trickleToken(
	ctx: RequestContext,
	o: ResolvedMockTokenApiOptions,
	token: string,
	issuedAt: number,
	sleep: (ms: number) => Promise<void>,
): Promise<void> {
	const { body, headers } = tokenAnswer(o, token, issuedAt);
	const text = JSON.stringify(body);
	if (ctx.record) ctx.record.status = 200;
	ctx.res.writeHead(200, {
		...headers,
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': String(Buffer.byteLength(text)),
	});
	for (let at = 0; at < text.length; at += 2) {
		if (ctx.res.destroyed) return;
		ctx.res.write(text.slice(at, at + 2));
		await sleep(2000);
	}
	ctx.res.end();
}

/** The login answer: the token where sessionSource says, the expiry as expirySource says. */
export function deliverToken(
	ctx: RequestContext,
	o: ResolvedMockTokenApiOptions,
	token: string,
	issuedAt: number,
): void {
	const { body, headers } = tokenAnswer(o, token, issuedAt);
	sendJson(ctx, 200, body, headers);
}
