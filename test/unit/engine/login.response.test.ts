import {
	isLoginRefusal,
	LoginTokenError,
	loginScope,
	readLoginResponse,
	type HttpResponse,
} from '../../../shared/engine';
import { config, NOW, PASSWORD, thrown } from '../fixtures';

function ok(
	body: unknown,
	headers: Record<string, unknown> = { 'content-type': 'application/json' },
): HttpResponse {
	return { statusCode: 200, headers, body };
}

const failure = (c: ReturnType<typeof config>, response: HttpResponse) =>
	thrown<LoginTokenError>(() => readLoginResponse(c, response, NOW));
/** The error of config()'s login answered so (with this content type, when one is given). */
const answered = (
	statusCode: number,
	contentType: string | undefined,
	body: unknown,
	headers: HttpResponse['headers'] = {},
) =>
	failure(config(), {
		statusCode,
		headers: contentType ? { 'content-type': contentType, ...headers } : headers,
		body,
	});

describe('readLoginResponse: where the token is', () => {
	it('reads the default body path and scopes the token to the login', () => {
		const state = readLoginResponse(config(), ok({ access_token: 'tok-1', expires_in: 3600 }), NOW);
		expect(state).toEqual({
			token: 'tok-1',
			expiresAt: NOW + 3_600_000,
			obtainedAt: NOW,
			scope: loginScope(config()),
		});
	});

	it('reads a nested body path with indexes, and JSON sent as text', () => {
		const c = config({ sessionPath: 'data.sessions[0].token' });
		expect(
			readLoginResponse(
				c,
				ok(JSON.stringify({ data: { sessions: [{ token: 'tok-2' }] } }), {
					'content-type': 'text/plain',
				}),
				NOW,
			).token,
		).toBe('tok-2');
		expect(
			readLoginResponse(
				c,
				ok(Buffer.from(JSON.stringify({ data: { sessions: [{ token: 'tok-3' }] } }))),
				NOW,
			).token,
		).toBe('tok-3');
	});

	it('reads a header, case-insensitively, dropping a Bearer prefix', () => {
		const c = config({ sessionSource: 'header', sessionHeaderName: 'X-Auth-Token' });
		expect(readLoginResponse(c, ok({}, { 'x-auth-token': 'Bearer tok-4' }), NOW).token).toBe(
			'tok-4',
		);
	});

	it('reads a cookie among several Set-Cookie headers, raw', () => {
		const c = config({ sessionSource: 'cookie', sessionCookieName: 'SESSIONID' });
		const response = ok(
			{ ok: true },
			{ 'set-cookie': ['tracking=abc; Path=/', 'SESSIONID=a%2Bb+c/=; Path=/; HttpOnly'] },
		);
		expect(readLoginResponse(c, response, NOW).token).toBe('a%2Bb+c/=');
	});
});

describe('readLoginResponse: errors say which field and what came back, never values', () => {
	it("login refused: method, full URL, the provider's own words (scrubbed) and what to check", () => {
		const error = answered(401, 'application/json', {
			error: 'invalid_grant',
			error_description: 'Bad credentials for alice',
		});
		expect(error.kind).toBe('loginRefused');
		expect(error.loginStatus).toBe(401);
		expect(error.message).toBe(
			'Login refused: POST https://api.example-bank.com/login answered HTTP 401 with "Bad credentials for [redacted]" (invalid_grant). Check Username, Password and Send Credentials As (now: JSON Body).',
		);
		expect(error.description).toBe(
			'Content type application/json; the response had keys: error, error_description.',
		);
	});

	it('login refused without any text: the request and what to check', () => {
		const error = failure(config({ loginCredentialsIn: 'basicAuth' }), {
			statusCode: 403,
			headers: {},
			body: '',
		});
		expect(error.message).toBe(
			'Login refused: POST https://api.example-bank.com/login answered HTTP 403. Check Username, Password and Send Credentials As (now: Basic Auth Header).',
		);
	});

	it('a GET login shows its query by names only: the values are the username and password', () => {
		const login = { loginMethod: 'GET', loginUrl: '/auth?app=web', usernameField: 'user' };
		const error = failure(config({ ...login, loginBody: '{"client_id":"c-1"}' }), {
			statusCode: 401,
			headers: { 'content-type': 'text/plain' },
			body: 'no such user: alice',
		});
		expect(error.message).toBe(
			'Login refused: GET https://api.example-bank.com/auth?app=…&client_id=…&user=…&password=… answered HTTP 401 with "no such user: [redacted]". Check Username, Password and Send Credentials As (now: JSON Body).',
		);
		expect(error.message).not.toContain('c-1');
		expect(error.message).not.toContain('web');
	});

	it("rate limited, with Retry-After and the provider's text", () => {
		const error = answered(429, undefined, { message: 'Too many logins' }, { 'retry-after': '30' });
		expect(error.message).toBe(
			'Login rate-limited: POST https://api.example-bank.com/login answered HTTP 429 (Retry-After: 30) with "Too many logins". The provider limits how often you may log in.',
		);
		expect(error.description).toBe(
			'A token is reused until it nears expiry, so this usually means many credentials or workflows log in as the same user, or the token is rejected right after login (check Advanced Settings > Expired-Token Status Codes). Content type none; the response had keys: message.',
		);
	});

	it('server error, with its text, content type and keys', () => {
		const error = answered(500, 'application/json; charset=utf-8', { error: 'boom' });
		expect(error.kind).toBe('loginFailed');
		expect(error.message).toBe(
			'Login failed: POST https://api.example-bank.com/login answered HTTP 500 with "boom".',
		);
		expect(error.description).toBe('Content type application/json; the response had keys: error.');
	});

	it('a 400 is a refusal and points at the body fields, Advanced Settings included', () => {
		const error = answered(400, 'application/json', {
			error: 'invalid_request',
			error_description: 'Missing credentials',
		});
		expect(error.message).toBe(
			'Login refused: POST https://api.example-bank.com/login answered HTTP 400 with "Missing credentials" (invalid_request). Check Username, Password, Username Field, Password Field and Advanced Settings > Extra Login Body.',
		);
	});

	it('an HTML error page gives no text, only its shape', () => {
		const error = answered(502, 'text/html', '<html><body>Bad gateway</body></html>');
		expect(error.message).toBe(
			'Login failed: POST https://api.example-bank.com/login answered HTTP 502.',
		);
		expect(error.description).toBe(
			'Content type text/html; the response was not JSON (37 characters).',
		);
	});

	it('redirect without token: where it pointed, without the query values', () => {
		const error = answered(302, undefined, '', { location: '/home?ticket=abc123' });
		expect(error.field).toBe('loginUrl');
		expect(error.message).toBe(
			'Login answered a redirect without the token: POST https://api.example-bank.com/login answered HTTP 302 to https://api.example-bank.com/home?ticket=…. Set Login URL to the address that answers the login itself, or, for a cookie login, choose Token Location: Cookie with the cookie name the provider sets.',
		);
	});

	it('token path missing: where the path stops and the keys there', () => {
		const error = failure(
			config({ sessionPath: 'data.session.token' }),
			ok({ data: { session: { id: 7, user: 'alice' } }, status: 'ok' }),
		);
		expect(error.kind).toBe('tokenMissing');
		expect(error.field).toBe('sessionPath');
		expect(error.message).toBe(
			'Token Path: not found in the login response (the path stops after data.session, which has keys: id, user)',
		);
	});

	it('an HTML login page instead of JSON', () => {
		const error = failure(
			config(),
			ok('<html>Login page</html>', { 'content-type': 'text/html; charset=utf-8' }),
		);
		expect(error.message).toBe(
			'Token Path: the login response is not JSON (HTTP 200, content type text/html), so the token cannot be read from a body path',
		);
	});

	it('the token is an object, not text', () => {
		const error = failure(config(), ok({ access_token: { value: 'x' } }));
		expect(error.message).toMatch(/holds keys: value there, not a token text/);
	});

	it('missing header lists the header names present', () => {
		const error = failure(
			config({ sessionSource: 'header', sessionHeaderName: 'X-Token' }),
			ok({}, { 'content-type': 'application/json', 'X-Request-Id': 'r1' }),
		);
		expect(error.field).toBe('sessionHeaderName');
		expect(error.message).toContain('headers present: content-type, x-request-id');
		expect(error.message).not.toContain('r1');
	});

	it('missing cookie lists the cookie names set', () => {
		const error = failure(
			config({ sessionSource: 'cookie', sessionCookieName: 'SESSIONID' }),
			ok({}, { 'set-cookie': ['tracking=abc'] }),
		);
		expect(error.field).toBe('sessionCookieName');
		expect(error.message).toContain('cookies set: tracking');
		expect(error.message).not.toContain('abc');
	});

	it('never contains the password, even when the provider echoes it in its error text', () => {
		for (const body of [
			{ echo: PASSWORD },
			{ message: `wrong password ${PASSWORD}` },
			`bad login alice:${PASSWORD}`,
			{ error: { message: `auth ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}` } },
		]) {
			for (const loginCredentialsIn of ['jsonBody', 'basicAuth']) {
				const error = failure(config({ loginCredentialsIn }), {
					statusCode: 400,
					headers: { 'content-type': 'text/plain' },
					body,
				});
				const shown = JSON.stringify({ m: error.message, d: error.description });
				expect(shown).not.toContain(PASSWORD);
				expect(shown).not.toContain(Buffer.from(`alice:${PASSWORD}`).toString('base64'));
			}
		}
	});
});

describe('readLoginResponse: issue 14 (defects 1, 3 and 7)', () => {
	it('every 4xx but 408, 425 and 429 is a refusal', () => {
		for (const status of [400, 401, 403, 404, 405, 409, 410, 418, 422, 451, 499])
			expect(isLoginRefusal(status)).toBe(true);
		for (const status of [399, 408, 425, 429, 500, 503]) expect(isLoginRefusal(status)).toBe(false);
	});

	it.each([
		[
			400,
			'Check Username, Password, Username Field, Password Field and Advanced Settings > Extra Login Body.',
		],
		[
			422,
			'Check Username, Password, Username Field, Password Field and Advanced Settings > Extra Login Body.',
		],
		[404, 'Check Username, Password, Login URL and Advanced Settings > Login Method.'],
		[405, 'Check Username, Password, Login URL and Advanced Settings > Login Method.'],
		[401, 'Check Username, Password and Send Credentials As (now: JSON Body).'],
	])('a %i names the fields that status points at', (status, advice) => {
		const error = answered(status, 'application/json', 'Incorrect password');
		expect(error.kind).toBe('loginRefused');
		expect(error.message).toBe(
			`Login refused: POST https://api.example-bank.com/login answered HTTP ${status} with "Incorrect password". ${advice}`,
		);
	});

	it('a 400 of a Basic-auth login points at Send Credentials As, not the body fields', () => {
		const error = failure(config({ loginCredentialsIn: 'basicAuth' }), {
			statusCode: 400,
			headers: {},
			body: '',
		});
		expect(error.message).toBe(
			'Login refused: POST https://api.example-bank.com/login answered HTTP 400. Check Username, Password, Send Credentials As (now: Basic Auth Header) and Advanced Settings > Extra Login Body.',
		);
	});

	it('a token that is also a key of the answer is not in the error, whole or in part', () => {
		const long = `tok_${'0123456789abcdef'.repeat(3)}`;
		const error = failure(
			config({ expirySource: 'expiresIn' }),
			ok({ access_token: long, [long]: 1 }),
		);
		expect(error.message).toBe(
			'Expires-In Path: not found in the login response (the path stops after (top level), which has keys: access_token, (a key of 52 characters))',
		);
		const short = 'tok-short-0123';
		expect(
			failure(config({ expirySource: 'expiresIn' }), ok({ access_token: short, [short]: 1 }))
				.message,
		).toBe(
			'Expires-In Path: not found in the login response (the path stops after (top level), which has keys: access_token, [redacted])',
		);
	});
});
