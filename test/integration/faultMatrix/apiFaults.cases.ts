import { TokenHttpRequest } from '../../../nodes/TokenHttpRequest/TokenHttpRequest.node';
import type { FaultCase, FaultEnv } from './faultCase';

const ME = [{ id: 1, username: 'alice' }];
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

/** API faults: expired statuses, body match, persistent rejection, 4xx, 5xx. */
export const apiFaultCases: FaultCase[] = [
	{
		name: 'an expired token (401) is replaced once and the call sent once more',
		prepare: storedThenRevoked,
		run: { url: '/me' },
		expect: {
			items: ME,
			provider: ['GET /me → 401 [stale token]', 'POST /login → 200', 'GET /me → 200 [token]'],
		},
	},
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
	{
		name: 'defect 6: a persistent 401 after the retry is an error that says it was sent twice',
		provider: { sendSessionAs: 'query' },
		run: { url: '/me' },
		expect: {
			error: REJECTED_AGAIN('HTTP 401, one of the Expired-Token Status Codes'),
			provider: [
				'POST /login → 200',
				'GET /me → 401 [no token]',
				'POST /login → 200',
				'GET /me → 401 [no token]',
			],
		},
	},
	{
		name: 'defect 6: a persistent 200 {"code":602} after the retry is an error, not a success item',
		provider: { sendSessionAs: 'query', expiredBody: { status: 200, body: { code: 602 } } },
		credential: { expiredBodyMatch: 'code=602' },
		run: { url: '/me' },
		expect: {
			error: REJECTED_AGAIN('HTTP 200 matching Expired-Token Body Match'),
			provider: [
				'POST /login → 200',
				'GET /me → 200 [no token]',
				'POST /login → 200',
				'GET /me → 200 [no token]',
			],
		},
	},
	{
		name: 'defect 6: Never Error does not turn a persistent expired-token answer into a success',
		provider: { sendSessionAs: 'query' },
		run: { url: '/me', options: { response: { response: { neverError: true } } } },
		expect: {
			error: REJECTED_AGAIN('HTTP 401, one of the Expired-Token Status Codes'),
			provider: [
				'POST /login → 200',
				'GET /me → 401 [no token]',
				'POST /login → 200',
				'GET /me → 401 [no token]',
			],
		},
	},
	{
		name: 'an expired-token body answered once: replaced, then the data',
		provider: { expiredBody: { status: 200, body: { code: 602 } } },
		credential: { expiredBodyMatch: 'code=602' },
		prepare: storedThenRevoked,
		run: { url: '/me' },
		expect: {
			items: ME,
			provider: ['GET /me → 200 [stale token]', 'POST /login → 200', 'GET /me → 200 [token]'],
		},
	},
	{
		name: 'a POST answered 500 is never re-sent',
		run: { method: 'POST', url: '/payments?fail=500' },
		expect: {
			error: 'The API answered HTTP 500; the request was not sent again',
			provider: ['POST /login → 200', 'POST /payments → 500 [token]'],
			also: (env) => expect(env.api.counters().sideEffects).toBe(1),
		},
	},
	{
		name: 'a POST answered 503 is never re-sent',
		run: { method: 'POST', url: '/payments?fail=503' },
		expect: {
			error: 'The API answered HTTP 503; the request was not sent again',
			provider: ['POST /login → 200', 'POST /payments → 503 [token]'],
		},
	},
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
	{
		name: 'a 404 is an error, sent once',
		run: { url: '/nowhere' },
		expect: {
			error: 'The API answered HTTP 404; the request was not sent again',
			provider: ['POST /login → 200', 'GET /nowhere → 404 [token]'],
		},
	},
];
