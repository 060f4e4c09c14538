import type { IHttpRequestOptions } from 'n8n-workflow';

import {
	buildLoginRequest,
	isLoginTokenError,
	LoginTokenError,
	readLoginResponse,
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

/** Retry-After in ms: delta-seconds or an HTTP date (RFC 9110 10.2.3); undefined if absent or unreadable. */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	if (/^\s*\d+\s*$/.test(text)) return Number(text) * 1000;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Performs the login once and reads the token and its expiry from the answer. */
export async function logIn(
	http: HttpRequester,
	config: TokenConfig,
	now: () => number = Date.now,
): Promise<TokenState> {
	let response: HttpResponse;
	try {
		response = (await http.httpRequest(buildLoginRequest(config))) as HttpResponse;
	} catch (error) {
		const phrase = describeNetworkError(
			error,
			'the login request',
			new URL(config.loginUrl).host,
			[config.password, config.username],
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
			(safe as LoginTokenError & RateLimited).retryAfterMs = parseRetryAfter(
				headerOf(response.headers, 'retry-after'),
				now(),
			);
		}
		throw safe;
	}
}
