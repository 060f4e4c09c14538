/**
 * Login discipline, circuit breaker and honest network errors, as a table: each case runs one or
 * more executions (in one simulated n8n process) through n8n-core's real request path against the
 * mock provider, and asserts every item's outcome with its exact message, the login attempts and
 * API requests the provider saw, and that no secret appears in output, errors (every property and
 * cause) or the console.
 */
import * as net from 'node:net';

import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { TokenHttpRequest } from '../../nodes/TokenHttpRequest/TokenHttpRequest.node';
import { TokenStatus } from '../../nodes/TokenStatus/TokenStatus.node';
import type { MockTokenApiOptions } from '../support/mock/tokenApi';
import { newProcess } from '../support/processLogins';
import { captureConsole, items, PASSWORD, world, type World } from './setup';

const WRONG = 'wrong-Passw0rd-SECRET';
const REJECTED_AGAIN =
	'The API rejected the new token as well (HTTP 401, one of the Expired-Token Status Codes). The request was sent twice, because the first answer meant the token had expired, and is not sent again. Check Send Token As, Token Parameter Name and Token Prefix; if the API answers this way for other reasons, narrow Expired-Token Status Codes or Expired-Token Body Match';
const REFUSED =
	'Login refused: {login} answered HTTP 401 with "Bad credentials" (invalid_grant). Check Username, Password and Send Credentials As (now: JSON Body).';
const BREAKER =
	'Every new token was rejected by the API within seconds of its login, so the credential settings are wrong, not the token: check Send Token As, Token Parameter Name and Expired-Token Status Codes';
const RETRY_ADVICE = /retry the request immediately/i;

interface Step {
	/** Token HTTP Request (default), Token Status, the credential test, or a setting/clock change */
	kind?: 'request' | 'status' | 'test';
	items?: number;
	batchSize?: number;
	continueOnFail?: boolean;
	parameters?: IDataObject;
	/** credential fields changed (as the user would in the form) before this step */
	credential?: IDataObject;
	/** the process clock moves this far before this step */
	advanceMs?: number;
	/** runs this many executions of the step at once */
	parallel?: number;
	/** simulates n8n 1.x, whose NodeApiError drops the `cause` of the login's error */
	dropCause?: boolean;
}

interface Case {
	name: string;
	provider?: MockTokenApiOptions | (() => MockTokenApiOptions);
	credential?: IDataObject;
	/** the Base URL points at a closed port (the login, absolute, at the provider) */
	closedApi?: boolean;
	steps: Step[];
	/** per step: the outcome of every item, runs of equal outcomes written `N× outcome` */
	outcomes: string[][];
	/** what the provider saw: requests to the login and to the API; logins and side effects it counted */
	saw: { attempts: number; api: number; logins?: number; sideEffects?: number };
}

const retryAfterDate = (seconds: number) => new Date(Date.now() + seconds * 1000).toUTCString();
/** A provider whose login answers 429 with this Retry-After, `times` times before it logs in. */
const rateLimited = (retryAfter: string, times = 1): MockTokenApiOptions => ({
	loginScript: Array.from({ length: times }, () => ({
		status: 429,
		headers: { 'Retry-After': retryAfter },
	})),
});

/**
 * One request stores a token (Test Path /me), then the credential's Test button runs once per entry
 * of `tests`, each after those credential changes ({} for none); every test answers `outcome`.
 */
const testAfterRequest = (
	name: string,
	tests: IDataObject[],
	outcome: string,
	saw: Case['saw'],
): Case => ({
	name,
	credential: { testPath: '/me' },
	steps: [
		{ items: 1 },
		...tests.map(
			(change): Step =>
				Object.keys(change).length ? { kind: 'test', credential: change } : { kind: 'test' },
		),
	],
	outcomes: [['ok'], ...tests.map(() => [outcome])],
	saw,
});

const cases: Case[] = [
	{
		name: 'wrong password, 50 items, batch size 1, continue: 1 attempt, the same error for all',
		credential: { password: WRONG },
		steps: [{ items: 50, batchSize: 1, continueOnFail: true }],
		outcomes: [[`50× ${REFUSED}`]],
		saw: { attempts: 1, api: 0 },
	},
	{
		name: 'wrong password, 50 concurrent items, stop on error: 1 attempt',
		credential: { password: WRONG },
		steps: [{ items: 50 }],
		outcomes: [[`thrown: ${REFUSED}`]],
		saw: { attempts: 1, api: 0 },
	},
	{
		name: 'wrong password, 403 from the login: refused the same way',
		provider: { loginScript: [{ status: 403, body: { error: 'locked' } }] },
		steps: [{ items: 10, batchSize: 2, continueOnFail: true }],
		outcomes: [
			[
				'10× Login refused: {login} answered HTTP 403 with "locked". Check Username, Password and Send Credentials As (now: JSON Body).',
			],
		],
		saw: { attempts: 1, api: 0 },
	},
	{
		name: 'wrong password, 3 executions in one process: the back-off keeps it at 1 attempt',
		credential: { password: WRONG },
		steps: [{ continueOnFail: true }, { continueOnFail: true }, { kind: 'status' }],
		outcomes: [[REFUSED], [REFUSED], [`thrown: ${REFUSED}`]],
		saw: { attempts: 1, api: 0 },
	},
	{
		name: 'wrong password, 4 parallel executions: 1 attempt',
		credential: { password: WRONG },
		steps: [{ items: 5, continueOnFail: true, parallel: 4 }],
		outcomes: [[`20× ${REFUSED}`]],
		saw: { attempts: 1, api: 0 },
	},
	{
		name: 'wrong password, after the back-off (60 s) one new attempt',
		credential: { password: WRONG },
		steps: [
			{ continueOnFail: true },
			{ continueOnFail: true, advanceMs: 30_000 },
			{ continueOnFail: true, advanceMs: 31_000 },
			{ continueOnFail: true, advanceMs: 60_000 },
		],
		outcomes: [[REFUSED], [REFUSED], [REFUSED], [REFUSED]],
		saw: { attempts: 2, api: 0 }, // the second back-off is 120 s
	},
	{
		name: 'wrong password, then the password corrected: logged in at once',
		credential: { password: WRONG },
		steps: [{ continueOnFail: true }, { credential: { password: PASSWORD }, items: 3 }],
		outcomes: [[REFUSED], ['3× ok']],
		saw: { attempts: 2, api: 3, logins: 1 },
	},
	{
		name: 'wrong password, then a login setting changed: tried at once (and refused again)',
		credential: { password: WRONG },
		steps: [
			{ continueOnFail: true },
			{ continueOnFail: true, credential: { loginBody: '{"client_id":"x"}' } },
		],
		outcomes: [[REFUSED], [REFUSED]],
		saw: { attempts: 2, api: 0 },
	},
	{
		name: 'login 429 with Retry-After 600, 20 items, batch size 1: 1 attempt, fails at once naming the wait',
		provider: rateLimited('600'),
		steps: [{ items: 20, batchSize: 1, continueOnFail: true }, { continueOnFail: true }],
		outcomes: [
			['20× Login rate-limited: {login} answered HTTP 429 and asks to wait 600 s (Retry-After)'],
			['Login rate-limited: {login} answered HTTP 429 and asks to wait 600 s (Retry-After)'],
		],
		saw: { attempts: 1, api: 0 },
	},
	{
		name: 'login 429 with Retry-After 1: waited once, retried once, every item succeeds',
		provider: rateLimited('1'),
		steps: [{ items: 30 }],
		outcomes: [['30× ok']],
		saw: { attempts: 2, api: 30, logins: 1 },
	},
	{
		name: 'login 429 with Retry-After as an HTTP date 2 s ahead: waited, then logged in',
		provider: () => rateLimited(retryAfterDate(2)),
		steps: [{ items: 3, batchSize: 1 }],
		outcomes: [['3× ok']],
		saw: { attempts: 2, api: 3, logins: 1 },
	},
	{
		name: 'login 429 with Retry-After as an HTTP date an hour ahead: fails at once',
		provider: () => rateLimited(retryAfterDate(3600)),
		steps: [{ items: 5, batchSize: 1, continueOnFail: true }],
		outcomes: [
			[/^5× Login rate-limited: .* and asks to wait (3599|3600) s \(Retry-After\)$/.source],
		],
		saw: { attempts: 1, api: 0 },
	},
	{
		name: 'login 429 twice with a short Retry-After: one wait, one retry, then the error',
		provider: rateLimited('1', 2),
		steps: [{ items: 4, continueOnFail: true }],
		outcomes: [
			['4× Login rate-limited: {login} answered HTTP 429 and asks to wait 1 s (Retry-After)'],
		],
		saw: { attempts: 2, api: 0 },
	},
	{
		name: 'login 429 without Retry-After: a minute assumed, no second attempt in it',
		provider: { loginScript: [{ status: 429 }] },
		// 50 s later, inside the assumed minute (each login also waits the queue-mode lease's 1 s settle delay)
		steps: [{ continueOnFail: true }, { continueOnFail: true, advanceMs: 50_000 }],
		outcomes: [
			[
				'Login rate-limited: {login} answered HTTP 429 and named no wait (no Retry-After), so 60 s are assumed',
			],
			[
				'Login rate-limited: {login} answered HTTP 429 and named no wait (no Retry-After), so 60 s are assumed',
			],
		],
		saw: { attempts: 1, api: 0 },
	},
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

/** Every string reachable from a value: own properties (enumerable or not), causes, nested objects. */
function everything(value: unknown, seen = new Set<unknown>()): string {
	if (value === null || value === undefined) return '';
	if (typeof value !== 'object') return String(value);
	if (seen.has(value)) return '';
	seen.add(value);
	const parts: string[] = [];
	for (const key of Object.getOwnPropertyNames(value)) {
		parts.push(key, everything((value as Record<string, unknown>)[key], seen));
	}
	return parts.join('\n');
}

function compress(outcomes: string[]): string[] {
	const runs: Array<{ text: string; count: number }> = [];
	for (const text of outcomes) {
		const last = runs[runs.length - 1];
		if (last && last.text === text) last.count++;
		else runs.push({ text, count: 1 });
	}
	return runs.map(({ text, count }) => (count > 1 ? `${count}× ${text}` : text));
}

async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

let w: World;
afterEach(async () => {
	jest.restoreAllMocks();
	await w?.api.close();
});

describe('login discipline, circuit breaker, honest errors', () => {
	it('has at least 20 cases', () => expect(cases.length).toBeGreaterThanOrEqual(20));

	it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		const closed = c.closedApi ? await closedPort() : undefined;
		w = await world(
			typeof c.provider === 'function' ? c.provider() : (c.provider ?? {}),
			c.credential ?? {},
		);
		if (closed !== undefined) {
			const stored = w.n8n.store.get(w.credentialId).data;
			w.n8n.store.update(w.credentialId, {
				...stored,
				baseUrl: `http://127.0.0.1:${closed}`,
				loginUrl: `${w.api.url}/login`,
			});
		}
		let offset = 0;
		newProcess(() => Date.now() + offset);
		const host = w.api.url.replace('http://', '');
		const apiHost = closed === undefined ? host : `127.0.0.1:${closed}`;
		const seen: unknown[] = [];
		const console = captureConsole();
		const outcomes: string[][] = [];
		try {
			for (const step of c.steps) {
				offset += step.advanceMs ?? 0;
				if (step.credential) {
					const stored = w.n8n.store.get(w.credentialId).data;
					w.n8n.store.update(w.credentialId, {
						...stored,
						...(step.credential as ICredentialDataDecryptedObject),
					});
				}
				if (step.dropCause) {
					const original = w.n8n.credentialsHelper.preAuthentication.bind(w.n8n.credentialsHelper);
					jest
						.spyOn(w.n8n.credentialsHelper, 'preAuthentication')
						.mockImplementation(async (...args) => {
							try {
								return await original(...args);
							} catch (error) {
								// n8n-workflow 1.x: the wrapper keeps the message, loses the error itself
								throw Object.assign(new Error((error as Error).message), { name: 'NodeApiError' });
							}
						});
				}
				const executions = Array.from({ length: step.parallel ?? 1 }, async () => {
					if (step.kind === 'test') {
						const result = await w.n8n.testCredential(w.credentialId);
						seen.push(result);
						return [`test ${result.status}: ${result.message}`];
					}
					const status = step.kind === 'status';
					try {
						const output: INodeExecutionData[][] = await w.n8n.runNode(
							status ? new TokenStatus() : new TokenHttpRequest(),
							{
								parameters: status
									? { operation: 'ensureFresh' }
									: {
											url: '/me',
											...step.parameters,
											options: {
												...((step.parameters?.options as IDataObject) ?? {}),
												batching: { batch: { batchSize: step.batchSize ?? 50 } },
											},
										},
								credentialId: w.credentialId,
								items: items(step.items ?? 1),
								continueOnFail: step.continueOnFail,
							},
						);
						seen.push(output);
						return output[0].map((item) => (item.error ? item.error.message : 'ok'));
					} catch (error) {
						seen.push(error);
						return [`thrown: ${(error as Error).message}`];
					}
				});
				outcomes.push(compress((await Promise.all(executions)).flat()));
				jest.restoreAllMocks();
			}
		} finally {
			console.restore();
		}

		const expected = c.outcomes.map((step) =>
			step.map((text) =>
				text
					.replace(/\{host\}/g, host)
					.replace(/\{apiHost\}/g, apiHost)
					.replace(/\{login\}/g, `POST ${w.api.url}/login`)
					.replace(/\{rejectedAgain\}/g, REJECTED_AGAIN),
			),
		);
		outcomes.forEach((step, i) =>
			step.forEach((text, k) =>
				expected[i][k].startsWith('^')
					? expect(text).toMatch(new RegExp(expected[i][k]))
					: expect(text).toBe(expected[i][k]),
			),
		);
		expect(outcomes.map((step) => step.length)).toEqual(expected.map((step) => step.length));

		const requests = w.api.requests();
		expect({
			attempts: requests.filter((r) => r.path === '/login').length,
			api: requests.filter((r) => r.path !== '/login').length,
		}).toEqual({ attempts: c.saw.attempts, api: c.saw.api });
		if (c.saw.logins !== undefined) expect(w.api.counters().logins).toBe(c.saw.logins);
		if (c.saw.sideEffects !== undefined)
			expect(w.api.counters().sideEffects).toBe(c.saw.sideEffects);

		const text = `${everything(seen)}\n${console.text()}\n${JSON.stringify(w.n8n.store.get(w.credentialId).data.sessionLoginHash ?? '')}`;
		for (const secret of [PASSWORD, WRONG, ...w.api.issuedTokens()])
			expect(text).not.toContain(secret);
		expect(text).not.toMatch(RETRY_ADVICE);
	});
});
