// The real-server harness against the real servers: each one is installed on first use (Directus
// about 5 minutes, the others under a minute; cached after), started, logged in to, and its exact
// answers checked: login, wrong password, an authenticated read, expiry, refresh, logout, TOTP.
// Not part of `npm test` (the name does not end in .test.ts). Run it from the repository root with
//   npx jest --rootDir . --testMatch '**/realServers.smoke.ts' --testTimeout 1200000 --runInBand
// (about 45 s once installed). Parse Server needs Debian's PostgreSQL (/usr/lib/postgresql/<major>/bin;
// .ci/run installs it).
import { createHmac } from 'node:crypto';

import {
	ensureRealServer,
	JSON_SERVER_AUTH_SECRET,
	msLeftInStep,
	request,
	startCountingFront,
	startDirectus,
	startJsonServerAuth,
	startParseServer,
	totp,
	type CountingFront,
	type DirectusServer,
	type JsonServerAuthServer,
	type ParseServerInstance,
	type RealServerName,
} from './index';

const HOOK_TIMEOUT = 20 * 60_000;

function note(line: string): void {
	process.stderr.write(`[realServers.smoke] ${line}\n`);
}

async function timed<T>(what: string, run: () => Promise<T>): Promise<T> {
	const started = Date.now();
	const result = await run();
	note(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return result;
}

async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

async function install(name: RealServerName): Promise<void> {
	await timed(
		`install ${name} (cached after the first time)`,
		async () => await ensureRealServer(name),
	);
}

/** A JWT's payload, unverified. */
function jwtPayload(token: string): Record<string, unknown> {
	const part = token.split('.')[1] ?? '';
	return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

describe('TOTP codes', () => {
	it('match RFC 6238 (SHA-1 test vectors, last 6 digits)', () => {
		// "12345678901234567890" in base32
		const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
		expect(totp(secret, 59_000)).toBe('287082');
		expect(totp(secret, 1_111_111_109_000)).toBe('081804');
		expect(totp(secret, 1_234_567_890_000)).toBe('005924');
		expect(totp(secret, 20_000_000_000_000)).toBe('353130');
	});
});

describe('json-server-auth', () => {
	let server: JsonServerAuthServer;
	let front: CountingFront;

	beforeAll(async () => {
		await install('json-server-auth');
		server = await timed(
			'start json-server-auth',
			async () => await startJsonServerAuth({ tokenTtl: '3s' }),
		);
		front = await startCountingFront(server.url, { loginPath: '/login' });
	}, HOOK_TIMEOUT);
	afterAll(async () => {
		await front?.close();
		await server?.close();
	});

	it('logs in: 200 {accessToken, user} with an HS256 JWT (sub = user id, exp = iat + tokenTtl)', async () => {
		const answer = await server.login();
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(Object.keys(answer.json).sort()).toEqual(['accessToken', 'user']);
		expect(answer.json.user).toEqual({ email: server.email, id: server.userId });
		const token = answer.json.accessToken as string;
		const [header] = token.split('.');
		expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
			alg: 'HS256',
			typ: 'JWT',
		});
		const payload = jwtPayload(token);
		expect(payload).toEqual({
			email: server.email,
			iat: expect.any(Number),
			exp: expect.any(Number),
			sub: String(server.userId),
		});
		expect((payload.exp as number) - (payload.iat as number)).toBe(3);
		// signed with json-server-auth's fixed key
		const [h, p, signature] = token.split('.');
		expect(
			createHmac('sha256', JSON_SERVER_AUTH_SECRET).update(`${h}.${p}`).digest('base64url'),
		).toBe(signature);
	});

	it('answers a wrong password 400 "Incorrect password" (a JSON string) and an unknown user 400 "Cannot find user"', async () => {
		const wrong = await server.login({ password: 'wrong-password' });
		expect(wrong.status).toBe(400);
		expect(wrong.text).toBe('"Incorrect password"');
		expect(wrong.headers['content-type']).toBe('application/json; charset=utf-8');
		const unknown = await server.login({ email: 'nobody@example.com' });
		expect([unknown.status, unknown.text]).toEqual([400, '"Cannot find user"']);
		const missing = await request('POST', `${server.url}/login`, { body: { email: server.email } });
		expect([missing.status, missing.text]).toEqual([400, '"Email and password are required"']);
	});

	it('guards /items (660): 200 with the Bearer token, 401 JSON strings without it, with a bad one, or expired', async () => {
		const token = (await server.login()).json.accessToken as string;
		const read = await request('GET', `${server.url}/items`, { headers: bearer(token) });
		expect(read.status).toBe(200);
		expect(read.json).toEqual([{ id: 1, name: 'first item' }]);
		const cases: Array<[Record<string, string>, string]> = [
			[{}, '"Missing authorization header"'],
			[{ authorization: `Token ${token}` }, '"Incorrect authorization scheme"'],
			[{ authorization: `bearer ${token}` }, '"Incorrect authorization scheme"'],
			[bearer('garbage'), '"jwt malformed"'],
			[bearer(`${token.slice(0, -2)}xx`), '"invalid signature"'],
		];
		for (const [headers, body] of cases) {
			const answer = await request('GET', `${server.url}/items`, { headers });
			expect([answer.status, answer.text]).toEqual([401, body]);
		}
		// anyone may read /public (444)
		expect((await request('GET', `${server.url}/public`)).status).toBe(200);
		const exp = jwtPayload(token).exp as number;
		await sleep(exp * 1000 - Date.now() + 1_100);
		const expired = await request('GET', `${server.url}/items`, { headers: bearer(token) });
		expect([expired.status, expired.text]).toEqual([401, '"jwt expired"']);
	});

	it('changes a password through PATCH /users/:id (hashed by json-server-auth)', async () => {
		const user = await server.createUser({ email: 'bob@example.com', password: 'bob-pw-1' });
		expect(user.id).toBe(server.userId + 1);
		await server.setPassword('bob-pw-2', 'bob@example.com');
		expect((await server.login({ email: 'bob@example.com', password: 'bob-pw-1' })).text).toBe(
			'"Incorrect password"',
		);
		expect((await server.login({ email: 'bob@example.com', password: 'bob-pw-2' })).status).toBe(
			200,
		);
	});

	it('behind the counting front: same bytes, every request recorded', async () => {
		front.reset();
		const login = await request('POST', `${front.url}/login`, {
			body: { email: server.email, password: server.password },
		});
		expect(login.status).toBe(200);
		const token = login.json.accessToken as string;
		const viaFront = await request('GET', `${front.url}/items`, { headers: bearer(token) });
		const direct = await request('GET', `${server.url}/items`, { headers: bearer(token) });
		expect(viaFront.text).toBe(direct.text);
		expect(viaFront.headers['content-length']).toBe(direct.headers['content-length']);
		expect(viaFront.headers.etag).toBe(direct.headers.etag);
		await request('GET', `${front.url}/items?_limit=1`);
		expect(front.logins()).toBe(1);
		expect(front.requests()).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: '/login',
				status: 200,
				authorization: false,
				tokenHeaders: [],
			}),
			expect.objectContaining({
				method: 'GET',
				path: '/items',
				status: 200,
				authorization: true,
				authScheme: 'Bearer',
				tokenHeaders: ['authorization'],
			}),
			expect.objectContaining({
				method: 'GET',
				path: '/items?_limit=',
				pathname: '/items',
				status: 401,
				authorization: false,
			}),
		]);
		expect(front.rejected().map((entry) => entry.status)).toEqual([401]);
	});
});

describe('Directus', () => {
	let server: DirectusServer;
	let front: CountingFront;
	const INVALID_CREDENTIALS =
		'{"errors":[{"message":"Invalid user credentials.","extensions":{"code":"INVALID_CREDENTIALS"}}]}';

	beforeAll(async () => {
		await install('directus');
		server = await timed(
			'start directus (bootstrap + start)',
			async () => await startDirectus({ accessTokenTtl: '4s', refreshTokenTtl: '1h' }),
		);
		front = await startCountingFront(server.url, { loginPath: '/auth/login' });
	}, HOOK_TIMEOUT);
	afterAll(async () => {
		await front?.close();
		await server?.close();
	});

	it('logs in: 200 {data: {expires (ms), refresh_token, access_token}}', async () => {
		const answer = await server.login();
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(answer.headers['set-cookie']).toBeUndefined();
		expect(answer.json).toEqual({
			data: { expires: 4000, refresh_token: expect.any(String), access_token: expect.any(String) },
		});
		const payload = jwtPayload(answer.json.data.access_token as string);
		expect(payload).toEqual(
			expect.objectContaining({
				id: server.userId,
				role: server.adminRoleId,
				app_access: true,
				admin_access: true,
				iss: 'directus',
			}),
		);
		expect((payload.exp as number) - (payload.iat as number)).toBe(4);
		expect(answer.json.data.refresh_token).toMatch(/^[A-Za-z0-9_-]{64}$/);
	});

	it('answers a wrong password and an unknown user 401 INVALID_CREDENTIALS, a missing password 400', async () => {
		const wrong = await server.login({ password: 'wrong-password' });
		expect([wrong.status, wrong.text]).toEqual([401, INVALID_CREDENTIALS]);
		const unknown = await server.login({ email: 'nobody@example.com' });
		expect([unknown.status, unknown.text]).toEqual([401, INVALID_CREDENTIALS]);
		const missing = await request('POST', `${server.url}/auth/login`, {
			body: { email: server.email },
		});
		expect([missing.status, missing.text]).toEqual([
			400,
			'{"errors":[{"message":"Invalid payload. \\"password\\" is required.","extensions":{"reason":"\\"password\\" is required","code":"INVALID_PAYLOAD"}}]}',
		]);
	});

	it('reads /users/me with the Bearer token; expired 401 TOKEN_EXPIRED; bad signature 403 INVALID_TOKEN; none 401', async () => {
		const token = (await server.login()).json.data.access_token as string;
		const me = await request('GET', `${server.url}/users/me`, { headers: bearer(token) });
		expect(me.status).toBe(200);
		expect(me.json.data).toEqual(
			expect.objectContaining({
				id: server.userId,
				email: server.email,
				password: '**********',
				tfa_secret: null,
			}),
		);
		const query = await request('GET', `${server.url}/users/me?fields=id&access_token=${token}`);
		expect([query.status, query.text]).toEqual([200, `{"data":{"id":"${server.userId}"}}`]);
		const none = await request('GET', `${server.url}/users/me`);
		expect([none.status, none.text]).toEqual([401, INVALID_CREDENTIALS]);
		const notJwt = await request('GET', `${server.url}/users/me`, { headers: bearer('garbage') });
		expect([notJwt.status, notJwt.text]).toEqual([401, INVALID_CREDENTIALS]);
		const badSignature = await request('GET', `${server.url}/users/me`, {
			headers: bearer(`${token.slice(0, -2)}xx`),
		});
		expect([badSignature.status, badSignature.text]).toEqual([
			403,
			'{"errors":[{"message":"Invalid token.","extensions":{"code":"INVALID_TOKEN"}}]}',
		]);
		await sleep((jwtPayload(token).exp as number) * 1000 - Date.now() + 1_100);
		const expired = await request('GET', `${server.url}/users/me`, { headers: bearer(token) });
		expect([expired.status, expired.text]).toEqual([
			401,
			'{"errors":[{"message":"Token expired.","extensions":{"code":"TOKEN_EXPIRED"}}]}',
		]);
	});

	it('refreshes with POST /auth/refresh {refresh_token, mode: json}: a new pair, the old refresh token then 401', async () => {
		const first = (await server.login()).json.data as {
			refresh_token: string;
			access_token: string;
		};
		const refreshed = await request('POST', `${server.url}/auth/refresh`, {
			body: { refresh_token: first.refresh_token, mode: 'json' },
		});
		expect(refreshed.status).toBe(200);
		expect(refreshed.json).toEqual({
			data: { expires: 4000, refresh_token: expect.any(String), access_token: expect.any(String) },
		});
		expect(refreshed.json.data.refresh_token).not.toBe(first.refresh_token);
		const again = await request('POST', `${server.url}/auth/refresh`, {
			body: { refresh_token: first.refresh_token, mode: 'json' },
		});
		expect([again.status, again.text]).toEqual([401, INVALID_CREDENTIALS]);
		const empty = await request('POST', `${server.url}/auth/refresh`, { body: {} });
		expect(empty.status).toBe(400);
		expect(empty.json.errors[0].extensions.code).toBe('INVALID_PAYLOAD');
	});

	it('logs out with POST /auth/logout {refresh_token}: 204; the refresh token is dead, the access token lives until it expires', async () => {
		const tokens = (await server.login()).json.data as {
			refresh_token: string;
			access_token: string;
		};
		const logout = await request('POST', `${server.url}/auth/logout`, {
			body: { refresh_token: tokens.refresh_token },
		});
		expect([logout.status, logout.text]).toEqual([204, '']);
		const refresh = await request('POST', `${server.url}/auth/refresh`, {
			body: { refresh_token: tokens.refresh_token, mode: 'json' },
		});
		expect([refresh.status, refresh.text]).toEqual([401, INVALID_CREDENTIALS]);
		expect(
			(await request('GET', `${server.url}/users/me`, { headers: bearer(tokens.access_token) }))
				.status,
		).toBe(200);
		const bearerOnly = await request('POST', `${server.url}/auth/logout`, {
			headers: bearer(tokens.access_token),
		});
		expect(bearerOnly.status).toBe(400);
	});

	it('cookie mode: the refresh token comes as Set-Cookie, passed through the front unchanged', async () => {
		const direct = await server.login({ mode: 'cookie' });
		expect(direct.status).toBe(200);
		expect(Object.keys(direct.json.data).sort()).toEqual(['access_token', 'expires']);
		expect(direct.headers['set-cookie']).toEqual([
			expect.stringMatching(
				/^directus_refresh_token=[A-Za-z0-9_-]{64}; Max-Age=3600; Path=\/; Expires=.+; HttpOnly; SameSite=Lax$/,
			),
		]);
		front.reset();
		const viaFront = await request('POST', `${front.url}/auth/login`, {
			body: { email: server.email, password: server.password, mode: 'cookie' },
		});
		expect(viaFront.headers['set-cookie']).toEqual([
			expect.stringMatching(
				/^directus_refresh_token=[A-Za-z0-9_-]{64}; Max-Age=3600; Path=\/; Expires=.+; HttpOnly; SameSite=Lax$/,
			),
		]);
		const cookie = (viaFront.headers['set-cookie'] as string[])[0].split(';')[0];
		const refreshed = await request('POST', `${front.url}/auth/refresh`, {
			headers: { cookie },
			body: { mode: 'cookie' },
		});
		expect(refreshed.status).toBe(200);
		expect(front.logins()).toBe(1);
		expect(
			front.requests().map((entry) => [entry.method, entry.path, entry.status, entry.tokenHeaders]),
		).toEqual([
			['POST', '/auth/login', 200, []],
			['POST', '/auth/refresh', 200, ['cookie']],
		]);
	});

	it('a user without a role logs in; /users/me then shows only its id', async () => {
		const user = await server.createUser({ email: 'bob@example.com', password: 'bob-pw-123' });
		const login = await server.login({ email: user.email, password: user.password });
		expect(login.status).toBe(200);
		const me = await request('GET', `${server.url}/users/me`, {
			headers: bearer(login.json.data.access_token),
		});
		expect([me.status, me.text]).toEqual([200, `{"data":{"id":"${user.id}"}}`]);
		await server.setPassword('bob-pw-456', user.email);
		expect((await server.login({ email: user.email, password: user.password })).status).toBe(401);
		expect((await server.login({ email: user.email, password: 'bob-pw-456' })).status).toBe(200);
	});

	it('TOTP: enabled through /users/me/tfa/generate + enable; then login needs the current otp (401 INVALID_OTP without)', async () => {
		const { secret } = await server.enableTotp();
		expect(secret).toMatch(/^[A-Z2-7]{16}$/);
		const INVALID_OTP =
			'{"errors":[{"message":"Invalid user OTP.","extensions":{"code":"INVALID_OTP"}}]}';
		const without = await server.login();
		expect([without.status, without.text]).toEqual([401, INVALID_OTP]);
		const wrongOtp = await server.login({ otp: totp(secret, Date.now() - 120_000) });
		expect([wrongOtp.status, wrongOtp.text]).toEqual([401, INVALID_OTP]);
		// Directus takes the current 30 s step's code only: start the next logins well inside a step
		if (msLeftInStep() < 5_000) await sleep(msLeftInStep() + 100);
		const wrongPassword = await server.login({ password: 'wrong-password', otp: server.otp() });
		expect([wrongPassword.status, wrongPassword.text]).toEqual([401, INVALID_CREDENTIALS]);
		const numeric = await server.login({ otp: Number(server.otp()) as unknown as string });
		expect(numeric.status).toBe(400);
		const withOtp = await server.login({ otp: server.otp() });
		expect(withOtp.status).toBe(200);
		expect(withOtp.json.data.expires).toBe(4000);
		const me = await request('GET', `${server.url}/users/me?fields=id,tfa_secret`, {
			headers: bearer(withOtp.json.data.access_token),
		});
		expect(me.json.data).toEqual({ id: server.userId, tfa_secret: '**********' });
		// the harness's own helpers keep working: they add the code
		expect(await server.accessToken()).toEqual(expect.any(String));
		await server.disableTotp();
		expect((await server.login()).status).toBe(200);
	});
});

describe('Parse Server', () => {
	let server: ParseServerInstance;
	let front: CountingFront;
	const INVALID_LOGIN = '{"code":101,"error":"Invalid username/password."}';
	const INVALID_SESSION = '{"code":209,"error":"Invalid session token"}';

	beforeAll(async () => {
		await install('parse-server');
		server = await timed(
			'start parse-server (PostgreSQL + parse-server)',
			async () => await startParseServer({ sessionLength: 4 }),
		);
		front = await startCountingFront(server.url, { loginPath: '/login' });
	}, HOOK_TIMEOUT);
	afterAll(async () => {
		await front?.close();
		await server?.close();
	});

	it('logs in: 200 with the user and sessionToken, no expiry; GET /login?username=&password= too', async () => {
		const answer = await server.login();
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(answer.json).toEqual({
			objectId: server.userId,
			createdAt: expect.any(String),
			updatedAt: expect.any(String),
			username: server.username,
			email: server.email,
			ACL: { [server.userId]: { read: true, write: true } },
			sessionToken: expect.stringMatching(/^r:[0-9a-f]{32}$/),
		});
		const query = `username=${encodeURIComponent(server.username)}&password=${encodeURIComponent(server.password)}`;
		const viaGet = await request('GET', `${server.url}/login?${query}`, {
			headers: { ...server.headers(), 'x-parse-revocable-session': '1' },
		});
		expect(viaGet.status).toBe(200);
		expect(viaGet.json.sessionToken).toMatch(/^r:[0-9a-f]{32}$/);
		expect(viaGet.json.sessionToken).not.toBe(answer.json.sessionToken);
	});

	it('answers a wrong password and an unknown user 404 {"code":101}; a missing app id 403 {"error":"unauthorized"}', async () => {
		const wrong = await server.login({ password: 'wrong-password' });
		expect([wrong.status, wrong.text]).toEqual([404, INVALID_LOGIN]);
		const unknown = await server.login({ username: 'nobody' });
		expect([unknown.status, unknown.text]).toEqual([404, INVALID_LOGIN]);
		const noAppId = await request('POST', `${server.url}/login`, {
			body: { username: server.username, password: server.password },
		});
		expect([noAppId.status, noAppId.text]).toEqual([403, '{"error":"unauthorized"}']);
		// a form body logs in too; JSON sent as a form (curl -d without a content type) has no fields
		const form = await request('POST', `${server.url}/login`, {
			headers: { ...server.headers(), 'content-type': 'application/x-www-form-urlencoded' },
			body: `username=${server.username}&password=${server.password}`,
		});
		expect(form.status).toBe(200);
		const jsonAsForm = await request('POST', `${server.url}/login`, {
			headers: { ...server.headers(), 'content-type': 'application/x-www-form-urlencoded' },
			body: JSON.stringify({ username: server.username, password: server.password }),
		});
		expect([jsonAsForm.status, jsonAsForm.text]).toEqual([
			400,
			'{"code":200,"error":"username/email is required."}',
		]);
	});

	it('reads /users/me with X-Parse-Session-Token (it echoes the token); invalid 400 {"code":209}; expired after sessionLength', async () => {
		const token = (await server.login()).json.sessionToken as string;
		const me = await request('GET', `${server.url}/users/me`, { headers: server.headers(token) });
		expect(me.status).toBe(200);
		expect(me.json).toEqual(
			expect.objectContaining({
				objectId: server.userId,
				username: server.username,
				sessionToken: token,
			}),
		);
		const session = await request('GET', `${server.url}/sessions/me`, {
			headers: server.headers(token),
		});
		expect(session.status).toBe(200);
		const lifetime = Date.parse(session.json.expiresAt.iso) - Date.parse(session.json.createdAt);
		expect(lifetime).toBe(4000);
		expect(session.json.createdWith).toEqual({ action: 'login', authProvider: 'password' });
		const invalid = await request('GET', `${server.url}/users/me`, {
			headers: server.headers('r:00000000000000000000000000000000'),
		});
		expect([invalid.status, invalid.text]).toEqual([400, INVALID_SESSION]);
		const none = await request('GET', `${server.url}/users/me`, { headers: server.headers() });
		expect([none.status, none.text]).toEqual([400, '{"code":209,"error":"Permission denied"}']);
		await sleep(Date.parse(session.json.expiresAt.iso) - Date.now() + 1_100);
		const expired = await request('GET', `${server.url}/users/me`, {
			headers: server.headers(token),
		});
		expect([expired.status, expired.text]).toEqual([
			400,
			'{"code":209,"error":"Session token is expired."}',
		]);
	});

	it('logs out with POST /logout: 200 {}; the token is then invalid; revoked sessions too', async () => {
		const token = (await server.login()).json.sessionToken as string;
		const logout = await request('POST', `${server.url}/logout`, {
			headers: server.headers(token),
		});
		expect([logout.status, logout.text]).toEqual([200, '{}']);
		const after = await request('GET', `${server.url}/users/me`, {
			headers: server.headers(token),
		});
		expect([after.status, after.text]).toEqual([400, INVALID_SESSION]);
		const again = await request('POST', `${server.url}/logout`, { headers: server.headers(token) });
		expect([again.status, again.text]).toEqual([400, INVALID_SESSION]);
		const second = (await server.login()).json.sessionToken as string;
		expect(await server.revokeSessions()).toBeGreaterThanOrEqual(1);
		const revoked = await request('GET', `${server.url}/users/me`, {
			headers: server.headers(second),
		});
		expect([revoked.status, revoked.text]).toEqual([400, INVALID_SESSION]);
	});

	it('a new password through the master key: the old one is refused, the new one logs in, older sessions are revoked', async () => {
		const before = (await server.login()).json.sessionToken as string;
		await server.setPassword('parse-pw-2');
		expect((await server.login({ password: 'parse-pw-1' })).text).toBe(INVALID_LOGIN);
		expect((await server.login()).status).toBe(200);
		const old = await request('GET', `${server.url}/users/me`, { headers: server.headers(before) });
		expect([old.status, old.text]).toEqual([400, INVALID_SESSION]);
	});

	it('behind the counting front: the session-token header is recorded, the answers unchanged', async () => {
		front.reset();
		const login = await request('POST', `${front.url}/login`, {
			headers: server.headers(),
			body: { username: server.username, password: server.password },
		});
		expect(login.status).toBe(200);
		const token = login.json.sessionToken as string;
		expect(
			(await request('GET', `${front.url}/users/me`, { headers: server.headers(token) })).json
				.sessionToken,
		).toBe(token);
		await request('GET', `${front.url}/users/me`, { headers: server.headers('r:bogus') });
		await request('GET', `${front.url}/login?username=${server.username}&password=wrong`, {
			headers: server.headers(),
		});
		expect(front.logins()).toBe(2);
		expect(front.logins('/parse/login')).toBe(2);
		expect(
			front
				.requests()
				.map((entry) => [
					entry.method,
					entry.path,
					entry.status,
					entry.sessionToken,
					entry.tokenHeaders,
				]),
		).toEqual([
			['POST', '/parse/login', 200, false, []],
			['GET', '/parse/users/me', 200, true, ['x-parse-session-token']],
			['GET', '/parse/users/me', 400, true, ['x-parse-session-token']],
			['GET', '/parse/login?username=&password=', 404, false, []],
		]);
		expect(front.rejected().map((entry) => entry.status)).toEqual([400, 404]);
	});
});
