import { decodeJwt } from './jwt';
import {
	getPath,
	parsePath,
	setPath,
	startCaptureServer,
	startMockTokenApi,
	type MockTokenApi,
	type MockTokenApiOptions,
} from './tokenApi';

const USER = 'alice';
const PASS = 'correct-horse-battery';

// Every server a test starts is closed afterwards, even when the test fails.
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
	await Promise.all(open.splice(0).map((s) => s.close()));
});

async function start(options?: MockTokenApiOptions): Promise<MockTokenApi> {
	const api = await startMockTokenApi(options);
	open.push(api);
	return api;
}

function basic(user: string, pass: string): string {
	return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

async function json(res: Response): Promise<any> {
	return res.json();
}

function loginJson(
	api: MockTokenApi,
	body: Record<string, unknown>,
	headers: Record<string, string> = {},
) {
	return fetch(`${api.url}/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
}

async function loginToken(api: MockTokenApi): Promise<string> {
	const body = await json(await loginJson(api, { username: USER, password: PASS }));
	return body.access_token as string;
}

function bearer(token: string): Record<string, string> {
	return { authorization: `Bearer ${token}` };
}

describe('dot paths', () => {
	it('parses and builds nested objects and arrays', () => {
		expect(parsePath('data.tokens[0].value')).toEqual(['data', 'tokens', 0, 'value']);
		const target: Record<string, unknown> = {};
		setPath(target, 'data.tokens[0].value', 't');
		setPath(target, 'data.expires', 5);
		expect(target).toEqual({ data: { tokens: [{ value: 't' }], expires: 5 } });
		expect(getPath(target, 'data.tokens[0].value')).toBe('t');
		expect(getPath(target, 'data.nope.x')).toBeUndefined();
		expect(() => parsePath('a..b')).toThrow();
	});
});

describe('login', () => {
	it('accepts HTTP Basic, JSON and form credentials', async () => {
		const api = await start();
		const viaBasic = await fetch(`${api.url}/login`, {
			method: 'POST',
			headers: { authorization: basic(USER, PASS) },
		});
		expect(viaBasic.status).toBe(200);
		const body = await json(viaBasic);
		expect(body.access_token).toMatch(/^tok_[0-9a-f]{40}$/);
		expect(body.token_type).toBe('Bearer');
		expect(body.expires_in).toBe(3600);

		expect((await loginJson(api, { username: USER, password: PASS })).status).toBe(200);
		const viaForm = await fetch(`${api.url}/login`, {
			method: 'PUT',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ username: USER, password: PASS }).toString(),
		});
		expect(viaForm.status).toBe(200);
		const viaGet = await fetch(`${api.url}/login`, {
			headers: { authorization: basic(USER, PASS) },
		});
		expect(viaGet.status).toBe(200);

		const me = await fetch(`${api.url}/me`, { headers: bearer(body.access_token) });
		expect(await json(me)).toEqual({ id: 1, username: USER });
		expect(api.counters().logins).toBe(4);
		expect(api.issuedTokens()).toHaveLength(4);
	});

	it('rejects wrong and missing credentials', async () => {
		const api = await start();
		const wrong = await loginJson(api, { username: USER, password: 'nope' });
		expect(wrong.status).toBe(401);
		expect(await json(wrong)).toEqual({
			error: 'invalid_grant',
			error_description: 'Bad credentials',
		});
		expect((await loginJson(api, { username: USER })).status).toBe(400);
		expect(api.counters()).toMatchObject({ logins: 0, failedLogins: 2 });
	});

	it('honours custom field names, required body fields and headers', async () => {
		const api = await start({
			usernameField: 'user',
			passField: 'pass',
			requireBody: { grant_type: 'password' },
			requireHeaders: { 'X-Api-Key': 'k1' },
		});
		const noExtras = await loginJson(api, { user: USER, pass: PASS }, { 'x-api-key': 'k1' });
		expect(noExtras.status).toBe(400);
		expect(await json(noExtras)).toEqual({ error: 'invalid_request', missing: ['grant_type'] });
		const noHeader = await loginJson(api, { user: USER, pass: PASS, grant_type: 'password' });
		expect(noHeader.status).toBe(400);
		const ok = await loginJson(
			api,
			{ user: USER, pass: PASS, grant_type: 'password' },
			{ 'x-api-key': 'k1' },
		);
		expect(ok.status).toBe(200);
	});

	it('puts token and expiry at nested paths', async () => {
		const api = await start({
			tokenBodyPath: 'data.tokens[0].value',
			expiryAs: 'expiresAt',
			expiresAtPath: 'data.session.expires',
			expiresAtFormat: 'epochSeconds',
		});
		const before = Math.floor(Date.now() / 1000);
		const body = await json(await loginJson(api, { username: USER, password: PASS }));
		expect(body.data.tokens[0].value).toMatch(/^tok_/);
		expect(body.data.session.expires).toBeGreaterThanOrEqual(before + 3600);
		expect(body.data.session.expires).toBeLessThanOrEqual(before + 3601);
	});

	it('formats expiry as a string, ISO date or epoch millis', async () => {
		const api = await start({ expiresInAsString: true, advertisedTtlSeconds: 60 });
		expect((await json(await loginJson(api, { username: USER, password: PASS }))).expires_in).toBe(
			'60',
		);
		api.configure({ expiryAs: 'expiresAt' });
		const iso = (await json(await loginJson(api, { username: USER, password: PASS })))
			.expires_at as string;
		expect(Math.abs(Date.parse(iso) - (Date.now() + 60_000))).toBeLessThan(2000);
		api.configure({ expiresAtFormat: 'epochMillis' });
		const ms = (await json(await loginJson(api, { username: USER, password: PASS })))
			.expires_at as number;
		expect(Math.abs(ms - (Date.now() + 60_000))).toBeLessThan(2000);
		api.configure({ expiryAs: 'none' });
		expect(await json(await loginJson(api, { username: USER, password: PASS }))).not.toHaveProperty(
			'expires_at',
		);
	});

	it('delivers the token in a header', async () => {
		const api = await start({ tokenIn: 'header', sessionHeaderName: 'X-Session' });
		const res = await loginJson(api, { username: USER, password: PASS });
		const token = res.headers.get('x-session') as string;
		expect(token).toMatch(/^tok_/);
		expect(await json(res)).toEqual({ ok: true, expires_in: 3600 });
		expect((await fetch(`${api.url}/me`, { headers: bearer(token) })).status).toBe(200);
	});

	it('delivers the token in a cookie after an unrelated one', async () => {
		const api = await start({ tokenIn: 'cookie', acceptTokenAs: 'cookie' });
		const res = await loginJson(api, { username: USER, password: PASS });
		const cookies = res.headers.getSetCookie();
		expect(cookies[0]).toBe('tracking=abc; Path=/');
		expect(cookies[1]).toMatch(/^SESSIONID=tok_[0-9a-f]{40}; Path=\/; HttpOnly$/);
		const token = /^SESSIONID=([^;]+)/.exec(cookies[1] as string)?.[1] as string;
		const me = await fetch(`${api.url}/me`, {
			headers: { cookie: `tracking=abc; SESSIONID=${token}` },
		});
		expect(me.status).toBe(200);
	});

	it('issues HS256 JWTs with sub, iat and exp', async () => {
		const api = await start({ tokenFormat: 'jwt', tokenTtlSeconds: 120 });
		const token = await loginToken(api);
		const decoded = decodeJwt(token);
		expect(decoded?.header).toEqual({ alg: 'HS256', typ: 'JWT' });
		expect(decoded?.payload.sub).toBe(USER);
		expect((decoded?.payload.exp as number) - (decoded?.payload.iat as number)).toBe(120);
		expect(Math.abs((decoded?.payload.iat as number) - Date.now() / 1000)).toBeLessThan(2);
		expect(decoded?.signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(token).not.toBe(await loginToken(api));
	});
});

describe('token validity', () => {
	it('expires tokens after the server-side TTL, whatever is advertised', async () => {
		const api = await start({ tokenTtlSeconds: 1, advertisedTtlSeconds: 3600 });
		const body = await json(await loginJson(api, { username: USER, password: PASS }));
		expect(body.expires_in).toBe(3600);
		expect((await fetch(`${api.url}/me`, { headers: bearer(body.access_token) })).status).toBe(200);
		await new Promise((r) => setTimeout(r, 1050));
		const expired = await fetch(`${api.url}/me`, { headers: bearer(body.access_token) });
		expect(expired.status).toBe(401);
		expect(await json(expired)).toEqual({ error: 'invalid_token' });
		expect(api.liveTokens()).toEqual([]);
		expect(api.counters()).toMatchObject({ acceptedCalls: 1, rejectedCalls: 1 });
	});

	it('revokes and expires every issued token', async () => {
		const api = await start();
		const first = await loginToken(api);
		api.revokeAll();
		expect((await fetch(`${api.url}/me`, { headers: bearer(first) })).status).toBe(401);
		const second = await loginToken(api);
		expect(api.liveTokens()).toEqual([second]);
		api.expireAll();
		expect((await fetch(`${api.url}/me`, { headers: bearer(second) })).status).toBe(401);
		expect(api.issuedTokens()).toEqual([first, second]);
	});

	it('single session: a new login revokes older tokens', async () => {
		const api = await start({ singleSession: true });
		const first = await loginToken(api);
		const second = await loginToken(api);
		expect((await fetch(`${api.url}/me`, { headers: bearer(first) })).status).toBe(401);
		expect((await fetch(`${api.url}/me`, { headers: bearer(second) })).status).toBe(200);
	});

	it('answers with a custom expired status or body', async () => {
		const api = await start({ expiredStatus: 403 });
		const res = await fetch(`${api.url}/me`, { headers: bearer('tok_unknown') });
		expect(res.status).toBe(403);
		expect(await json(res)).toEqual({ error: 'invalid_token' });

		api.configure({
			expiredBody: { status: 200, body: { code: 602, message: 'Access token expired' } },
		});
		const marketo = await fetch(`${api.url}/me`);
		expect(marketo.status).toBe(200);
		expect(await json(marketo)).toEqual({ code: 602, message: 'Access token expired' });
		expect(api.counters()).toMatchObject({ rejectedCalls: 1, unauthenticatedCalls: 1 });

		api.configure({ expiredBody: undefined });
		expect((await fetch(`${api.url}/me`)).status).toBe(403);
	});
});

describe('login throttling and misbehaviour', () => {
	it('rate limits logins with 429 and Retry-After', async () => {
		const api = await start({ loginRateLimit: { max: 2, windowMs: 5000 } });
		await loginToken(api);
		await loginToken(api);
		const limited = await loginJson(api, { username: USER, password: PASS });
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(await json(limited)).toEqual({ error: 'rate_limited' });
		expect(api.counters()).toMatchObject({ logins: 2, rateLimitedLogins: 1 });
	});

	it('delays the login answer', async () => {
		const api = await start({ loginDelayMs: 250 });
		const t0 = Date.now();
		await loginToken(api);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
	});

	it('misbehaves on request', async () => {
		const api = await start({ loginMisbehaviour: 'html' });
		const login = () => loginJson(api, { username: USER, password: PASS });

		const html = await login();
		expect(html.headers.get('content-type')).toMatch(/^text\/html/);
		expect(await html.text()).toBe('<html>Login page</html>');

		api.configure({ loginMisbehaviour: 'emptyJson' });
		expect(await json(await login())).toEqual({});

		api.configure({ loginMisbehaviour: 'noToken' });
		expect(await json(await login())).toEqual({
			token_type: 'Bearer',
			expires_in: 3600,
			user: { id: 1 },
		});

		api.configure({ loginMisbehaviour: 'serverError' });
		const boom = await login();
		expect(boom.status).toBe(500);
		expect(await json(boom)).toEqual({ error: 'boom' });

		api.configure({ loginMisbehaviour: 'badExpiry' });
		const bad = await json(await login());
		expect(bad.expires_in).toBe('soon');
		expect((await fetch(`${api.url}/me`, { headers: bearer(bad.access_token) })).status).toBe(200);
		api.configure({ expiryAs: 'expiresAt' });
		expect((await json(await login())).expires_at).toBe('not-a-date');

		expect(api.issuedTokens()).toHaveLength(2);
	});
});

describe('accepting the token', () => {
	it('bearer (default), and no token at all', async () => {
		const api = await start();
		const token = await loginToken(api);
		expect((await fetch(`${api.url}/accounts`, { headers: bearer(token) })).status).toBe(200);
		const none = await fetch(`${api.url}/accounts`);
		expect(none.status).toBe(401);
		expect(api.counters()).toMatchObject({
			acceptedCalls: 1,
			unauthenticatedCalls: 1,
			rejectedCalls: 0,
		});
	});

	it('custom header with a prefix', async () => {
		const api = await start({
			acceptTokenAs: 'header',
			acceptTokenName: 'Authorization',
			acceptTokenPrefix: 'Token ',
		});
		const token = await loginToken(api);
		expect(
			(await fetch(`${api.url}/me`, { headers: { authorization: `Token ${token}` } })).status,
		).toBe(200);
		// The right token without the prefix, or as a Bearer, is refused.
		expect((await fetch(`${api.url}/me`, { headers: { authorization: token } })).status).toBe(401);
		expect((await fetch(`${api.url}/me`, { headers: bearer(token) })).status).toBe(401);
		expect(api.counters().rejectedCalls).toBe(2);
	});

	it('default header name X-Auth-Token', async () => {
		const api = await start({ acceptTokenAs: 'header' });
		const token = await loginToken(api);
		const res = await fetch(`${api.url}/echo`, {
			headers: { 'x-auth-token': token, 'x-other': '1' },
		});
		const echoed = await json(res);
		expect(echoed.headerNames).toContain('x-other');
		expect(echoed.headerNames).not.toContain('x-auth-token');
		expect(JSON.stringify(echoed)).not.toContain(token);
	});

	it('query parameter, stripped from the echo', async () => {
		const api = await start({ acceptTokenAs: 'query' });
		const token = await loginToken(api);
		const res = await fetch(`${api.url}/echo?a=1&token=${token}&a=2`);
		expect(res.status).toBe(200);
		const echoed = await json(res);
		expect(echoed.query).toEqual({ a: ['1', '2'] });
		expect(JSON.stringify(echoed)).not.toContain(token);
		expect(JSON.stringify(api.requests())).not.toContain(token);
	});

	it('cookie with a custom name', async () => {
		const api = await start({ acceptTokenAs: 'cookie', acceptTokenName: 'sid' });
		const token = await loginToken(api);
		expect(
			(await fetch(`${api.url}/me`, { headers: { cookie: `a=b; sid=${token}` } })).status,
		).toBe(200);
		expect(
			(await fetch(`${api.url}/me`, { headers: { cookie: `SESSIONID=${token}` } })).status,
		).toBe(401);
	});
});

describe('API endpoints', () => {
	it('serves items, echo, text, binary, slow, redirect and 404', async () => {
		const api = await start();
		const auth = bearer(await loginToken(api));

		expect(await json(await fetch(`${api.url}/items/7`, { headers: auth }))).toEqual({
			id: 7,
			name: 'Item 7',
		});

		const echoJson = await json(
			await fetch(`${api.url}/echo?x=1`, {
				method: 'PATCH',
				headers: { ...auth, 'content-type': 'application/json' },
				body: JSON.stringify({ a: 1 }),
			}),
		);
		expect(echoJson).toMatchObject({
			method: 'PATCH',
			path: '/echo',
			query: { x: '1' },
			body: { a: 1 },
			contentType: 'application/json',
		});
		expect(echoJson.headerNames).not.toContain('authorization');

		const echoForm = await json(
			await fetch(`${api.url}/echo`, {
				method: 'POST',
				headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
				body: 'a=1&b=two',
			}),
		);
		expect(echoForm.body).toEqual({ a: '1', b: 'two' });
		const echoRaw = await json(
			await fetch(`${api.url}/echo`, {
				method: 'PUT',
				headers: { ...auth, 'content-type': 'text/plain' },
				body: 'raw!',
			}),
		);
		expect(echoRaw.body).toBe('raw!');
		expect(
			(await json(await fetch(`${api.url}/echo`, { method: 'DELETE', headers: auth }))).body,
		).toBeNull();

		const text = await fetch(`${api.url}/text`, { headers: auth });
		expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(await text.text()).toBe('hello');

		const binary = await fetch(`${api.url}/binary`, { headers: auth });
		expect(binary.headers.get('content-type')).toBe('application/octet-stream');
		expect([...new Uint8Array(await binary.arrayBuffer())]).toEqual([...Array(16).keys()]);

		const t0 = Date.now();
		expect(await json(await fetch(`${api.url}/slow?ms=150`, { headers: auth }))).toEqual({
			ok: true,
		});
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);

		const hop = await fetch(
			`${api.url}/redirect?to=${encodeURIComponent('http://example.invalid/x')}&status=307`,
			{
				headers: auth,
				redirect: 'manual',
			},
		);
		expect(hop.status).toBe(307);
		expect(hop.headers.get('location')).toBe('http://example.invalid/x');
		// The redirect endpoint checks the token like any other.
		expect((await fetch(`${api.url}/redirect?to=/me`, { redirect: 'manual' })).status).toBe(401);

		const missing = await fetch(`${api.url}/nope`, { headers: auth });
		expect(missing.status).toBe(404);
		expect(await json(missing)).toEqual({ error: 'not_found' });
		expect((await fetch(`${api.url}/nope`)).status).toBe(401); // token check comes first
	});

	it('counts payments as side effects, even when they then fail', async () => {
		const api = await start();
		const headers = { ...bearer(await loginToken(api)), 'content-type': 'application/json' };
		const ok = await fetch(`${api.url}/payments`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ amount: 12.5 }),
		});
		expect(ok.status).toBe(201);
		expect(await json(ok)).toEqual({ id: 'pay-1', amount: 12.5 });
		const failed = await fetch(`${api.url}/payments?fail=500`, {
			method: 'POST',
			headers,
			body: '{"amount":1}',
		});
		expect(failed.status).toBe(500);
		expect(await json(failed)).toEqual({ error: 'upstream failure' });
		expect(api.counters().sideEffects).toBe(2);
		api.revokeAll();
		expect(
			(await fetch(`${api.url}/payments`, { method: 'POST', headers, body: '{}' })).status,
		).toBe(401);
		expect(api.counters().sideEffects).toBe(2);
	});

	it('logs requests without admin calls', async () => {
		const api = await start();
		const token = await loginToken(api);
		await fetch(`${api.url}/me`, { headers: bearer(token) });
		await fetch(`${api.url}/me`);
		await fetch(`${api.url}/__mock/counters`);
		const log = api.requests().map(({ method, path, hadToken, tokenValid, status }) => ({
			method,
			path,
			hadToken,
			tokenValid,
			status,
		}));
		expect(log).toEqual([
			{ method: 'POST', path: '/login', hadToken: false, tokenValid: false, status: 200 },
			{ method: 'GET', path: '/me', hadToken: true, tokenValid: true, status: 200 },
			{ method: 'GET', path: '/me', hadToken: false, tokenValid: false, status: 401 },
		]);
		expect(api.counters().requests).toBe(3);
	});
});

describe('admin endpoints', () => {
	it('exposes counters, configure, revoke, expire and reset over HTTP', async () => {
		const api = await start();
		const admin = (path: string, body?: unknown) =>
			fetch(`${api.url}/__mock/${path}`, {
				method: body === undefined && path === 'counters' ? 'GET' : 'POST',
				headers: { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});

		const token = await loginToken(api);
		const counters = await json(await admin('counters'));
		expect(counters).toMatchObject({ logins: 1, requests: 1, issuedTokens: [token] });

		expect((await admin('configure', { expiredStatus: 419, username: 'bob' })).status).toBe(200);
		expect(api.options.expiredStatus).toBe(419);
		expect((await admin('configure', { nonsense: true })).status).toBe(400);
		expect(() => api.configure({ nonsense: 1 } as MockTokenApiOptions)).toThrow(/nonsense/);

		expect((await fetch(`${api.url}/me`, { headers: bearer(token) })).status).toBe(200);
		await admin('revoke', {});
		expect((await fetch(`${api.url}/me`, { headers: bearer(token) })).status).toBe(419);

		const fresh = await json(await loginJson(api, { username: 'bob', password: PASS }));
		await admin('expire', {});
		expect((await fetch(`${api.url}/me`, { headers: bearer(fresh.access_token) })).status).toBe(
			419,
		);

		await admin('reset', {});
		const after = await json(await admin('counters'));
		expect(after).toMatchObject({ logins: 0, requests: 0, rejectedCalls: 0, liveTokens: [] });
		expect(after.issuedTokens).toHaveLength(2);
		expect(api.requests()).toEqual([]);
	});
});

describe('capture server', () => {
	it('records method, path, headers and the raw URL', async () => {
		const capture = await startCaptureServer();
		open.push(capture);
		const res = await fetch(`${capture.url}/some/path?q=1`, {
			method: 'POST',
			headers: { authorization: 'Bearer secret', 'content-type': 'text/plain' },
			body: 'hi',
		});
		expect(await json(res)).toEqual({ ok: true });
		const [seen] = capture.requests();
		expect(seen).toMatchObject({
			method: 'POST',
			path: '/some/path',
			rawUrl: '/some/path?q=1',
			body: 'hi',
		});
		expect(seen?.headers.authorization).toBe('Bearer secret');
		capture.clear();
		expect(capture.requests()).toEqual([]);
	});
});
