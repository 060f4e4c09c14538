import type { IHttpRequestOptions } from 'n8n-workflow';

import {
	buildLoginRequest,
	configSecrets,
	LOGIN_TIMEOUT_MS,
	isLoginTokenError,
	LoginTokenError,
	readLoginResponse,
	readRetryAfter,
	headerOf,
	type HttpResponse,
	type TokenConfig,
	type TokenState,
} from '../engine';
import { describeNetworkError, withoutErrorCodes } from './networkError';
import type { RateLimited } from './processLogins';

/** The one n8n helper a login needs; preAuthentication gets exactly this. */
export interface HttpRequester {
	httpRequest(options: IHttpRequestOptions): Promise<unknown>;
}

/** Performs the login once and reads the token and its expiry from the answer. */
export async function logIn(
	http: HttpRequester,
	config: TokenConfig,
	now: () => number = Date.now,
): Promise<TokenState> {
	let response: HttpResponse;
	// The request's own timeout only fires while the connection is idle: an answer that trickles in
	// a byte at a time would hold the login (and every item waiting for it) for as long as it likes.
	// The deadline bounds the whole exchange (AbortSignal.timeout's timer keeps no process alive).
	const deadline = AbortSignal.timeout(LOGIN_TIMEOUT_MS);
	try {
		response = (await http.httpRequest({
			...buildLoginRequest(config),
			abortSignal: deadline,
		})) as HttpResponse;
	} catch (error) {
		const host = new URL(config.loginUrl).host;
		const phrase = deadline.aborted
			? `the login request to ${host} did not finish within ${LOGIN_TIMEOUT_MS / 1000} s (the answer never came, or kept trickling in); it may have reached the server`
			: describeNetworkError(
					error,
					'the login request',
					host,
					[...configSecrets(config), config.username],
					config.tls,
				);
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- runs in the credential's preAuthentication, which has no node to build a NodeApiError from; the nodes turn this into one (toNodeError)
		throw new LoginTokenError('loginFailed', `Login failed: ${phrase}`, { field: 'loginUrl' });
	}
	try {
		return readLoginResponse(config, response, now());
	} catch (error) {
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- preAuthentication has no node; readLoginResponse throws only LoginTokenErrors, which the nodes turn into n8n errors (toNodeError)
		if (!isLoginTokenError(error)) throw error;
		// Messages may quote response keys; n8n rewrites any message that contains an error code.
		const safe = new LoginTokenError(error.kind, withoutErrorCodes(error.message), {
			field: error.field,
			loginStatus: error.loginStatus,
			description: error.description,
		});
		if (response.statusCode === 429) {
			const retryAfter = readRetryAfter(headerOf(response.headers, 'retry-after'), now());
			Object.assign(safe, {
				retryAfterMs: retryAfter.kind === 'wait' ? retryAfter.ms : undefined,
				retryAfterUnreadable: retryAfter.kind === 'unreadable',
			} satisfies RateLimited);
		}
		throw safe;
	}
}
