import { ME, type FaultCase, type FaultEnv } from './faultCase';

const FOLLOWED = ['POST /login → 200', 'GET /redirect → 302 [token]'];

/** The provider reads the token there, and the credential sends it there. */
const sendsTokenAs = (how: 'header' | 'query', name: string) => ({
	provider: { sendSessionAs: how },
	credential: { sendSessionAs: how, sendSessionName: name },
});

/** GET /redirect to `target` (on the other host): followed there without the token. */
const offOrigin = (
	name: string,
	target: (env: FaultEnv) => string,
	path: string,
	setup: Pick<FaultCase, 'provider' | 'credential'> = {},
): FaultCase => ({
	name,
	...setup,
	run: (env) => ({ url: `/redirect?to=${encodeURIComponent(target(env))}` }),
	expect: { items: [{ ok: true }], provider: FOLLOWED, other: [`GET ${path}`] },
});

/** Redirects of API calls: the token follows only to the Base URL's own origin. */
export const redirectCases: FaultCase[] = [
	{
		name: 'a same-origin redirect keeps the token',
		run: { url: '/redirect?to=/me' },
		expect: {
			items: ME,
			provider: [...FOLLOWED, 'GET /me → 200 [token]'],
		},
	},
	offOrigin(
		'a cross-origin redirect is followed without the token',
		({ other }) => `${other.url}/landing`,
		'/landing',
	),
	offOrigin(
		'a protocol-relative Location (//host:port) is another origin: no token',
		({ other }) => `//127.0.0.1:${other.port}/landing`,
		'/landing',
	),
	{
		name: 'the same server under another host name (localhost) gets no token',
		run: ({ api }) => ({
			url: `/redirect?to=${encodeURIComponent(`http://localhost:${api.port}/me`)}`,
		}),
		expect: {
			error: 'The API answered HTTP 401; the request was not sent again',
			provider: [...FOLLOWED, 'GET /me → 401 [no token]'],
		},
	},
	offOrigin(
		'a custom token header does not follow a cross-origin redirect',
		({ other }) => `${other.url}/h`,
		'/h',
		sendsTokenAs('header', 'X-Auth-Token'),
	),
	offOrigin(
		'a query-parameter token does not follow a cross-origin redirect',
		({ other }) => `${other.url}/q`,
		'/q',
		sendsTokenAs('query', 'token'),
	),
	{
		name: 'Max Redirects is honoured',
		run: {
			url: `/redirect?to=${encodeURIComponent('/redirect?to=/me')}`,
			options: { redirect: { redirect: { followRedirects: true, maxRedirects: 1 } } },
		},
		expect: {
			error: 'Stopped after 1 redirects (Options > Redirects > Max Redirects)',
			provider: [...FOLLOWED, 'GET /redirect → 302 [token]'],
		},
	},
	{
		name: 'Follow Redirects off: the 302 itself is the answer',
		run: ({ other }) => ({
			url: `/redirect?to=${encodeURIComponent(`${other.url}/x`)}`,
			options: { redirect: { redirect: { followRedirects: false } } },
		}),
		expect: {
			items: [{ data: '' }],
			provider: FOLLOWED,
		},
	},
];
