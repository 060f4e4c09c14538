import type { FaultCase } from './faultCase';

const ME = [{ id: 1, username: 'alice' }];
const OK = ['POST /login → 200', 'GET /me → 200 [token]'];
const cookieCredential = {
	sessionSource: 'cookie',
	sessionCookieName: 'SESSIONID',
	sendSessionAs: 'cookie',
	sendSessionName: 'SESSIONID',
	expirySource: 'fixed',
	sessionLifetime: 1800,
};
const cookieProvider = { sendSessionAs: 'cookie' as const, sendSessionName: 'SESSIONID' };
const PAST = 'Expires=Thu, 01 Jan 1970 00:00:00 GMT';

/** Login answers: statuses, content types, shapes, cookies, tokens that cannot travel. */
export const loginAnswerCases: FaultCase[] = [
	{
		name: 'JSON body token: 1 login, the call carries it',
		run: { url: '/me' },
		expect: { items: ME, provider: OK, lifetimeSeconds: 3600 },
	},
	{
		name: 'JSON sent as text/plain still counts as JSON',
		provider: {
			loginAnswer: {
				headers: { 'Content-Type': 'text/plain' },
				body: '{"access_token":"{token}","expires_in":600}',
			},
		},
		run: { url: '/me' },
		expect: { items: ME, provider: OK, lifetimeSeconds: 600 },
	},
	{
		name: 'an HTML login page instead of JSON',
		provider: { loginMisbehaviour: 'html' },
		run: { url: '/me' },
		expect: {
			error:
				'Token Path: the login response is not JSON (HTTP 200, content type text/html), so the token cannot be read from a body path',
			provider: ['POST /login → 200'],
		},
	},
	{
		name: 'JSON without the token lists the keys that are there',
		provider: { loginMisbehaviour: 'noToken' },
		run: { url: '/me' },
		expect: {
			error:
				'Token Path: not found in the login response (the path stops after (top level), which has keys: token_type, expires_in, user)',
			provider: ['POST /login → 200'],
		},
	},
	{
		name: 'login answered 500',
		provider: { loginMisbehaviour: 'serverError' },
		run: { url: '/me' },
		expect: {
			error: (env) => `Login failed: POST ${env.api.url}/login answered HTTP 500 with "boom".`,
			provider: ['POST /login → 500'],
		},
	},
	{
		name: 'login answered 400 (a required body field missing)',
		provider: { requireBody: { client_id: 'abc' } },
		run: { url: '/me' },
		expect: {
			error: (env) =>
				`Login failed: POST ${env.api.url}/login answered HTTP 400 with "invalid_request". Check Username Field, Password Field and Advanced Settings > Extra Login Body.`,
			provider: ['POST /login → 400'],
		},
	},
	{
		name: 'defect 7: a cookie login answering 302 with the token cookie works',
		provider: {
			...cookieProvider,
			loginAnswer: {
				status: 302,
				headers: { Location: '/home', 'Set-Cookie': ['SESSIONID={token}; Path=/; HttpOnly'] },
			},
		},
		credential: cookieCredential,
		run: { url: '/me' },
		expect: { items: ME, provider: ['POST /login → 302', 'GET /me → 200 [token]'] },
	},
	{
		name: 'a login 302 without the token cookie keeps the redirect error',
		provider: {
			...cookieProvider,
			loginAnswer: {
				status: 302,
				headers: { Location: '/login?failed=1', 'Set-Cookie': 'tracking=abc' },
			},
		},
		credential: cookieCredential,
		run: { url: '/me' },
		expect: {
			error: (env) =>
				`Login answered a redirect without the token: POST ${env.api.url}/login answered HTTP 302 to ${env.api.url}/login?failed=…. Set Login URL to the address that answers the login itself, or, for a cookie login, choose Token Location: Cookie with the cookie name the provider sets.`,
			provider: ['POST /login → 302'],
		},
	},
	{
		name: 'defect 7: a deletion cookie (past Expires) before the real one is ignored',
		provider: {
			...cookieProvider,
			loginAnswer: {
				headers: {
					'Set-Cookie': [`SESSIONID=deleted; ${PAST}; Path=/`, 'SESSIONID={token}; Path=/'],
				},
				body: '{"ok":true}',
			},
		},
		credential: cookieCredential,
		run: { url: '/me' },
		expect: { items: ME, provider: OK },
	},
	{
		name: 'defect 7: a deletion cookie (Max-Age=0) after the real one is ignored',
		provider: {
			...cookieProvider,
			loginAnswer: {
				headers: {
					'Set-Cookie': ['SESSIONID={token}; Path=/', 'SESSIONID=; Max-Age=0; Path=/old'],
				},
			},
		},
		credential: cookieCredential,
		run: { url: '/me' },
		expect: { items: ME, provider: OK },
	},
	{
		name: 'defect 7: with two live cookies of the name the last wins',
		provider: {
			...cookieProvider,
			loginAnswer: {
				headers: { 'Set-Cookie': ['SESSIONID=stale-session-id', 'SESSIONID={token}'] },
			},
		},
		credential: cookieCredential,
		run: { url: '/me' },
		expect: { items: ME, provider: OK },
	},
	{
		name: 'only a deletion cookie: a clear error, no call',
		provider: {
			...cookieProvider,
			loginAnswer: { headers: { 'Set-Cookie': ['SESSIONID=deleted; Max-Age=-1'] } },
		},
		credential: cookieCredential,
		run: { url: '/me' },
		expect: {
			error:
				'Token Cookie Name: the login response sets no live "SESSIONID" cookie (cookies set: SESSIONID (deleted))',
			provider: ['POST /login → 200'],
		},
	},
	{
		name: 'a header token on a 302 works',
		provider: {
			sendSessionAs: 'header',
			loginAnswer: { status: 302, headers: { Location: '/', 'X-Auth-Token': '{token}' } },
		},
		credential: {
			sessionSource: 'header',
			sessionHeaderName: 'X-Auth-Token',
			sendSessionAs: 'header',
			sendSessionName: 'X-Auth-Token',
		},
		run: { url: '/me' },
		expect: { items: ME, provider: ['POST /login → 302', 'GET /me → 200 [token]'] },
	},
	{
		name: 'defect 10: a token with CR LF is a login error, never sent',
		provider: {
			loginAnswer: {
				token: 'tok-crlf-secret-value\r\nX-Injected: 1',
				body: '{"access_token":"tok-crlf-secret-value\\r\\nX-Injected: 1"}',
			},
		},
		run: { url: '/me' },
		expect: {
			error:
				'Token Path: the token the login returned (36 characters) contains a line break (CR or LF), so it cannot be sent in an Authorization header',
			provider: ['POST /login → 200'],
		},
	},
	{
		name: 'defect 10: a token with NUL is a login error',
		provider: {
			loginAnswer: {
				token: 'tok-nul-secret\u0000tail',
				body: '{"access_token":"tok-nul-secret\\u0000tail"}',
			},
		},
		run: { url: '/me' },
		expect: {
			error:
				'Token Path: the token the login returned (19 characters) contains a NUL character, so it cannot be sent in an Authorization header',
			provider: ['POST /login → 200'],
		},
	},
	{
		name: 'defect 10: a non-Latin-1 token for a custom header is a login error',
		provider: {
			sendSessionAs: 'header',
			loginAnswer: { token: 'tok-€uro-secret', body: '{"access_token":"{token}"}' },
		},
		credential: { sendSessionAs: 'header', sendSessionName: 'X-Auth-Token' },
		run: { url: '/me' },
		expect: {
			error:
				'Token Path: the token the login returned (15 characters) contains a character outside Latin-1 (such as an emoji or a CJK letter), so it cannot be sent in a header',
			provider: ['POST /login → 200'],
		},
	},
	{
		name: 'defect 10: a numeric token above 2^53 reaches the API with every digit',
		provider: {
			loginAnswer: {
				token: '12345678901234567891',
				body: '{"access_token": {token}, "expires_in": 900}',
			},
		},
		run: { url: '/me' },
		expect: { items: ME, provider: OK, lifetimeSeconds: 900 },
	},
	{
		name: 'a small numeric token works',
		provider: { loginAnswer: { token: '424242', body: '{"access_token": {token}}' } },
		run: { url: '/me' },
		expect: { items: ME, provider: OK, lifetimeSeconds: 3600 },
	},
];
