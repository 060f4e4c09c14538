import {
	LoginTokenError,
	loginScope,
	readLoginResponse,
	type HttpResponse,
} from '../../shared/engine';
import { config, PASSWORD, thrown } from './fixtures';

const NOW = Date.parse('2026-01-01T10:00:00Z');

function ok(
	body: unknown,
	headers: Record<string, unknown> = { 'content-type': 'application/json' },
): HttpResponse {
	return { statusCode: 200, headers, body };
}

const failure = (c: ReturnType<typeof config>, response: HttpResponse) =>
	thrown<LoginTokenError>(() => readLoginResponse(c, response, NOW));

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
	it('login refused', () => {
		const error = failure(config(), {
			statusCode: 401,
			headers: {},
			body: { error: 'invalid_grant', error_description: 'Bad credentials for alice' },
		});
		expect(error.kind).toBe('loginRefused');
		expect(error.loginStatus).toBe(401);
		expect(error.message).toBe('Login refused: the provider answered HTTP 401 to POST Login URL');
		expect(error.description).toContain('keys: error, error_description');
		expect(`${error.message} ${error.description}`).not.toContain('Bad credentials');
	});

	it('rate limited, with Retry-After', () => {
		const error = failure(config(), {
			statusCode: 429,
			headers: { 'retry-after': '30' },
			body: {},
		});
		expect(error.message).toMatch(/rate-limited.*429/);
		expect(error.description).toContain('Retry-After: 30');
	});

	it('server error, with content type and keys', () => {
		const error = failure(config(), {
			statusCode: 500,
			headers: { 'content-type': 'application/json; charset=utf-8' },
			body: { error: 'boom' },
		});
		expect(error.kind).toBe('loginFailed');
		expect(error.message).toMatch(/HTTP 500/);
		expect(error.description).toBe('Content type application/json; the response had keys: error.');
	});

	it('redirect without token', () => {
		const error = failure(config(), { statusCode: 302, headers: { location: '/home' }, body: '' });
		expect(error.field).toBe('loginUrl');
		expect(error.message).toMatch(/redirect \(HTTP 302\)/);
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

	it('never contains the password', () => {
		const error = failure(config(), { statusCode: 400, headers: {}, body: { echo: PASSWORD } });
		expect(JSON.stringify({ m: error.message, d: error.description })).not.toContain(PASSWORD);
	});
});
