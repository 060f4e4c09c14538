import { WRONG, REFUSED, BREAKER, testAfterRequest, type Case } from './disciplineCase';

/**
 * The circuit breaker (every new token rejected), n8n 1.x's lost error causes, network faults,
 * and the credential Test button after a stored login.
 */
export const breakerAndFaultCases: Case[] = [
	{
		name: 'every new token rejected (API wants a header, credential sends bearer), 50 items, batch 5: 2 logins',
		provider: { sendSessionAs: 'header', sendSessionName: 'X-Session' },
		steps: [{ items: 50, batchSize: 5, continueOnFail: true }],
		outcomes: [['5× {rejectedAgain}', `45× ${BREAKER}`]],
		saw: { attempts: 2, api: 15, logins: 2 },
	},
	{
		name: 'every new token rejected, 50 concurrent items, stop on error: 2 logins',
		provider: { sendSessionAs: 'header', sendSessionName: 'X-Session' },
		steps: [{ items: 50 }],
		outcomes: [['thrown: {rejectedAgain}']],
		saw: { attempts: 2, api: 100, logins: 2 },
	},
	{
		name: 'every new token rejected, a second execution: the breaker again after 1 more login',
		provider: { sendSessionAs: 'query', sendSessionName: 'session' },
		steps: [
			{ items: 4, batchSize: 1, continueOnFail: true },
			{ items: 4, batchSize: 1, continueOnFail: true },
		],
		outcomes: [
			['{rejectedAgain}', `3× ${BREAKER}`],
			['{rejectedAgain}', `3× ${BREAKER}`],
		],
		saw: { attempts: 3, api: 6, logins: 3 },
	},
	{
		name: 'n8n 1.x drops the login error as cause: the node still shows the refusal',
		credential: { password: WRONG },
		steps: [{ dropCause: true, continueOnFail: true, items: 2 }],
		outcomes: [[`2× ${REFUSED}`]],
		saw: { attempts: 1, api: 0 },
	},
	{
		name: 'n8n 1.x drops the cause of a 429 too: the node still names the wait',
		provider: { loginScript: [{ status: 429, headers: { 'Retry-After': '120' } }] },
		steps: [{ dropCause: true, continueOnFail: true }],
		outcomes: [
			['Login rate-limited: {login} answered HTTP 429 and asks to wait 120 s (Retry-After)'],
		],
		saw: { attempts: 1, api: 0 },
	},
	{
		name: 'login connection closed after the provider read it: says it may have arrived; no back-off',
		provider: { loginMisbehaviour: 'resetConnection' },
		steps: [{ continueOnFail: true }, { continueOnFail: true }],
		outcomes: [
			[
				'Login failed: the login request to {host} got no answer: the connection was closed; it may have reached the server',
			],
			[
				'Login failed: the login request to {host} got no answer: the connection was closed; it may have reached the server',
			],
		],
		saw: { attempts: 2, api: 0, logins: 2 },
	},
	{
		name: 'login answer with keys named like error codes: the message is kept, not rewritten by n8n',
		provider: { loginMisbehaviour: 'errorCodeKeys' },
		steps: [{ continueOnFail: true }],
		outcomes: [
			[
				'Token Path: not found in the login response (the path stops after (top level), which has keys: E\u200bCONNRESET, E\u200bNOTFOUND, E\u200bPERM)',
			],
		],
		saw: { attempts: 1, api: 0, logins: 1 },
	},
	{
		name: 'a POST whose connection is closed after the provider booked it: booked once, honest message',
		steps: [
			{
				parameters: {
					method: 'POST',
					url: '/payments?reset=1',
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '{"amount": 125}',
				},
			},
		],
		outcomes: [
			[
				'thrown: The request to {host} got no answer: the connection was closed; it may have reached the server; it was not sent again',
			],
		],
		saw: { attempts: 1, api: 1, logins: 1, sideEffects: 1 },
	},
	{
		name: 'a call that times out after it was sent: honest message, not repeated',
		steps: [
			{ parameters: { url: '/slow?ms=2000', options: { timeout: 300 } }, continueOnFail: true },
		],
		outcomes: [
			[
				'The request to {host} timed out before an answer arrived; it may have reached the server; it was not sent again',
			],
		],
		saw: { attempts: 1, api: 1, logins: 1 },
	},
	{
		name: 'an API host that refuses the connection: nothing was sent',
		closedApi: true,
		steps: [{ continueOnFail: true, items: 2 }],
		outcomes: [['2× {apiHost} refused the connection (nothing was sent); it was not sent again']],
		saw: { attempts: 1, api: 0, logins: 1 },
	},
	testAfterRequest(
		'credential test twice with a fresh token of the same login: 0 logins, Test Path called',
		[{}, {}],
		'test OK: Connection successful!',
		{ attempts: 1, api: 3, logins: 1 },
	),
	testAfterRequest(
		'credential test after the password changed: logs in, so a wrong password is caught',
		[{ password: WRONG }],
		`test Error: ${REFUSED}`,
		{ attempts: 2, api: 1, logins: 1 },
	),
	testAfterRequest(
		'credential test after a login setting changed (same password): logs in',
		[{ loginBody: '{"client_id":"x"}' }],
		'test OK: Connection successful!',
		{ attempts: 2, api: 2, logins: 2 },
	),
	testAfterRequest(
		'credential test without a stored login hash (token from an older version): logs in',
		[{ sessionLoginHash: '' }],
		'test OK: Connection successful!',
		{ attempts: 2, api: 2, logins: 2 },
	),
];
