import type { IDataObject } from 'n8n-workflow';

import { TokenHttpRequest } from '../../../nodes/TokenHttpRequest/TokenHttpRequest.node';
import { MAX_SHOWN_KEY } from '../../../shared/engine/paths';
import { loginAnswerRefused, type FaultCase, type FaultEnv } from './faultCase';

/**
 * Issue 14, defects 2 and 3: secrets that reached output or another host: a token obtained by a
 * re-login during the request, a token used as a JSON key, the user's own credential headers and a
 * query-string token on a redirect to another host.
 */

/** A first execution stores a token; then the provider revokes it. */
async function storedThenRevoked(env: FaultEnv): Promise<void> {
	await env.n8n.runNode(new TokenHttpRequest(), {
		parameters: { url: '/me' },
		credentialId: env.credentialId,
	});
	env.api.revokeAll();
}

const times = <T>(count: number, value: T): T[] => Array.from({ length: count }, () => value);

/** Every token issued as a message shows a key longer than MAX_SHOWN_KEY: its start, which is secret too. */
const cutTokens = ({ api }: FaultEnv): string[] =>
	api
		.issuedTokens()
		.filter((token) => token.length > MAX_SHOWN_KEY)
		.map((token) => token.slice(0, MAX_SHOWN_KEY - 1));

const FOLLOWED = ['POST /login → 200', 'GET /redirect → 302 [token]'];

/** The user's own headers, each of which may carry a credential of the user's, and one that does not. */
const USER_HEADERS: IDataObject = {
	sendHeaders: true,
	headerParameters: {
		parameters: [
			{ name: 'Authorization', value: 'Basic dXNlcjpzZWNyZXQtb2YtdGhlLXVzZXI=' },
			{ name: 'X-Api-Key', value: 'user-api-key-0123456789' },
			{ name: 'Cookie', value: 'pref=1; sid=user-cookie-0123456789' },
			{ name: 'X-Request-Id', value: 'r-1' },
		],
	},
};
const USER_SECRETS = [
	'dXNlcjpzZWNyZXQtb2YtdGhlLXVzZXI=',
	'user-api-key-0123456789',
	'user-cookie-0123456789',
];
/** The token in X-Auth-Token, so the user's own Authorization header is the user's. */
const HEADER_TOKEN = {
	provider: { sendSessionAs: 'header' as const },
	credential: { sendSessionAs: 'header', sendSessionName: 'X-Auth-Token' },
};

export const secretCases: FaultCase[] = [
	{
		name: 'defect 2: the new token of a re-login mid-request, echoed by the API, is [redacted] (10 items)',
		prepare: storedThenRevoked,
		items: 10,
		run: { url: '/session' },
		expect: {
			items: times(10, { user: 'alice', session: '[redacted]', note: 'Bearer [redacted]' }),
			provider: [
				...times(10, 'GET /session → 401 [stale token]'),
				'POST /login → 200',
				...times(10, 'GET /session → 200 [token]'),
			],
			also: ({ api }) => expect(api.counters()).toMatchObject({ logins: 1, acceptedCalls: 10 }),
		},
	},
	{
		name: 'defect 3a: a token that is a JSON key of the API answer is [redacted] in the output',
		run: { url: '/session/keyed' },
		expect: {
			items: [{ sessions: { '[redacted]': { user: 'alice' } } }],
			provider: ['POST /login → 200', 'GET /session/keyed → 200 [token]'],
		},
	},
	{
		...loginAnswerRefused(
			'defect 3a: a token that is a key of the login answer is not in the error listing its keys, whole or in part',
			{
				provider: {
					loginAnswer: { body: '{"access_token":"{token}","{token}":{"scope":"all"}}' },
				},
				credential: { expirySource: 'expiresIn' },
			},
			'Expires-In Path: not found in the login response (the path stops after (top level), which has keys: access_token, (a key of 44 characters))',
		),
		secrets: cutTokens,
	},
	loginAnswerRefused(
		'defect 3a: the same with a token short enough to be shown whole as a key',
		{
			provider: {
				loginAnswer: {
					token: 'sess-a1b2c3d4e5f6a7b8c9d0',
					body: '{"access_token":"{token}","{token}":{"scope":"all"}}',
				},
			},
			credential: { expirySource: 'expiresIn' },
		},
		'Expires-In Path: not found in the login response (the path stops after (top level), which has keys: access_token, [redacted])',
	),
	{
		name: 'defect 3c: the user’s Authorization, X-Api-Key and Cookie do not follow a redirect to another host',
		...HEADER_TOKEN,
		run: ({ other }) => ({
			url: `/redirect?to=${encodeURIComponent(`${other.url}/landing`)}`,
			...USER_HEADERS,
		}),
		secrets: USER_SECRETS,
		expect: {
			items: [{ ok: true }],
			provider: FOLLOWED,
			other: ['GET /landing'],
			also: ({ other }) => {
				const names = Object.keys(other.requests()[0].headers);
				expect(names).toContain('x-request-id');
				for (const name of ['authorization', 'x-api-key', 'cookie', 'x-auth-token'])
					expect(names).not.toContain(name);
			},
		},
	},
	{
		name: 'defect 3c: a same-origin redirect keeps the user’s headers (and the token)',
		...HEADER_TOKEN,
		run: { url: `/redirect?to=${encodeURIComponent('/header-names')}`, ...USER_HEADERS },
		expect: {
			items: [
				{
					names: [
						'accept',
						'accept-encoding',
						'authorization',
						'connection',
						'cookie',
						'host',
						'user-agent',
						'x-api-key',
						'x-auth-token',
						'x-request-id',
					],
				},
			],
			provider: [...FOLLOWED, 'GET /header-names → 200 [token]'],
		},
	},
	{
		name: 'defect 3d: a redirect whose Location copied the query-string token to another host is refused; nothing is sent there',
		provider: { sendSessionAs: 'query' },
		credential: { sendSessionAs: 'query', sendSessionName: 'token' },
		run: ({ other }) => ({
			url: `/redirect?to=${encodeURIComponent(`${other.url}/landing`)}&copyQuery=1`,
		}),
		expect: {
			error: ({ api, other }) =>
				`Refusing to follow the redirect to ${other.url}: its address carries the token or another secret of the credential, and only ${api.url} (the credential's Base URL) may receive those; nothing was sent there`,
			provider: FOLLOWED,
			other: [],
		},
	},
	{
		name: 'defect 3d: the same redirect on the Base URL’s origin is followed with the token',
		provider: { sendSessionAs: 'query' },
		credential: { sendSessionAs: 'query', sendSessionName: 'token' },
		run: ({ api }) => ({ url: `/redirect?to=${encodeURIComponent(`${api.url}/me`)}&copyQuery=1` }),
		expect: {
			items: [{ id: 1, username: 'alice' }],
			provider: [...FOLLOWED, 'GET /me → 200 [token]'],
		},
	},
];
