import type { WrongPasswordAnswer } from '../../support/mock/tokenApi/options';
import { rateLimited, WRONG, type Case } from './disciplineCase';

/**
 * Issue 14, defects 1 and 4: how real servers refuse a wrong password (json-server-auth's 400 with a
 * JSON string, Parse's 404, OAuth2's 400 invalid_grant, a 422), which 4xx are not refusals, and
 * Retry-After values that are neither seconds nor an HTTP date.
 */

const CHECK_BODY =
	'Check Username, Password, Username Field, Password Field and Advanced Settings > Extra Login Body.';

/** A wrong password answered so: 20 items, batch size 1, Continue: 1 attempt, the same error for all. */
const refusedAs = (name: string, answer: WrongPasswordAnswer, message: string): Case => ({
	name: `defect 1: ${name}, 20 items, batch size 1, continue: 1 attempt`,
	provider: { wrongPasswordAnswer: answer },
	credential: { password: WRONG },
	steps: [{ items: 20, batchSize: 1, continueOnFail: true }],
	outcomes: [[`20× Login refused: {login} answered HTTP ${answer.status} with ${message}`]],
	saw: { attempts: 1, api: 0 },
});

/** A 4xx that means "not now": the login failed, but the next item logs in at once (no back-off). */
const notARefusal = (status: number, body: unknown, said: string): Case => ({
	name: `defect 1: a login answered ${status} is not a refusal: no back-off, the next item logs in`,
	provider: { loginScript: [{ status, body }] },
	steps: [{ items: 3, batchSize: 1, continueOnFail: true }],
	outcomes: [[`Login failed: {login} answered HTTP ${status} with ${said}.`, '2× ok']],
	saw: { attempts: 2, api: 2, logins: 1 },
});

const UNREADABLE =
	'Login rate-limited: {login} answered HTTP 429 and sent a Retry-After that is neither a number of seconds nor an HTTP date (ignored), so 60 s are assumed';

/** A 429 with this Retry-After on every attempt: 5 items × 2 executions, exactly 1 attempt. */
const retryAfterCase = (value: string, message: string): Case => ({
	name: `defect 4: Retry-After ${value}: 5 items × 2 executions, 1 attempt`,
	provider: rateLimited(value, 12),
	steps: [
		{ items: 5, batchSize: 1, continueOnFail: true },
		{ items: 5, batchSize: 1, continueOnFail: true },
	],
	outcomes: [[`5× ${message}`], [`5× ${message}`]],
	saw: { attempts: 1, api: 0 },
});

export const realServerRefusalCases: Case[] = [
	refusedAs(
		'json-server-auth: 400 with the JSON string "Incorrect password"',
		{ status: 400, body: 'Incorrect password' },
		`"Incorrect password". ${CHECK_BODY}`,
	),
	refusedAs(
		'Parse: 404 {"code":101,"error":"Invalid username/password."}',
		{ status: 404, body: { code: 101, error: 'Invalid username/password.' } },
		'"Invalid username/password.". Check Username, Password, Login URL and Advanced Settings > Login Method.',
	),
	refusedAs(
		'OAuth2 password grant: 400 invalid_grant',
		{
			status: 400,
			body: { error: 'invalid_grant', error_description: 'Invalid user credentials' },
		},
		`"Invalid user credentials" (invalid_grant). ${CHECK_BODY}`,
	),
	refusedAs(
		'a 422 with a validation message',
		{ status: 422, body: { message: 'These credentials do not match our records.' } },
		`"These credentials do not match our records.". ${CHECK_BODY}`,
	),
	notARefusal(408, { error: 'request timeout' }, '"request timeout"'),
	notARefusal(425, { error: 'too early' }, '"too early"'),
	retryAfterCase(
		'99999999999999999999',
		'Login rate-limited: {login} answered HTTP 429 and asks to wait 86400 s (Retry-After)',
	),
	retryAfterCase('-1', UNREADABLE),
	retryAfterCase('1.5', UNREADABLE),
];
