/**
 * A provider with the login shapes of issue 15 on 127.0.0.1, to test the login steps through the
 * real request path:
 * - POST /oauth/token (form): grant_type=password (username, password, and `otp` when a TOTP secret
 *   is set) or grant_type=refresh_token; refresh tokens rotate: each is good once, and a reused one
 *   counts as a reuse (the OAuth 2.0 security BCP's sign of a stolen token) and is refused (400
 *   invalid_grant); POST /oauth/revoke (RFC 7009 form) and POST /auth/logout ({refresh_token}) end
 *   the session (its access token too);
 * - GET /portal/login: a login page that sets a `csrftoken` cookie and holds a hidden `csrf` field;
 *   POST /portal/session (JSON) needs that cookie and the field (or an X-CSRF-Token header equal to
 *   the cookie), else 403 {"error":"csrf"}; it answers {token} for the tenant selection only;
 * - POST /tenants/select with that token and {"tenant"} answers {"data":{"token"}}, the token the
 *   API accepts;
 * - GET /me and GET /items/:id with Authorization: Bearer <token> (401 for anything else).
 * Counts logins, refreshes, reuses, logouts and rejected calls.
 */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';

import { decodeBase32Secret, totpCode } from '../../../shared/engine';
import { closeServer, headerRecord, listen, readBody, writeJson } from './http';

export interface LoginShapesOptions {
	username?: string;
	password?: string;
	/** base32: the password grant also needs the current code as `otp` */
	totpSecret?: string;
	/** access token lifetime, seconds */
	accessLifetime?: number;
	/** the tenant /tenants/select accepts */
	tenant?: string;
}

export interface LoginShapesCounters {
	logins: number;
	failedLogins: number;
	refreshes: number;
	refusedRefreshes: number;
	/** a refresh token sent again after it was used once: must stay 0 */
	refreshReuses: number;
	logouts: number;
	csrfRefusals: number;
	tenantSelections: number;
	acceptedCalls: number;
	rejectedCalls: number;
}

export interface LoginShapesApi {
	url: string;
	counters(): LoginShapesCounters;
	/** every request as "METHOD /path → status", in order */
	seen(): string[];
	/** every access and refresh token issued, for leak checks */
	issued(): string[];
	reset(): void;
	/** ends every session at the provider, behind the client's back (their refresh tokens too) */
	revokeAll(): void;
	/** ends every access token, keeping the refresh tokens good (an access token expired early) */
	forgetAccessTokens(): void;
	close(): Promise<void>;
}

const newToken = (prefix: string) => `${prefix}_${randomBytes(18).toString('hex')}`;

export async function startLoginShapesApi(
	options: LoginShapesOptions = {},
): Promise<LoginShapesApi> {
	const o = {
		username: 'alice',
		password: 'correct-horse-battery',
		accessLifetime: 3600,
		tenant: 'acme',
		...options,
	};
	const zero = (): LoginShapesCounters => ({
		logins: 0,
		failedLogins: 0,
		refreshes: 0,
		refusedRefreshes: 0,
		refreshReuses: 0,
		logouts: 0,
		csrfRefusals: 0,
		tenantSelections: 0,
		acceptedCalls: 0,
		rejectedCalls: 0,
	});
	let counts = zero();
	let log: string[] = [];
	const issued: string[] = [];
	/** live access tokens → expiry; tokens for the tenant selection only */
	const access = new Map<string, number>();
	const tenantOnly = new Set<string>();
	/** refresh token → its access token, while unused; used ones are remembered to spot reuse */
	const refreshTokens = new Map<string, string>();
	const usedRefresh = new Set<string>();
	const csrf = new Map<string, string>(); // cookie value → hidden field value

	const issue = (
		answer: (access: string, refresh: string) => unknown,
		res: http.ServerResponse,
		status = 200,
	) => {
		const token = newToken('at');
		const refresh = newToken('rt');
		access.set(token, Date.now() + o.accessLifetime * 1000);
		refreshTokens.set(refresh, token);
		issued.push(token, refresh);
		writeJson(res, status, answer(token, refresh));
	};
	const endSession = (refresh: string) => {
		const token = refreshTokens.get(refresh);
		if (token) access.delete(token);
		refreshTokens.delete(refresh);
		usedRefresh.add(refresh);
	};
	const validTotp = (otp: unknown) =>
		o.totpSecret === undefined ||
		otp ===
			totpCode(
				{ key: decodeBase32Secret(o.totpSecret), digits: 6, period: 30, algorithm: 'SHA1' },
				Date.now(),
			);

	const server = http.createServer((req, res) => {
		void (async () => {
			const text = (await readBody(req)).toString('utf8');
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const headers = headerRecord(req);
			const type = headers['content-type'] ?? '';
			const body: Record<string, unknown> = type.includes('json')
				? ((JSON.parse(text || '{}') as Record<string, unknown>) ?? {})
				: Object.fromEntries(new URLSearchParams(text));
			const bearer = /^Bearer (\S+)$/.exec(headers.authorization ?? '')?.[1];
			const route = `${req.method} ${url.pathname}`;
			const done = res.end.bind(res);
			res.end = ((...args: Parameters<typeof res.end>) => {
				log.push(`${route} → ${res.statusCode}`);
				return done(...args);
			}) as typeof res.end;

			if (route === 'POST /oauth/token' && body.grant_type === 'password') {
				if (body.username !== o.username || body.password !== o.password || !validTotp(body.otp)) {
					counts.failedLogins++;
					return writeJson(res, 400, {
						error: 'invalid_grant',
						error_description: validTotp(body.otp) ? 'Bad credentials' : 'Invalid one-time code',
					});
				}
				counts.logins++;
				return issue(
					(token, refresh) => ({
						access_token: token,
						refresh_token: refresh,
						expires_in: o.accessLifetime,
					}),
					res,
				);
			}
			const refreshing =
				(route === 'POST /oauth/token' && body.grant_type === 'refresh_token') ||
				route === 'POST /auth/refresh';
			if (refreshing) {
				const refresh = String(body.refresh_token ?? '');
				if (usedRefresh.has(refresh)) counts.refreshReuses++;
				if (!refreshTokens.has(refresh)) {
					counts.refusedRefreshes++;
					return writeJson(res, 400, {
						error: 'invalid_grant',
						error_description: 'Refresh token is invalid',
					});
				}
				endSession(refresh);
				counts.refreshes++;
				return route === 'POST /auth/refresh'
					? issue(
							(token, next) => ({
								data: {
									access_token: token,
									refresh_token: next,
									expires: o.accessLifetime * 1000,
								},
							}),
							res,
						)
					: issue(
							(token, next) => ({
								access_token: token,
								refresh_token: next,
								expires_in: o.accessLifetime,
							}),
							res,
						);
			}
			if (route === 'POST /oauth/revoke' || route === 'POST /auth/logout') {
				const refresh = String(body.token ?? body.refresh_token ?? '');
				if (!refreshTokens.has(refresh)) return writeJson(res, 400, { error: 'invalid_token' });
				endSession(refresh);
				counts.logouts++;
				res.statusCode = route === 'POST /auth/logout' ? 204 : 200;
				return res.end();
			}
			if (route === 'GET /portal/login') {
				const cookie = newToken('csrfc');
				const field = newToken('csrff');
				csrf.set(cookie, field);
				res.writeHead(200, {
					'Content-Type': 'text/html; charset=utf-8',
					'Set-Cookie': [`csrftoken=${cookie}; Path=/; HttpOnly`, 'theme=dark; Path=/'],
				});
				return res.end(
					`<html><form method="post"><input type="hidden" name="csrf" value="${field}"></form></html>`,
				);
			}
			if (route === 'POST /portal/session') {
				const cookie = /(?:^|;\s*)csrftoken=([^;]+)/.exec(headers.cookie ?? '')?.[1];
				const expected = cookie === undefined ? undefined : csrf.get(cookie);
				const presented = body.csrf ?? headers['x-csrf-token'];
				if (expected === undefined || (presented !== expected && presented !== cookie)) {
					counts.csrfRefusals++;
					return writeJson(res, 403, { error: 'csrf', message: 'CSRF check failed' });
				}
				csrf.delete(cookie as string);
				if (body.username !== o.username || body.password !== o.password) {
					counts.failedLogins++;
					return writeJson(res, 401, { error: 'Bad credentials' });
				}
				counts.logins++;
				const token = newToken('tenant-select');
				tenantOnly.add(token);
				issued.push(token);
				return writeJson(res, 200, { token });
			}
			if (route === 'POST /tenants/select') {
				if (!bearer || !tenantOnly.has(bearer))
					return writeJson(res, 401, { error: 'login first' });
				if (body.tenant !== o.tenant) return writeJson(res, 403, { error: 'unknown tenant' });
				counts.tenantSelections++;
				return issue((token) => ({ data: { token, tenant: o.tenant } }), res);
			}
			const item = /^GET \/items\/(\d+)$/.exec(route);
			if (route === 'GET /me' || item) {
				const until = bearer === undefined ? undefined : access.get(bearer);
				if (until === undefined || until <= Date.now()) {
					counts.rejectedCalls++;
					return writeJson(res, 401, { error: 'invalid_token' });
				}
				counts.acceptedCalls++;
				if (item) return writeJson(res, 200, { id: Number(item[1]) });
				return writeJson(res, 200, { id: 1, username: o.username });
			}
			writeJson(res, 404, { error: 'not_found' });
		})().catch((error: unknown) => writeJson(res, 500, { error: String(error) }));
	});
	const port = await listen(server, 0);
	return {
		url: `http://127.0.0.1:${port}`,
		counters: () => ({ ...counts }),
		seen: () => [...log],
		issued: () => [...issued],
		reset: () => {
			counts = zero();
			log = [];
		},
		revokeAll: () => {
			refreshTokens.clear();
			access.clear();
		},
		forgetAccessTokens: () => access.clear(),
		close: async () => await closeServer(server),
	};
}
