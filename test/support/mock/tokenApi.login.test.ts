/** The mock token API's login: credentials, token and expiry in the answer, validity, throttling, misbehaviour. */
import { parsePath, readPath } from '../../../shared/engine/paths';
import { decodeJwt } from './jwt';
import { setPath } from './tokenApi';
import {
	basic,
	bearer,
	closeAll,
	json,
	loginJson,
	loginToken,
	PASS,
	start,
	USER,
} from './tokenApiClient';

afterEach(closeAll);

describe('dot paths', () => {
	it('builds nested objects and arrays at paths the engine parses and reads', () => {
		expect(parsePath('data.tokens[0].value', 'sessionPath')).toEqual([
			'data',
			'tokens',
			0,
			'value',
		]);
		const target: Record<string, unknown> = {};
		setPath(target, 'data.tokens[0].value', 't');
		setPath(target, 'data.expires', 5);
		expect(target).toEqual({ data: { tokens: [{ value: 't' }], expires: 5 } });
		expect(readPath(target, parsePath('data.tokens[0].value', 'sessionPath'))).toEqual({
			found: true,
			value: 't',
		});
		expect(readPath(target, parsePath('data.nope.x', 'sessionPath')).found).toBe(false);
		expect(() => setPath(target, 'a..b', 1)).toThrow();
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

	it("answers a wrong password as told (a JSON string, Parse's 404)", async () => {
		const api = await start({ wrongPasswordAnswer: { status: 400, body: 'Incorrect password' } });
		const wrong = await loginJson(api, { username: USER, password: 'nope' });
		expect(wrong.status).toBe(400);
		expect(wrong.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(await wrong.text()).toBe('"Incorrect password"');
		api.configure({
			wrongPasswordAnswer: {
				status: 404,
				body: { code: 101, error: 'Invalid username/password.' },
			},
		});
		const parse = await loginJson(api, { username: USER, password: 'nope' });
		expect(parse.status).toBe(404);
		expect(await json(parse)).toEqual({ code: 101, error: 'Invalid username/password.' });
		expect((await loginJson(api, { username: USER, password: PASS })).status).toBe(200);
		expect(api.counters()).toMatchObject({ logins: 1, failedLogins: 2 });
	});

	it('requires the apiHeaders on the login and on every call: 403 without them', async () => {
		const api = await start({ apiHeaders: { 'X-Parse-Application-Id': 'myApp' } });
		const app = { 'x-parse-application-id': 'myApp' };
		const without = await loginJson(api, { username: USER, password: PASS });
		expect(without.status).toBe(403);
		expect(await json(without)).toEqual({ error: 'unauthorized' });
		const login = await loginJson(api, { username: USER, password: PASS }, app);
		expect(login.status).toBe(200);
		const token = (await json(login)).access_token as string;
		expect((await fetch(`${api.url}/me`, { headers: bearer(token) })).status).toBe(403);
		expect((await fetch(`${api.url}/me`, { headers: { ...bearer(token), ...app } })).status).toBe(
			200,
		);
		expect(api.counters()).toMatchObject({
			logins: 1,
			failedLogins: 1,
			unauthenticatedCalls: 1,
			acceptedCalls: 1,
		});
	});

	it('writes Expires-In in its unit (Directus: milliseconds)', async () => {
		const api = await start({ advertisedLifetime: 120, expiresInUnit: 'milliseconds' });
		const login = async () =>
			(await json(await loginJson(api, { username: USER, password: PASS }))).expires_in as number;
		expect(await login()).toBe(120_000);
		api.configure({ expiresInUnit: 'minutes' });
		expect(await login()).toBe(2);
	});

	it('puts token and expiry at nested paths', async () => {
		const api = await start({
			sessionPath: 'data.tokens[0].value',
			expirySource: 'expiresAt',
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
		const api = await start({ expiresInAsString: true, advertisedLifetime: 60 });
		expect((await json(await loginJson(api, { username: USER, password: PASS }))).expires_in).toBe(
			'60',
		);
		api.configure({ expirySource: 'expiresAt' });
		const iso = (await json(await loginJson(api, { username: USER, password: PASS })))
			.expires_at as string;
		expect(Math.abs(Date.parse(iso) - (Date.now() + 60_000))).toBeLessThan(2000);
		api.configure({ expiresAtFormat: 'epochMillis' });
		const ms = (await json(await loginJson(api, { username: USER, password: PASS })))
			.expires_at as number;
		expect(Math.abs(ms - (Date.now() + 60_000))).toBeLessThan(2000);
		api.configure({ expirySource: 'none' });
		expect(await json(await loginJson(api, { username: USER, password: PASS }))).not.toHaveProperty(
			'expires_at',
		);
	});

	it('delivers the token in a header', async () => {
		const api = await start({ sessionSource: 'header', sessionHeaderName: 'X-Session' });
		const res = await loginJson(api, { username: USER, password: PASS });
		const token = res.headers.get('x-session') as string;
		expect(token).toMatch(/^tok_/);
		expect(await json(res)).toEqual({ ok: true, expires_in: 3600 });
		expect((await fetch(`${api.url}/me`, { headers: bearer(token) })).status).toBe(200);
	});

	it('delivers the token in a cookie after an unrelated one', async () => {
		const api = await start({ sessionSource: 'cookie', sendSessionAs: 'cookie' });
		const res = await loginJson(api, { username: USER, password: PASS });
		const cookies = res.headers.getSetCookie();
		expect(cookies[0]).toBe('tracking=abc; Path=/');
		expect(cookies[1]).toMatch(/^SESSIONID=tok_[0-9a-f]{40}; Path=\/; HttpOnly$/);
		const token = /^SESSIONID=([^;]+)/.exec(cookies[1] as string)?.[1] as string;
		const me = await fetch(`${api.url}/me`, {
			headers: { cookie: `tracking=abc; session=${token}` },
		});
		expect(me.status).toBe(200);
	});

	it('issues HS256 JWTs with sub, iat and exp', async () => {
		const api = await start({ tokenFormat: 'jwt', sessionLifetime: 120 });
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
		const api = await start({ sessionLifetime: 1, advertisedLifetime: 3600 });
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
		const api = await start({ refreshOnStatus: 403 });
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
		api.configure({ expirySource: 'expiresAt' });
		expect((await json(await login())).expires_at).toBe('not-a-date');

		expect(api.issuedTokens()).toHaveLength(2);
	});

	it('trickles a good login answer, 2 bytes every 2 s', async () => {
		const api = await start({ loginMisbehaviour: 'trickle' });
		const t0 = Date.now();
		const res = await loginJson(api, { username: USER, password: PASS });
		expect(res.status).toBe(200);
		const reader = (res.body as ReadableStream<Uint8Array>).getReader();
		const first = await reader.read();
		const second = await reader.read();
		expect(new TextDecoder().decode(first.value)).toBe('{"');
		expect(new TextDecoder().decode(second.value)).toBe('ac');
		expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
		await reader.cancel();
		expect(api.counters().logins).toBe(1);
	});
});
