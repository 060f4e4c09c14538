import type { IHttpRequestOptions } from 'n8n-workflow';

import { buildLoginRequest, LoginTokenError, readLoginResponse, redact, type HttpResponse, type TokenConfig, type TokenState } from '../engine';

/** The one n8n helper a login needs; preAuthentication gets exactly this. */
export interface HttpRequester {
	httpRequest(options: IHttpRequestOptions): Promise<unknown>;
}

/** Network-level failure in words, without the library's message (it may quote URLs or headers). */
function describeNetworkError(error: unknown, config: TokenConfig): string {
	const code = (error as { code?: unknown })?.code;
	const host = new URL(config.loginUrl).host;
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return `the login request to ${host} timed out`;
	if (code === 'ECONNREFUSED') return `${host} refused the connection`;
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${host} could not be resolved`;
	if (typeof code === 'string') return `the login request to ${host} failed (${code})`;
	const message = error instanceof Error ? redact(error.message, [config.password, config.username]) : 'unknown error';
	return `the login request to ${host} failed: ${message}`;
}

/** Performs the login once and reads the token and its expiry from the answer. */
export async function logIn(http: HttpRequester, config: TokenConfig, now: () => number = Date.now): Promise<TokenState> {
	let response: HttpResponse;
	try {
		response = (await http.httpRequest(buildLoginRequest(config))) as HttpResponse;
	} catch (error) {
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- runs in the credential's preAuthentication, which has no node to build a NodeApiError from; the nodes turn this into one (toNodeError)
		throw new LoginTokenError('loginFailed', `Login failed: ${describeNetworkError(error, config)}`, { field: 'loginUrl' });
	}
	return readLoginResponse(config, response, now());
}
