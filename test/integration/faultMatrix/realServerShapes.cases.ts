import { TokenHttpRequest } from '../../../nodes/TokenHttpRequest/TokenHttpRequest.node';
import {
	credentialTestCase,
	getMe,
	getsMe,
	loginAnswerRefused,
	refusedBeforeSending,
	type FaultCase,
	type FaultEnv,
} from './faultCase';

/**
 * Issue 14, defects 5, 6 and 7 as real servers show them: Directus' expiry in milliseconds, Parse's
 * application id on every call (Headers for Every Call), the credential Test without a Test Path,
 * header names and values checked before anything is sent, and a JSON string as a login error.
 */

/** Directus: `{"data":{"access_token":"<JWT>","expires":20000,"refresh_token":"…"}}`; the JWT's exp is 20 s too. */
const DIRECTUS = {
	tokenFormat: 'jwt' as const,
	sessionLifetime: 20,
	loginAnswer: {
		body: '{"data":{"access_token":"{token}","expires":20000,"refresh_token":"directus-refresh-0123456789"}}',
	},
};
const DIRECTUS_CREDENTIAL = { sessionPath: 'data.access_token', expiresInPath: 'data.expires' };

/** Parse: every request, the login included, needs X-Parse-Application-Id, else 403 {"error":"unauthorized"}. */
const PARSE_APP = { 'X-Parse-Application-Id': 'myParseApp' };
const PARSE = {
	provider: { apiHeaders: PARSE_APP },
	credential: { apiHeaders: JSON.stringify(PARSE_APP) },
};

/** A request stores a fresh token of this login, obtained 11 s ago (past the just-logged-in window). */
async function freshTokenStored(env: FaultEnv): Promise<void> {
	await env.n8n.runNode(new TokenHttpRequest(), {
		parameters: { url: '/me' },
		credentialId: env.credentialId,
	});
	const stored = env.n8n.store.get(env.credentialId).data;
	env.n8n.store.update(env.credentialId, {
		...stored,
		sessionObtainedAt: new Date(Date.now() - 11_000).toISOString(),
	});
}

const OK = { status: 'OK' as const, message: 'Connection successful!' };

/** No header of the credential's Headers for Every Call reached the other host. */
const noParseHeaderThere = ({ other }: FaultEnv) => {
	for (const request of other.requests())
		expect(Object.keys(request.headers)).not.toContain('x-parse-application-id');
};

export const realServerShapeCases: FaultCase[] = [
	// defect 5: Expires-In Unit
	getsMe(
		'defect 5: Directus expires 20000 with Expires-In Unit milliseconds: a 20 s lifetime',
		{ provider: DIRECTUS, credential: { ...DIRECTUS_CREDENTIAL, expiresInUnit: 'milliseconds' } },
		20,
	),
	getMe(
		'defect 5: Directus with Expires-In Unit seconds (wrong): the JWT exp (20 s) wins, with a warning stored',
		{ provider: DIRECTUS, credential: DIRECTUS_CREDENTIAL },
		{
			items: [{ id: 1, username: 'alice' }],
			provider: ['POST /login → 200', 'GET /me → 200 [token]'],
			lifetimeSeconds: 20,
			also: ({ n8n, credentialId }) => {
				const data = n8n.store.get(credentialId).data;
				// the JWT's exp is in whole seconds: 19 or 20 s after the login, as the warning says
				const fromJwt = Math.round(
					(Date.parse(String(data.sessionExpiresAt)) - Date.parse(String(data.sessionObtainedAt))) /
						1000,
				);
				expect([19, 20]).toContain(fromJwt);
				expect(data.sessionExpiryWarning).toBe(
					`Expires-In Path says the token lives 20000 s (Expires-In Unit is seconds), but the token's own JWT exp says ${fromJwt} s: the JWT exp is used. Check the unit, or choose Expiry Source: JWT Exp Claim.`,
				);
			},
		},
	),
	getsMe(
		'defect 5: Expires-In Unit minutes: expires_in 15 is 15 minutes',
		{
			provider: { loginAnswer: { body: '{"access_token":"{token}","expires_in":15}' } },
			credential: { expiresInUnit: 'minutes' },
		},
		900,
	),
	loginAnswerRefused(
		'defect 5: Expires-At Path mapped to Directus’ expires (a lifetime): a clear error, no call',
		{
			provider: DIRECTUS,
			credential: {
				...DIRECTUS_CREDENTIAL,
				expirySource: 'expiresAt',
				expiresAtPath: 'data.expires',
			},
		},
		'Expires-At Path: the login response holds a number that, read as an epoch time, lies before 2001: it looks like a lifetime, not a time. Choose Expiry Source: Expires-In Field with the matching Expires-In Unit',
	),

	// defect 6: Headers for Every Call
	getsMe(
		'defect 6: Parse’s X-Parse-Application-Id as Headers for Every Call: login and call work',
		PARSE,
	),
	{
		...credentialTestCase(
			'defect 6: the credential Test with a Test Path sends the header too',
			{ ...PARSE.credential, testPath: '/me' },
			OK,
			['POST /login → 200', 'GET /me → 200 [token]'],
		),
		provider: PARSE.provider,
	},
	{
		...credentialTestCase(
			'defect 6: the credential Test without a Test Path: login, then the Base URL, both with the header',
			PARSE.credential,
			OK,
			['POST /login → 200', 'GET / → 404 [token]'],
		),
		provider: PARSE.provider,
	},
	{
		...credentialTestCase(
			'defect 6: without a Test Path the Test always logs in, even with a fresh token of this login',
			{},
			OK,
			['POST /login → 200', 'GET / → 404 [token]'],
		),
		prepare: freshTokenStored,
	},
	{
		...credentialTestCase(
			'defect 6: with a Test Path and a fresh token of this login the Test does not log in',
			{ testPath: '/me' },
			OK,
			['GET /me → 200 [token]'],
		),
		prepare: freshTokenStored,
	},
	{
		name: 'defect 6: Headers for Every Call do not follow a redirect to another host',
		...PARSE,
		run: ({ other }) => ({ url: `/redirect?to=${encodeURIComponent(`${other.url}/landing`)}` }),
		expect: {
			items: [{ ok: true }],
			provider: ['POST /login → 200', 'GET /redirect → 302 [token]'],
			other: ['GET /landing'],
			also: noParseHeaderThere,
		},
	},
	refusedBeforeSending(
		'defect 6: a line break in a value of Headers for Every Call',
		{ apiHeaders: '{"X-Parse-Application-Id":"myApp\\r\\nX-Injected: 1"}' },
		'Headers for Every Call: expected header values on one line, got a value with a line break or a NUL character for header 1',
	),
	refusedBeforeSending(
		'defect 6: a header name with a space in Headers for Every Call',
		{ apiHeaders: '{"X-Ok":"1","X Parse App":"myApp"}' },
		'Headers for Every Call: expected header names of letters, digits and - such as X-Api-Key, got a name of 11 character(s) with other characters (spaces, colons, line breaks, …) as header 2',
	),
	refusedBeforeSending(
		'defect 6: Host in Headers for Every Call',
		{ apiHeaders: '{"Host":"evil.example"}' },
		'Headers for Every Call: expected headers the API reads, such as X-Api-Key, got "Host", a header the HTTP client sets itself or a proxy reads',
	),
	refusedBeforeSending(
		'defect 6: a line break in a value of Extra Login Headers',
		{ loginHeaders: '{"X-Ok":"1","X-Api-Key":"abc\\nX-Injected: 1"}' },
		'Extra Login Headers: expected header values on one line, got a value with a line break or a NUL character for header 2',
	),
	refusedBeforeSending(
		'defect 6: a colon in a name of Extra Login Headers',
		{ loginHeaders: '{"X-Api-Key:":"abc"}' },
		'Extra Login Headers: expected header names of letters, digits and - such as X-Api-Key, got a name of 10 character(s) with other characters (spaces, colons, line breaks, …) as header 1',
	),

	// defect 7: messages
	{
		name: 'defect 7: a header name with a space in Send Headers: refused, nothing sent',
		run: {
			url: '/me',
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'X Request', value: '1' }] },
		},
		expect: {
			error:
				'Send Headers: header 1 has a name of 9 character(s) with characters a header name cannot have (spaces, colons, line breaks, …); nothing was sent',
			provider: [],
		},
	},
	{
		name: 'defect 7: a line break in a Send Headers value: refused, nothing sent',
		run: {
			url: '/me',
			sendHeaders: true,
			specifyHeaders: 'json',
			jsonHeaders: '{"X-Ok":"1","X-Note":"a\\r\\nX-Injected: 1"}',
		},
		expect: {
			error:
				'Send Headers: header 2 has a value with a line break or a NUL character; nothing was sent',
			provider: [],
		},
	},
	getMe(
		'defect 7: a login error that is a JSON string is quoted',
		{ provider: { loginScript: [{ status: 503, body: 'Service temporarily unavailable' }] } },
		{
			error: ({ api }) =>
				`Login failed: POST ${api.url}/login answered HTTP 503 with "Service temporarily unavailable".`,
			provider: ['POST /login → 503'],
		},
	),
];
