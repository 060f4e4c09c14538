import type { IHttpRequestOptions } from 'n8n-workflow';

import { loginScope, type TokenConfig, type TokenState } from './config';

/**
 * Marks the credential test request. n8n 2.x runs a credential's test with whatever token is
 * stored, so the Test button would not notice a wrong password; with this mark, authenticate()
 * asks for a login first (see needsLoginFirst).
 */
export const CREDENTIAL_TEST_HEADER = 'X-Login-Token-Credential-Test';

/** A token obtained this recently counts as "the login of this test". */
export const JUST_LOGGED_IN_MS = 10_000;

/** The request without the test mark, and whether it had one. */
export function takeTestMark(request: IHttpRequestOptions): {
	request: IHttpRequestOptions;
	isCredentialTest: boolean;
} {
	const headers = { ...(request.headers ?? {}) };
	const key = Object.keys(headers).find(
		(name) => name.toLowerCase() === CREDENTIAL_TEST_HEADER.toLowerCase(),
	);
	if (key === undefined) return { request, isCredentialTest: false };
	delete headers[key];
	return { request: { ...request, headers }, isCredentialTest: true };
}

/**
 * True if a request must not go out with the stored token: it belongs to another login (the
 * credential was pointed at another address or user), or this is the credential test and the
 * token was not just obtained. The credential then signals "token expired", on which n8n runs
 * preAuthentication (the login) and authenticates the request again.
 */
export function needsLoginFirst(
	config: TokenConfig,
	state: TokenState,
	isCredentialTest: boolean,
	now: number,
): boolean {
	const ownToken = state.token !== '' && state.scope === loginScope(config);
	if (state.token !== '' && !ownToken) return true;
	if (!isCredentialTest) return false;
	return !ownToken || state.obtainedAt === null || now - state.obtainedAt > JUST_LOGGED_IN_MS;
}

/** The error shape n8n's request helpers treat as "401: refresh the credential and retry once". */
export function tokenExpiredSignal(): Error & { response: { status: number } } {
	return Object.assign(
		new Error('A login is needed before this request (n8n runs it on this signal)'),
		{ response: { status: 401 } },
	);
}
