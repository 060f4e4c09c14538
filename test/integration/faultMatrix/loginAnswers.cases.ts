import { getMe, getsMe, loginAnswerRefused, type FaultCase, type FaultEnv } from './faultCase';

const cookieCredential = {
	sessionSource: 'cookie',
	sessionCookieName: 'SESSIONID',
	sendSessionAs: 'cookie',
	sendSessionName: 'SESSIONID',
	expirySource: 'fixed',
	sessionLifetime: 1800,
};
const PAST = 'Expires=Thu, 01 Jan 1970 00:00:00 GMT';

/** A cookie login (SESSIONID in, SESSIONID out) whose login answer is given. */
const cookieLogin = (
	loginAnswer: NonNullable<FaultCase['provider']>['loginAnswer'],
): Pick<FaultCase, 'provider' | 'credential'> => ({
	provider: { sendSessionAs: 'cookie', sendSessionName: 'SESSIONID', loginAnswer },
	credential: cookieCredential,
});

/** A login that answers 302, then a GET /me with the token. */
const LOGIN_302_THEN_ME = ['POST /login → 302', 'GET /me → 200 [token]'];

/** Login answers: statuses, content types, shapes, cookies, tokens that cannot travel. */
export const loginAnswerCases: FaultCase[] = [
	getsMe('JSON body token: 1 login, the call carries it', {}, 3600),
	getsMe(
		'JSON sent as text/plain still counts as JSON',
		{
			provider: {
				loginAnswer: {
					headers: { 'Content-Type': 'text/plain' },
					body: '{"access_token":"{token}","expires_in":600}',
				},
			},
		},
		600,
	),
	loginAnswerRefused(
		'an HTML login page instead of JSON',
		{ provider: { loginMisbehaviour: 'html' } },
		'Token Path: the login response is not JSON (HTTP 200, content type text/html), so the token cannot be read from a body path',
	),
	loginAnswerRefused(
		'JSON without the token lists the keys that are there',
		{ provider: { loginMisbehaviour: 'noToken' } },
		'Token Path: not found in the login response (the path stops after (top level), which has keys: token_type, expires_in, user)',
	),
	getMe(
		'login answered 500',
		{ provider: { loginMisbehaviour: 'serverError' } },
		{
			error: (env: FaultEnv) =>
				`Login failed: POST ${env.api.url}/login answered HTTP 500 with "boom".`,
			provider: ['POST /login → 500'],
		},
	),
	getMe(
		'login answered 400 (a required body field missing)',
		{ provider: { requireBody: { client_id: 'abc' } } },
		{
			error: (env: FaultEnv) =>
				`Login refused: POST ${env.api.url}/login answered HTTP 400 with "invalid_request". Check Username, Password, Username Field, Password Field and Advanced Settings > Extra Login Body.`,
			provider: ['POST /login → 400'],
		},
	),
	getsMe(
		'defect 7: a cookie login answering 302 with the token cookie works',
		cookieLogin({
			status: 302,
			headers: { Location: '/home', 'Set-Cookie': ['SESSIONID={token}; Path=/; HttpOnly'] },
		}),
		undefined,
		LOGIN_302_THEN_ME,
	),
	getMe(
		'a login 302 without the token cookie keeps the redirect error',
		cookieLogin({
			status: 302,
			headers: { Location: '/login?failed=1', 'Set-Cookie': 'tracking=abc' },
		}),
		{
			error: (env: FaultEnv) =>
				`Login answered a redirect without the token: POST ${env.api.url}/login answered HTTP 302 to ${env.api.url}/login?failed=…. Set Login URL to the address that answers the login itself, or, for a cookie login, choose Token Location: Cookie with the cookie name the provider sets.`,
			provider: ['POST /login → 302'],
		},
	),
	getsMe(
		'defect 7: a deletion cookie (past Expires) before the real one is ignored',
		cookieLogin({
			headers: {
				'Set-Cookie': [`SESSIONID=deleted; ${PAST}; Path=/`, 'SESSIONID={token}; Path=/'],
			},
			body: '{"ok":true}',
		}),
	),
	getsMe(
		'defect 7: a deletion cookie (Max-Age=0) after the real one is ignored',
		cookieLogin({
			headers: { 'Set-Cookie': ['SESSIONID={token}; Path=/', 'SESSIONID=; Max-Age=0; Path=/old'] },
		}),
	),
	getsMe(
		'defect 7: with two live cookies of the name the last wins',
		cookieLogin({ headers: { 'Set-Cookie': ['SESSIONID=stale-session-id', 'SESSIONID={token}'] } }),
	),
	loginAnswerRefused(
		'only a deletion cookie: a clear error, no call',
		cookieLogin({ headers: { 'Set-Cookie': ['SESSIONID=deleted; Max-Age=-1'] } }),
		'Token Cookie Name: the login response sets no live "SESSIONID" cookie (cookies set: SESSIONID (deleted))',
	),
	getsMe(
		'a header token on a 302 works',
		{
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
		},
		undefined,
		LOGIN_302_THEN_ME,
	),
	loginAnswerRefused(
		'defect 10: a token with CR LF is a login error, never sent',
		{
			provider: {
				loginAnswer: {
					token: 'tok-crlf-secret-value\r\nX-Injected: 1',
					body: '{"access_token":"tok-crlf-secret-value\\r\\nX-Injected: 1"}',
				},
			},
		},
		'Token Path: the token the login returned (36 characters) contains a line break (CR or LF), so it cannot be sent in an Authorization header',
	),
	loginAnswerRefused(
		'defect 10: a token with NUL is a login error',
		{
			provider: {
				loginAnswer: {
					token: 'tok-nul-secret\u0000tail',
					body: '{"access_token":"tok-nul-secret\\u0000tail"}',
				},
			},
		},
		'Token Path: the token the login returned (19 characters) contains a NUL character, so it cannot be sent in an Authorization header',
	),
	loginAnswerRefused(
		'defect 10: a non-Latin-1 token for a custom header is a login error',
		{
			provider: {
				sendSessionAs: 'header',
				loginAnswer: { token: 'tok-€uro-secret', body: '{"access_token":"{token}"}' },
			},
			credential: { sendSessionAs: 'header', sendSessionName: 'X-Auth-Token' },
		},
		'Token Path: the token the login returned (15 characters) contains a character outside Latin-1 (such as an emoji or a CJK letter), so it cannot be sent in a header',
	),
	getsMe(
		'defect 10: a numeric token above 2^53 reaches the API with every digit',
		{
			provider: {
				loginAnswer: {
					token: '12345678901234567891',
					body: '{"access_token": {token}, "expires_in": 900}',
				},
			},
		},
		900,
	),
	getsMe(
		'a small numeric token works',
		{ provider: { loginAnswer: { token: '424242', body: '{"access_token": {token}}' } } },
		3600,
	),
];
