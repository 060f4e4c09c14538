import { TokenHttpRequest } from '../../../nodes/TokenHttpRequest/TokenHttpRequest.node';
import { getMe, ME, type FaultCase, type FaultEnv } from './faultCase';

const REJECTED_AGAIN = (why: string) =>
	`The API rejected the new token as well (${why}). The request was sent twice, because the first answer meant the token had expired, and is not sent again. Check Send Token As, Token Parameter Name and Token Prefix; if the API answers this way for other reasons, narrow Expired-Token Status Codes or Expired-Token Body Match`;

/** A first execution stores a token; then the provider revokes it. */
async function storedThenRevoked(env: FaultEnv): Promise<void> {
	await env.n8n.runNode(new TokenHttpRequest(), {
		parameters: { url: '/me' },
		credentialId: env.credentialId,
	});
	env.api.revokeAll();
}

/** The stored token is revoked, so GET /me is refused once, then sent again after a new login. */
const REVOKED_THEN_ME = (status: number) => [
	`GET /me → ${status} [stale token]`,
	'POST /login → 200',
	'GET /me → 200 [token]',
];

/** A query-parameter token the API never reads: every call answers as if it had expired. */
const persistentlyRejected = (
	name: string,
	setup: Pick<FaultCase, 'provider' | 'credential'>,
	why: string,
	status: number,
	run: FaultCase['run'] = { url: '/me' },
): FaultCase => ({
	name,
	...setup,
	run,
	expect: {
		error: REJECTED_AGAIN(why),
		provider: [
			'POST /login → 200',
			`GET /me → ${status} [no token]`,
			'POST /login → 200',
			`GET /me → ${status} [no token]`,
		],
	},
});

/** A call the API answers with an error status: the error, and the call sent once. */
const answeredOnce = (
	name: string,
	method: string,
	url: string,
	status: number,
	also?: FaultCase['expect']['also'],
): FaultCase => ({
	name,
	run: method === 'GET' ? { url } : { method, url },
	expect: {
		error: `The API answered HTTP ${status}; the request was not sent again`,
		provider: ['POST /login → 200', `${method} ${url.split('?')[0]} → ${status} [token]`],
		...(also ? { also } : {}),
	},
});
/** API faults: expired statuses, body match, persistent rejection, 4xx, 5xx. */
export const apiFaultCases: FaultCase[] = [
	getMe(
		'an expired token (401) is replaced once and the call sent once more',
		{ prepare: storedThenRevoked },
		{ items: ME, provider: REVOKED_THEN_ME(401) },
	),
	{
		name: 'a POST refused with 401 (not carried out) is sent once more, booked once',
		prepare: storedThenRevoked,
		run: { method: 'POST', url: '/payments' },
		expect: {
			items: [{ id: 'pay-1' }],
			provider: [
				'POST /payments → 401 [stale token]',
				'POST /login → 200',
				'POST /payments → 201 [token]',
			],
			also: (env) => expect(env.api.counters().sideEffects).toBe(1),
		},
	},
	persistentlyRejected(
		'defect 6: a persistent 401 after the retry is an error that says it was sent twice',
		{ provider: { sendSessionAs: 'query' } },
		'HTTP 401, one of the Expired-Token Status Codes',
		401,
	),
	persistentlyRejected(
		'defect 6: a persistent 200 {"code":602} after the retry is an error, not a success item',
		{
			provider: { sendSessionAs: 'query', expiredBody: { status: 200, body: { code: 602 } } },
			credential: { expiredBodyMatch: 'code=602' },
		},
		'HTTP 200 matching Expired-Token Body Match',
		200,
	),
	persistentlyRejected(
		'defect 6: Never Error does not turn a persistent expired-token answer into a success',
		{ provider: { sendSessionAs: 'query' } },
		'HTTP 401, one of the Expired-Token Status Codes',
		401,
		{ url: '/me', options: { response: { response: { neverError: true } } } },
	),
	getMe(
		'an expired-token body answered once: replaced, then the data',
		{
			provider: { expiredBody: { status: 200, body: { code: 602 } } },
			credential: { expiredBodyMatch: 'code=602' },
			prepare: storedThenRevoked,
		},
		{ items: ME, provider: REVOKED_THEN_ME(200) },
	),
	answeredOnce('a POST answered 500 is never re-sent', 'POST', '/payments?fail=500', 500, (env) =>
		expect(env.api.counters().sideEffects).toBe(1),
	),
	answeredOnce('a POST answered 503 is never re-sent', 'POST', '/payments?fail=503', 503),
	{
		name: 'defect 4: 500 in Expired-Token Status Codes is refused before anything is sent',
		credential: { refreshOnStatus: '401, 500' },
		run: { method: 'POST', url: '/payments?fail=500' },
		expect: {
			error:
				'Expired-Token Status Codes: expected status codes between 400 and 499 that mean the token was not accepted, such as "401, 403", got 500 (a request answered so may have been carried out, and is never sent again)',
			provider: [],
		},
	},
	{
		name: 'a 403 that is not an Expired-Token Status Code is returned as it is',
		provider: { refreshOnStatus: 403 },
		prepare: storedThenRevoked,
		run: { url: '/me' },
		expect: {
			error: 'The API answered HTTP 403; the request was not sent again',
			provider: ['GET /me → 403 [stale token]'],
		},
	},
	answeredOnce('a 404 is an error, sent once', 'GET', '/nowhere', 404),
];
