import { credentialTestCase, refusedBeforeSending, type FaultCase } from './faultCase';

const forbiddenHeader = (name: string): FaultCase =>
	refusedBeforeSending(
		`defect 10: ${name} is refused as the token's header name`,
		{ sendSessionAs: 'header', sendSessionName: name },
		`Token Parameter Name: expected a header the API reads the token from, such as X-Auth-Token or Authorization (for a cookie choose Send Token As: Cookie), got "${name}", a header the HTTP client controls (it frames, routes or proxies the request), so the token cannot go there`,
	);

/** Configuration guards: nothing is sent, not even the login, and the field is named. */
export const configurationCases: FaultCase[] = [
	forbiddenHeader('Host'),
	forbiddenHeader('Content-Length'),
	forbiddenHeader('Transfer-Encoding'),
	forbiddenHeader('Connection'),
	forbiddenHeader('Proxy-Authorization'),
	forbiddenHeader('Cookie'),
	refusedBeforeSending(
		'a header name with a space',
		{ sendSessionAs: 'header', sendSessionName: 'X Token' },
		'Token Parameter Name: expected a header name of letters, digits and - such as X-Auth-Token, got text of 7 character(s) with other characters (spaces, =, ;, …)',
	),
	refusedBeforeSending(
		'Set-Cookie as Token Header Name points to Token Location: Cookie',
		{ sessionSource: 'header', sessionHeaderName: 'Set-Cookie' },
		'Token Header Name: expected a header the provider sets for the token, such as X-Auth-Token (for Set-Cookie choose Token Location: Cookie), got "Set-Cookie", which the HTTP connection itself uses',
	),
	refusedBeforeSending(
		'defect 4: a 3xx in Expired-Token Status Codes is refused',
		{ refreshOnStatus: '302' },
		'Expired-Token Status Codes: expected status codes between 400 and 499 that mean the token was not accepted, such as "401, 403", got 302 (a request answered so may have been carried out, and is never sent again)',
	),
	refusedBeforeSending(
		'defect 10: an http: Login URL under an https: Base URL is refused',
		{
			baseUrl: 'https://api.example-bank.test',
			loginUrl: 'http://auth.example-bank.test/login',
		},
		'Login URL: expected an https:// address like the Base URL (over http:// the password would travel unencrypted), got an http:// URL to a host that is not this machine',
	),
	// The login runs; the https Base URL itself does not exist here, so n8n's tester then reports
	// the refused connection (its own text: the error code).
	credentialTestCase(
		'an http: Login URL on this machine is allowed under an https: Base URL',
		({ api }) => ({ baseUrl: 'https://127.0.0.1:1', loginUrl: `${api.url}/login` }),
		{ status: 'Error', message: 'ECONNREFUSED' },
		['POST /login → 200'],
	),
	refusedBeforeSending(
		'a Token Lifetime beyond a year is refused',
		{ expirySource: 'fixed', sessionLifetime: 1e13 },
		'Token Lifetime (Seconds): expected a number of seconds from 1 to 31536000 (one year), got a number',
	),
	credentialTestCase(
		'defect 10: Test Path //other:port/x fails the host check; nothing reaches the other host',
		({ other }) => ({ testPath: `//127.0.0.1:${other.port}/x` }),
		{
			status: 'Error',
			message:
				'Test Path: expected a path on the Base URL such as /me, got a protocol-relative URL (starting with //), which names another host',
		},
	),
	credentialTestCase(
		'a Test Path on another host is refused',
		({ other }) => ({ testPath: `${other.url}/x` }),
		({ other }) => ({
			status: 'Error',
			message: `Test Path: expected a path on the Base URL such as /me, got a URL on another host (${other.url})`,
		}),
	),
	credentialTestCase(
		'a Test Path on the Base URL: login, then the call',
		{ testPath: '/me' },
		{ status: 'OK', message: 'Connection successful!' },
		['POST /login → 200', 'GET /me → 200 [token]'],
	),
];
