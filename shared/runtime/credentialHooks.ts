import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
} from 'n8n-workflow';

import {
	applyTls,
	assertCredentialHost,
	confineRedirects,
	CREDENTIAL_TEST_HEADER,
	isTokenFresh,
	JUST_LOGGED_IN_MS,
	loginScope,
	loginHash,
	matchesLoginHash,
	needsLoginFirst,
	parseTokenConfig,
	parseTokenConfigCached,
	placeToken,
	readTokenState,
	requestUrl,
	takeTestMark,
	tokenExpiredSignal,
	tokenStateFields,
	type TokenConfig,
} from '../engine';
import { leaseFields } from '../engine/loginLease';
import { takeCredentialWrite } from './credentialWrite';
import { logIn } from './login';
import { processLogins } from './processLogins';

/**
 * The credential's preAuthentication: logs in (sharing a login already under way in this process)
 * and returns the fields n8n persists, encrypted.
 */
export async function loginForCredential(
	helpers: IHttpRequestHelper['helpers'],
	credentials: ICredentialDataDecryptedObject,
): Promise<IDataObject> {
	// [cluster-login hook] a write a node asked for (its login lease): persisted as is, no login.
	const write = takeCredentialWrite(credentials);
	if (write) return write;
	const config = parseTokenConfig(credentials);
	const current = typeof credentials.sessionToken === 'string' ? credentials.sessionToken : '';
	const context = {
		refreshToken: usableRefreshToken(config, credentials),
		onRefreshRefused: (refused: string) => processLogins.markRejected(config, refused),
		onStepSecrets: (secrets: string[]) => processLogins.rememberStepSecrets(config, secrets),
	};
	const state = await processLogins
		.login(config, current, async () => await logIn(helpers, config, Date.now, context), {
			force: processLogins.takeForcedLogin(config),
		})
		.finally(async () => await processLogins.stopLeaseRenewal(config));
	return {
		...tokenStateFields(state),
		sessionLoginHash: loginHash(config),
		// [cluster-login hook] a stored token releases the login lease, and says which process stored
		// it (another process's token tells a main that it is not alone: loginLease.mayShareCredential).
		...leaseFields(undefined),
		sessionLoggedInBy: processLogins.processId,
	};
}

/**
 * The stored refresh token, when it belongs to this very login (same address, user, password and
 * settings: a changed password logs in with it) and the provider has not refused it already.
 */
function usableRefreshToken(
	config: TokenConfig,
	credentials: ICredentialDataDecryptedObject,
): string | undefined {
	if (!config.steps.refresh) return undefined;
	const { refreshToken, scope } = readTokenState(credentials);
	if (!refreshToken || scope !== loginScope(config)) return undefined;
	if (!matchesLoginHash(config, credentials.sessionLoginHash)) return undefined;
	return processLogins.wasRejected(config, refreshToken) ? undefined : refreshToken;
}

/**
 * The credential's authenticate: places the token, on the Base URL's host only, and keeps it there
 * when n8n follows redirects (confineRedirects). Asks n8n for a login first (by the expired-token
 * signal n8n acts on) when the stored token belongs to another login, and on the Test button unless
 * the stored token is fresh and was obtained by this very login (same settings, same password:
 * sessionLoginHash), so a changed password is still caught and an unchanged one costs no login.
 */
export function authenticateRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	const config = parseTokenConfigCached(credentials);
	const state = readTokenState(credentials);
	const { request, isCredentialTest } = takeTestMark(requestOptions);
	assertCredentialHost(config, requestUrl(request));
	const now = Date.now();
	if (isCredentialTest) {
		const sameLogin = matchesLoginHash(config, credentials.sessionLoginHash);
		const justLoggedIn = state.obtainedAt !== null && now - state.obtainedAt <= JUST_LOGGED_IN_MS;
		// Without a Test Path the login is all the test checks, so it always logs in; with one, a
		// fresh token of this very login is checked by the GET there instead.
		const usable = justLoggedIn || (config.testPath !== '' && isTokenFresh(config, state, now));
		if (!sameLogin || !usable || needsLoginFirst(config, state, false, now))
			throw tokenExpiredSignal();
	} else if (needsLoginFirst(config, state, false, now)) throw tokenExpiredSignal();
	return applyTls(config.tls, confineRedirects(config, placeToken(config, state.token, request)));
}

/** The Test button's request: n8n logs in first (authenticateRequest sees the test mark). */
export const credentialTestRequest: ICredentialTestRequest = {
	request: {
		baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
		url: '={{$credentials.testPath}}',
		method: 'GET',
		headers: { [CREDENTIAL_TEST_HEADER]: 'true' },
		// Without a Test Path the login itself is the test; the call to the Base URL may answer anything.
		ignoreHttpStatusErrors: '={{!$credentials.testPath}}' as unknown as boolean,
	},
	// n8n shows these texts as they are (no expressions), so they name fields, not the URL.
	rules: [
		{
			type: 'responseCode',
			properties: {
				value: 401,
				message:
					'Logged in, but the API rejected the token on the GET to Test Path (HTTP 401): check Send Token As, Token Parameter Name and Advanced Settings > Token Prefix.',
			},
		},
		{
			type: 'responseCode',
			properties: {
				value: 403,
				message:
					'Logged in, but the GET to Test Path was refused (HTTP 403): this user may not read that path, or the API wants the token another way. Try a path every user may read, such as /me, and check Send Token As.',
			},
		},
		{
			type: 'responseCode',
			properties: {
				value: 404,
				message:
					'Logged in, but the GET to Test Path found nothing (HTTP 404): set Test Path to a path on the Base URL that every user may read, such as /me.',
			},
		},
	],
};
