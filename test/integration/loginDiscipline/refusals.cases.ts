import { PASSWORD } from '../setup';
import { WRONG, REFUSED, retryAfterDate, rateLimited, type Case } from './disciplineCase';

/** Refused logins, the back-off after them, and 429 answers with and without Retry-After. */
export const refusalCases: Case[] = [
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
];
