import type { FaultCase } from './faultCase';

const ME = [{ id: 1, username: 'alice' }];

/** Redirects of API calls: the token follows only to the Base URL's own origin. */
export const redirectCases: FaultCase[] = [
	{
		name: 'a same-origin redirect keeps the token',
		run: { url: '/redirect?to=/me' },
		expect: {
			items: ME,
			provider: ['POST /login → 200', 'GET /redirect → 302 [token]', 'GET /me → 200 [token]'],
		},
	},
	{
		name: 'a cross-origin redirect is followed without the token',
		run: ({ other }) => ({ url: `/redirect?to=${encodeURIComponent(`${other.url}/landing`)}` }),
		expect: {
			items: [{ ok: true }],
			provider: ['POST /login → 200', 'GET /redirect → 302 [token]'],
			other: ['GET /landing'],
		},
	},
	{
		name: 'a protocol-relative Location (//host:port) is another origin: no token',
		run: ({ other }) => ({
			url: `/redirect?to=${encodeURIComponent(`//127.0.0.1:${other.port}/landing`)}`,
		}),
		expect: {
			items: [{ ok: true }],
			provider: ['POST /login → 200', 'GET /redirect → 302 [token]'],
			other: ['GET /landing'],
		},
	},
	{
		name: 'the same server under another host name (localhost) gets no token',
		run: ({ api }) => ({
			url: `/redirect?to=${encodeURIComponent(`http://localhost:${api.port}/me`)}`,
		}),
		expect: {
			error: 'The API answered HTTP 401; the request was not sent again',
			provider: ['POST /login → 200', 'GET /redirect → 302 [token]', 'GET /me → 401 [no token]'],
		},
	},
	{
		name: 'a custom token header does not follow a cross-origin redirect',
		provider: { sendSessionAs: 'header' },
		credential: { sendSessionAs: 'header', sendSessionName: 'X-Auth-Token' },
		run: ({ other }) => ({ url: `/redirect?to=${encodeURIComponent(`${other.url}/h`)}` }),
		expect: {
			items: [{ ok: true }],
			provider: ['POST /login → 200', 'GET /redirect → 302 [token]'],
			other: ['GET /h'],
			also: () => undefined,
		},
	},
	{
		name: 'a query-parameter token does not follow a cross-origin redirect',
		provider: { sendSessionAs: 'query' },
		credential: { sendSessionAs: 'query', sendSessionName: 'token' },
		run: ({ other }) => ({ url: `/redirect?to=${encodeURIComponent(`${other.url}/q`)}` }),
		expect: {
			items: [{ ok: true }],
			provider: ['POST /login → 200', 'GET /redirect → 302 [token]'],
			other: ['GET /q'],
		},
	},
	{
		name: 'Max Redirects is honoured',
		run: {
			url: `/redirect?to=${encodeURIComponent('/redirect?to=/me')}`,
			options: { redirect: { redirect: { followRedirects: true, maxRedirects: 1 } } },
		},
		expect: {
			error: 'Stopped after 1 redirects (Options > Redirects > Max Redirects)',
			provider: ['POST /login → 200', 'GET /redirect → 302 [token]', 'GET /redirect → 302 [token]'],
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
			provider: ['POST /login → 200', 'GET /redirect → 302 [token]'],
		},
	},
];
