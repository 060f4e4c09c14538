/** API calls: which token a call carried, how a bad one is answered, and the API's endpoints. */
import { sendSessionName, type ResolvedMockTokenApiOptions } from './options';
import {
	headerValue,
	isPlainObject,
	parseCookies,
	searchParamsToObject,
	send,
	sendJson,
	type Headers,
	type RequestContext,
} from './request';

/** What a call carried in the accepted place. 'malformed': something is there but cannot be a token. */
export type PresentedToken =
	| { kind: 'none' }
	| { kind: 'malformed' }
	| { kind: 'token'; value: string };

export function presentedToken(
	ctx: RequestContext,
	o: ResolvedMockTokenApiOptions,
): PresentedToken {
	const name = sendSessionName(o);
	const found = (value: string | undefined): PresentedToken =>
		value === undefined ? { kind: 'none' } : { kind: 'token', value };
	switch (o.sendSessionAs) {
		case 'header': {
			const value = headerValue(ctx.req, name);
			if (value === undefined) return { kind: 'none' };
			// Without the prefix (e.g. 'Token ') even a real token must be refused.
			return value.startsWith(o.sendSessionPrefix)
				? found(value.slice(o.sendSessionPrefix.length))
				: { kind: 'malformed' };
		}
		case 'query':
			return found(ctx.url.searchParams.get(name) ?? undefined);
		case 'cookie':
			return found(parseCookies(headerValue(ctx.req, 'cookie'))[name]);
		default: {
			const authorization = headerValue(ctx.req, 'authorization');
			if (authorization === undefined) return { kind: 'none' };
			const bearer = /^Bearer\s+(.+)$/i.exec(authorization);
			// Another scheme (e.g. Basic) carries no token at all.
			return bearer ? found(bearer[1]?.trim()) : { kind: 'none' };
		}
	}
}

export function sendExpired(ctx: RequestContext, o: ResolvedMockTokenApiOptions): void {
	if (o.expiredBody) return sendJson(ctx, o.expiredBody.status, o.expiredBody.body);
	const headers: Headers =
		o.refreshOnStatus === 401 ? { 'WWW-Authenticate': 'Bearer error="invalid_token"' } : {};
	return sendJson(ctx, o.refreshOnStatus, { error: 'invalid_token' }, headers);
}

/** Mirrors the request back, without the token and without any header value. */
function echo(ctx: RequestContext, o: ResolvedMockTokenApiOptions): Record<string, unknown> {
	const params = new URLSearchParams(ctx.url.searchParams);
	if (o.sendSessionAs === 'query') params.delete(sendSessionName(o));
	const hidden = new Set([
		'authorization',
		'proxy-authorization',
		'cookie',
		o.sessionHeaderName.toLowerCase(),
	]);
	if (o.sendSessionAs === 'header') hidden.add(sendSessionName(o).toLowerCase());
	return {
		method: ctx.method,
		path: ctx.url.pathname,
		query: searchParamsToObject(params),
		body: ctx.body,
		contentType: ctx.req.headers['content-type'] ?? null,
		headerNames: Object.keys(ctx.req.headers).filter((name) => !hidden.has(name)),
	};
}

const ECHO_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * GET /redirect?to=<url>[&status=30x][&copyQuery=1]: a redirect to `to`; with copyQuery the
 * request's other query parameters (a query-string token too) are copied onto it, as some APIs do.
 */
function redirect(ctx: RequestContext): void {
	const to = ctx.url.searchParams.get('to');
	if (!to) return sendJson(ctx, 400, { error: 'missing to' });
	const status = Number(ctx.url.searchParams.get('status') ?? 302);
	if (!REDIRECT_STATUSES.has(status)) return sendJson(ctx, 400, { error: 'bad redirect status' });
	if (ctx.url.searchParams.get('copyQuery') !== '1') return send(ctx, status, '', { Location: to });
	const copied = new URLSearchParams(ctx.url.searchParams);
	for (const own of ['to', 'status', 'copyQuery']) copied.delete(own);
	const location = `${to}${to.includes('?') ? '&' : '?'}${copied.toString()}`;
	return send(ctx, status, '', { Location: location });
}

/** What an endpoint may do beyond answering: book a payment (a counted side effect), wait. */
export interface CallEffects {
	/** Books a payment and returns its id; it happens before any simulated upstream failure. */
	bookPayment(): string;
	sleep(ms: number): Promise<void>;
}

/** The API behind the token check: GET /me, /session, /session/keyed, /header-names, /accounts, /items/:id, /slow, /redirect, /binary, /text; /echo; POST /payments. */
export async function route(
	ctx: RequestContext,
	o: ResolvedMockTokenApiOptions,
	effects: CallEffects,
): Promise<void> {
	const { method } = ctx;
	const path = ctx.url.pathname;
	const item = /^\/items\/(\d+)$/.exec(path);

	if (method === 'GET' && path === '/me')
		return sendJson(ctx, 200, { id: 1, username: o.username });
	// Some APIs echo the session back (headers and body): tests prove none of it reaches n8n's output.
	if (method === 'GET' && path === '/session') {
		const token = presentedToken(ctx, o);
		const value = token.kind === 'token' ? token.value : '';
		return sendJson(
			ctx,
			200,
			{ user: o.username, session: value, note: `Bearer ${value}` },
			{ 'X-Echo-Token': value },
		);
	}
	// Some APIs key sessions by their token: tests prove such a key is scrubbed from the output too.
	if (method === 'GET' && path === '/session/keyed') {
		const token = presentedToken(ctx, o);
		const value = token.kind === 'token' ? token.value : '';
		return sendJson(ctx, 200, { sessions: { [value]: { user: o.username } } });
	}
	// The names (never the values) of every header the call carried, sorted.
	if (method === 'GET' && path === '/header-names')
		return sendJson(ctx, 200, { names: Object.keys(ctx.req.headers).sort() });
	if (method === 'GET' && path === '/accounts') {
		return sendJson(ctx, 200, {
			accounts: [
				{ id: 'acc-1', balance: 100.5 },
				{ id: 'acc-2', balance: 20 },
			],
		});
	}
	if (method === 'GET' && item)
		return sendJson(ctx, 200, { id: Number(item[1]), name: `Item ${item[1]}` });
	if (path === '/echo' && ECHO_METHODS.has(method)) return sendJson(ctx, 200, echo(ctx, o));
	if (method === 'POST' && path === '/payments') {
		const id = effects.bookPayment();
		// booked, then the connection drops before the answer (?reset=1)
		if (ctx.url.searchParams.get('reset') === '1') {
			if (ctx.record) ctx.record.status = -1;
			ctx.req.socket.destroy();
			return;
		}
		const fail = Number(ctx.url.searchParams.get('fail'));
		if (Number.isInteger(fail) && fail >= 400 && fail <= 599)
			return sendJson(ctx, fail, { error: 'upstream failure' });
		const amount = isPlainObject(ctx.body) ? ctx.body.amount : undefined;
		return sendJson(ctx, 201, { id, amount });
	}
	if (method === 'GET' && path === '/slow') {
		await effects.sleep(Math.min(Number(ctx.url.searchParams.get('ms')) || 0, 60_000));
		return sendJson(ctx, 200, { ok: true });
	}
	if (method === 'GET' && path === '/redirect') return redirect(ctx);
	if (method === 'GET' && path === '/binary') {
		return send(ctx, 200, Buffer.from(Array.from({ length: 16 }, (_, i) => i)), {
			'Content-Type': 'application/octet-stream',
		});
	}
	if (method === 'GET' && path === '/text')
		return send(ctx, 200, 'hello', { 'Content-Type': 'text/plain; charset=utf-8' });
	return sendJson(ctx, 404, { error: 'not_found' });
}
