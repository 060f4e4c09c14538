import { LoginTokenError, readLoginResponse, type HttpResponse } from '../../../shared/engine';
import { config, thrown } from '../fixtures';

const NOW = Date.parse('2026-01-01T10:00:00Z');
const cookieLogin = (overrides: Record<string, unknown> = {}) =>
	config({ sessionSource: 'cookie', sessionCookieName: 'SESSIONID', ...overrides });
const answer = (
	statusCode: number,
	headers: Record<string, unknown>,
	body: unknown = '',
): HttpResponse => ({
	statusCode,
	headers,
	body,
});
const token = (c: ReturnType<typeof config>, response: HttpResponse) =>
	readLoginResponse(c, response, NOW).token;
const failure = (c: ReturnType<typeof config>, response: HttpResponse) =>
	thrown<LoginTokenError>(() => readLoginResponse(c, response, NOW));

describe('cookie logins (defect 7)', () => {
	it.each([301, 302, 303, 307, 308])('a %s carrying the token cookie works', (status) => {
		expect(
			token(
				cookieLogin(),
				answer(status, { location: '/home', 'set-cookie': ['SESSIONID=s1; Path=/'] }),
			),
		).toBe('s1');
	});

	it('a header token on a 302 works too', () => {
		const c = config({ sessionSource: 'header', sessionHeaderName: 'X-Auth-Token' });
		expect(token(c, answer(302, { location: '/', 'x-auth-token': 'h1' }))).toBe('h1');
	});

	it('a 302 without the token cookie keeps the clear redirect error', () => {
		const error = failure(
			cookieLogin(),
			answer(302, { location: '/login?failed', 'set-cookie': ['tracking=abc'] }),
		);
		expect(error.message).toBe(
			'Login answered a redirect without the token: POST https://api.example-bank.com/login answered HTTP 302 to https://api.example-bank.com/login?failed=…. Set Login URL to the address that answers the login itself, or, for a cookie login, choose Token Location: Cookie with the cookie name the provider sets.',
		);
		expect(error.field).toBe('loginUrl');
	});

	it('a 302 for a body token is a redirect error even with cookies', () => {
		expect(
			failure(config(), answer(302, { location: '/', 'set-cookie': ['SESSIONID=s1'] })).message,
		).toBe(
			'Login answered a redirect without the token: POST https://api.example-bank.com/login answered HTTP 302 to https://api.example-bank.com/. Set Login URL to the address that answers the login itself, or, for a cookie login, choose Token Location: Cookie with the cookie name the provider sets.',
		);
	});

	it.each([
		['empty value', 'SESSIONID=; Path=/'],
		['Expires in the past', 'SESSIONID=deleted; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/'],
		['Max-Age=0', 'SESSIONID=deleted; Max-Age=0'],
		['negative Max-Age', 'SESSIONID=deleted; Max-Age=-1'],
		['empty quoted value', 'SESSIONID=""; Path=/'],
	])('a deletion cookie (%s) before the real one is ignored', (_what, deletion) => {
		expect(
			token(cookieLogin(), answer(200, { 'set-cookie': [deletion, 'SESSIONID=real; Path=/'] })),
		).toBe('real');
		expect(
			token(cookieLogin(), answer(200, { 'set-cookie': ['SESSIONID=real; Path=/', deletion] })),
		).toBe('real');
	});

	it('Max-Age wins over a past Expires (RFC 6265)', () => {
		expect(
			token(
				cookieLogin(),
				answer(200, {
					'set-cookie': ['SESSIONID=live; Max-Age=600; Expires=Thu, 01 Jan 1970 00:00:00 GMT'],
				}),
			),
		).toBe('live');
	});

	it('with several live cookies of the name, the last wins', () => {
		expect(
			token(
				cookieLogin(),
				answer(200, { 'set-cookie': ['SESSIONID=first', 'other=x', 'SESSIONID=second'] }),
			),
		).toBe('second');
	});

	it('only deletion cookies: a clear error that says they were deleted', () => {
		const error = failure(
			cookieLogin(),
			answer(200, { 'set-cookie': ['SESSIONID=deleted; Max-Age=0', 'tracking=abc'] }),
		);
		expect(error.message).toBe(
			'Token Cookie Name: the login response sets no live "SESSIONID" cookie (cookies set: SESSIONID (deleted), tracking)',
		);
	});
});

describe('tokens that cannot be sent (defect 10)', () => {
	const SECRET = 'secret-token-value';
	it.each([
		['a line break (CR or LF)', `${SECRET}\r\nX-Injected: 1`, 'bearer', 'an Authorization header'],
		['a line break (CR or LF)', `${SECRET}\n`.padStart(30, 'a') + 'b', 'query', 'a URL'],
		['a NUL character', `${SECRET}\0`, 'header', 'a header'],
		['a control character', `${SECRET}\u0007`, 'bearer', 'an Authorization header'],
		['a control character', `${SECRET}\tx`, 'cookie', 'a cookie'],
		[
			'a character outside Latin-1 (such as an emoji or a CJK letter)',
			`${SECRET}€`,
			'bearer',
			'an Authorization header',
		],
		[
			'a character outside Latin-1 (such as an emoji or a CJK letter)',
			`${SECRET}日本`,
			'header',
			'a header',
		],
		[
			'a character a cookie value cannot hold (space, comma, semicolon, quote or backslash)',
			`${SECRET};x`,
			'cookie',
			'a cookie',
		],
	])('%s, sent as %s', (reason, value, sendSessionAs, place) => {
		const c = config({ sendSessionAs });
		const error = failure(c, answer(200, {}, JSON.stringify({ access_token: value })));
		expect(error.kind).toBe('tokenUnusable');
		expect(error.field).toBe('sessionPath');
		expect(error.message).toBe(
			`Token Path: the token the login returned (${value.trim().length} characters) contains ${reason}, so it cannot be sent in ${place}`,
		);
		expect(JSON.stringify({ ...error, m: error.message, d: error.description })).not.toContain(
			SECRET,
		);
	});

	it('names Token Header Name for a header token', () => {
		const c = config({ sessionSource: 'header', sessionHeaderName: 'X-T' });
		expect(failure(c, answer(200, { 'x-t': 'abc\u0001def' })).message).toMatch(
			/^Token Header Name: /,
		);
	});

	it('a non-Latin-1 token is fine in a query parameter', () => {
		expect(
			token(config({ sendSessionAs: 'query' }), answer(200, {}, '{"access_token":"tök€n"}')),
		).toBe('tök€n');
	});
});

describe('numeric tokens kept exactly (defect 10)', () => {
	it('recovers the digits JSON.parse loses, from the answer text', () => {
		const text = '{"access_token": 12345678901234567890, "expires_in": 60}';
		expect(JSON.parse(text).access_token).toBe(12345678901234567000);
		expect(token(config(), answer(200, {}, text))).toBe('12345678901234567890');
		expect(
			token(
				config({ sessionPath: 'd[1].t' }),
				answer(200, {}, '{"d":[{"t":1},{"t":-98765432109876543210}]}'),
			),
		).toBe('-98765432109876543210');
	});

	it('keeps small numbers and exact text', () => {
		expect(token(config(), answer(200, {}, '{"access_token": 123456}'))).toBe('123456');
		expect(
			token(config(), answer(200, {}, '{"x":"a\\"b 99999999999999999999","access_token": 1.50}')),
		).toBe('1.50');
	});

	it('refuses a large number when only the parsed value is there', () => {
		const error = failure(config(), answer(200, {}, { access_token: 12345678901234567000 }));
		expect(error.message).toBe(
			'Token Path: the login response holds the token as a number too large to read exactly (more than 15 digits), and its text was not available',
		);
		expect(token(config(), answer(200, {}, { access_token: 42 }))).toBe('42');
	});
});
