import { LoginTokenError, parseTokenConfig } from '../../../shared/engine';
import { thrown } from '../fixtures';

const parse = (data: Record<string, unknown>) =>
	parseTokenConfig({ baseUrl: 'https://api.example-bank.com', ...data });
const refused = (data: Record<string, unknown>) => thrown<LoginTokenError>(() => parse(data));
/** The configuration is refused, naming this field, with exactly this message. */
function expectRefusal(data: Record<string, unknown>, field: string, message: string): void {
	const error = refused(data);
	expect(error.field).toBe(field);
	expect(error.message).toBe(message);
}

describe('Expired-Token Status Codes: 4xx only (defect 4)', () => {
	it.each([
		['401, 500', '500'],
		['500', '500'],
		['302, 401', '302'],
		['401, 503, 301', '503, 301'],
	])('%s is refused, naming %s', (value, wrong) => {
		const error = refused({ refreshOnStatus: value });
		expect(error.kind).toBe('config');
		expect(error.field).toBe('refreshOnStatus');
		expect(error.message).toBe(
			`Expired-Token Status Codes: expected status codes between 400 and 499 that mean the token was not accepted, such as "401, 403", got ${wrong} (a request answered so may have been carried out, and is never sent again)`,
		);
	});

	it('accepts any 4xx', () => {
		expect(parse({ refreshOnStatus: '401, 403, 419, 440' }).refreshOnStatus).toEqual([
			401, 403, 419, 440,
		]);
	});
});

describe('header names the token may not use (defect 10)', () => {
	it.each([
		'Host',
		'host',
		'Content-Length',
		'Transfer-Encoding',
		'Connection',
		'Upgrade',
		'Keep-Alive',
		'TE',
		'Trailer',
		'Proxy-Authorization',
		'Proxy-Connection',
		'Cookie',
		'Expect',
		'Sec-Token',
	])('Token Parameter Name %s is refused for a custom header', (name) => {
		expectRefusal(
			{ sendSessionAs: 'header', sendSessionName: name },
			'sendSessionName',
			`Token Parameter Name: expected a header the API reads the token from, such as X-Auth-Token or Authorization (for a cookie choose Send Token As: Cookie), got "${name}", a header the HTTP client controls (it frames, routes or proxies the request), so the token cannot go there`,
		);
	});

	it('Authorization and ordinary names stay allowed; a query parameter may be named anything', () => {
		expect(
			parse({ sendSessionAs: 'header', sendSessionName: 'Authorization' }).sendSessionName,
		).toBe('Authorization');
		expect(
			parse({ sendSessionAs: 'header', sendSessionName: 'X-Session-Token' }).sendSessionName,
		).toBe('X-Session-Token');
		expect(parse({ sendSessionAs: 'query', sendSessionName: 'host' }).sendSessionName).toBe('host');
	});

	it('refuses names Node cannot send', () => {
		expect(refused({ sendSessionAs: 'header', sendSessionName: 'X Token' }).message).toBe(
			'Token Parameter Name: expected a header name of letters, digits and - such as X-Auth-Token, got text of 7 character(s) with other characters (spaces, =, ;, …)',
		);
		expect(refused({ sendSessionAs: 'cookie', sendSessionName: 'a=b' }).field).toBe(
			'sendSessionName',
		);
	});

	it('refuses a Token Prefix that would split the header', () => {
		expectRefusal(
			{ sendSessionAs: 'header', sendSessionPrefix: 'Token\r\nX-Evil: 1 ' },
			'sendSessionPrefix',
			'Token Prefix: expected visible characters and spaces, such as "Token ", got text of 17 character(s) with a line break, a control character or a character outside Latin-1',
		);
		expect(parse({ sendSessionAs: 'header', sendSessionPrefix: 'Token ' }).sendSessionPrefix).toBe(
			'Token ',
		);
	});

	it.each(['Content-Length', 'Set-Cookie', 'Transfer-Encoding', 'Connection'])(
		'Token Header Name %s is refused',
		(name) => {
			expectRefusal(
				{ sessionSource: 'header', sessionHeaderName: name },
				'sessionHeaderName',
				`Token Header Name: expected a header the provider sets for the token, such as X-Auth-Token (for Set-Cookie choose Token Location: Cookie), got "${name}", which the HTTP connection itself uses`,
			);
		},
	);
});

describe('Login URL no weaker than the Base URL (defect 10)', () => {
	it('refuses http: under an https: Base URL', () => {
		expectRefusal(
			{ loginUrl: 'http://auth.example-bank.com/login' },
			'loginUrl',
			'Login URL: expected an https:// address like the Base URL (over http:// the password would travel unencrypted), got an http:// URL to a host that is not this machine',
		);
	});

	it.each([
		'http://127.0.0.1:8080/login',
		'http://127.3.4.5/login',
		'http://localhost:9000/login',
		'http://[::1]:9000/login',
	])('allows the loopback address %s', (loginUrl) => {
		expect(parse({ loginUrl }).loginUrl).toBe(loginUrl);
	});

	it('allows https under http, and http under http', () => {
		const loginUrlUnder = (baseUrl: string, loginUrl: string) =>
			parseTokenConfig({ baseUrl, loginUrl }).loginUrl;
		expect(loginUrlUnder('http://api.lan', 'http://auth.lan/x')).toBe('http://auth.lan/x');
		expect(loginUrlUnder('http://api.lan', 'https://auth.lan/x')).toBe('https://auth.lan/x');
	});

	it('refuses a protocol-relative Login URL', () => {
		expect(refused({ loginUrl: '//auth.example.com/login' }).message).toBe(
			'Login URL: expected a path such as /login or a full https:// URL, got a protocol-relative URL (starting with //)',
		);
	});
});

describe('Test Path resolved as axios resolves it (defect 10)', () => {
	it.each([
		[
			'//other.example:8443/x',
			'a protocol-relative URL (starting with //), which names another host',
		],
		['https://other.example/me', 'a URL on another host (https://other.example)'],
		['HTTPS://other.example/me', 'a URL on another host (https://other.example)'],
		[
			'https://api.example-bank.com@other.example/me',
			'a URL on another host (https://other.example)',
		],
		[
			'https://api.example-bank.com:444/me',
			'a URL on another host (https://api.example-bank.com:444)',
		],
		['http://api.example-bank.com/me', 'a URL on another host (http://api.example-bank.com)'],
		['http:\\\\other.example\\me', 'text that is not a valid URL'],
	])('refuses %s', (testPath, got) => {
		expectRefusal(
			{ testPath },
			'testPath',
			`Test Path: expected a path on the Base URL such as /me, got ${got}`,
		);
	});

	it.each(['/me', 'me', '\\\\other.example\\me', 'https://api.example-bank.com/me', '/a//b'])(
		'accepts %s (it stays on the Base URL)',
		(testPath) => {
			expect(parse({ testPath }).testPath).toBe(testPath);
		},
	);
});

describe('lifetimes within a year', () => {
	it('refuses a Token Lifetime beyond a year (it would overflow dates)', () => {
		expect(refused({ sessionLifetime: 1e13 }).message).toBe(
			'Token Lifetime (Seconds): expected a number of seconds from 1 to 31536000 (one year), got a number',
		);
	});
});

it('every guard error is a LoginTokenError of kind config', () => {
	expect(refused({ testPath: '//x/y' })).toBeInstanceOf(LoginTokenError);
});
