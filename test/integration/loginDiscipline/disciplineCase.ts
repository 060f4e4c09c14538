import type { IDataObject } from 'n8n-workflow';

import type { MockTokenApiOptions } from '../../support/mock/tokenApi';

export const WRONG = 'wrong-Passw0rd-SECRET';
export const REJECTED_AGAIN =
	'The API rejected the new token as well (HTTP 401, one of the Expired-Token Status Codes). The request was sent twice, because the first answer meant the token had expired, and is not sent again. Check Send Token As, Token Parameter Name and Token Prefix; if the API answers this way for other reasons, narrow Expired-Token Status Codes or Expired-Token Body Match';
export const REFUSED =
	'Login refused: {login} answered HTTP 401 with "Bad credentials" (invalid_grant). Check Username, Password and Send Credentials As (now: JSON Body).';
export const BREAKER =
	'Every new token was rejected by the API within seconds of its login, so the credential settings are wrong, not the token: check Send Token As, Token Parameter Name and Expired-Token Status Codes';
export const RETRY_ADVICE = /retry the request immediately/i;

export interface Step {
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

export interface Case {
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

export const retryAfterDate = (seconds: number) =>
	new Date(Date.now() + seconds * 1000).toUTCString();
/** A provider whose login answers 429 with this Retry-After, `times` times before it logs in. */
export const rateLimited = (retryAfter: string, times = 1): MockTokenApiOptions => ({
	loginScript: Array.from({ length: times }, () => ({
		status: 429,
		headers: { 'Retry-After': retryAfter },
	})),
});

/**
 * One request stores a token (Test Path /me), then the credential's Test button runs once per entry
 * of `tests`, each after those credential changes ({} for none); every test answers `outcome`.
 */
export const testAfterRequest = (
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
