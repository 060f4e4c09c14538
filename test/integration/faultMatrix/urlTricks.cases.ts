import type { FaultCase, FaultEnv } from './faultCase';

const ME = [{ id: 1, username: 'alice' }];
const LOGIN_ONLY = ['POST /login → 200'];
const refusal = (target: string) => (env: FaultEnv) =>
	`Refusing to send the token to ${target.replace('OTHER', String(env.other.port))}: only ${env.api.url} (the credential's Base URL) receives it`;

/** URL tricks in the node's URL: resolved as axios will, checked on the resulting origin. */
export const urlTrickCases: FaultCase[] = [
	{
		name: 'defect 10: a protocol-relative URL //host:port/x is refused',
		run: ({ other }) => ({ url: `//127.0.0.1:${other.port}/x` }),
		expect: {
			error: refusal('a protocol-relative URL (starting with //)'),
			provider: LOGIN_ONLY,
		},
	},
	{
		name: 'userinfo trick: http://base@other/ goes to other, refused',
		run: ({ api, other }) => ({ url: `http://127.0.0.1:${api.port}@127.0.0.1:${other.port}/x` }),
		expect: { error: refusal('http://127.0.0.1:OTHER'), provider: LOGIN_ONLY },
	},
	{
		name: 'backslashes stay a path on the Base URL',
		run: ({ other }) => ({ url: `\\\\127.0.0.1:${other.port}\\x` }),
		expect: {
			error: 'The API answered HTTP 404; the request was not sent again',
			// sent to the Base URL as the path //127.0.0.1:<port>/x, which the mock's log shortens to /x
			provider: [...LOGIN_ONLY, 'GET /x → 404 [token]'],
		},
	},
	{
		name: 'http:\\\\other (no //, which axios refuses) is refused',
		run: ({ other }) => ({ url: `http:\\\\127.0.0.1:${other.port}\\x` }),
		expect: {
			error: refusal('a malformed URL (no // after http: or https:)'),
			provider: LOGIN_ONLY,
		},
	},
	{
		name: 'a percent-encoded host that decodes to the Base URL host works',
		run: ({ api }) => ({ url: `http://%31%32%37.0.0.1:${api.port}/me` }),
		expect: { items: ME, provider: [...LOGIN_ONLY, 'GET /me → 200 [token]'] },
	},
	{
		name: 'a fullwidth (IDN) host name is normalised first: localhost is another origin',
		run: ({ other }) => ({ url: `http://ｌｏｃａｌｈｏｓｔ:${other.port}/x` }),
		expect: { error: refusal('http://localhost:OTHER'), provider: LOGIN_ONLY },
	},
	{
		name: 'a port written with a leading zero is the same port',
		run: ({ api }) => ({ url: `http://127.0.0.1:0${api.port}/me` }),
		expect: { items: ME, provider: [...LOGIN_ONLY, 'GET /me → 200 [token]'] },
	},
	{
		name: 'another port on the same host is another origin',
		run: ({ other }) => ({ url: `http://127.0.0.1:${other.port}/x` }),
		expect: { error: refusal('http://127.0.0.1:OTHER'), provider: LOGIN_ONLY },
	},
	{
		name: 'an upper-case scheme is still absolute',
		run: ({ other }) => ({ url: `HTTP://127.0.0.1:${other.port}/x` }),
		expect: { error: refusal('http://127.0.0.1:OTHER'), provider: LOGIN_ONLY },
	},
	{
		name: 'https: on the Base URL host and port is another origin',
		run: ({ api }) => ({ url: `https://127.0.0.1:${api.port}/me` }),
		expect: {
			error: (env) => refusal(`https://127.0.0.1:${env.api.port}`)(env),
			provider: LOGIN_ONLY,
		},
	},
	{
		name: 'an absolute URL on the Base URL works',
		run: ({ api }) => ({ url: `${api.url}/me` }),
		expect: { items: ME, provider: [...LOGIN_ONLY, 'GET /me → 200 [token]'] },
	},
	{
		name: 'a fragment with @other is not a host',
		run: ({ other }) => ({ url: `/me#@127.0.0.1:${other.port}` }),
		expect: { items: ME, provider: [...LOGIN_ONLY, 'GET /me → 200 [token]'] },
	},
];
