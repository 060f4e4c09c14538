import type { IHttpRequestOptions } from 'n8n-workflow';

import {
	buildLoginRequest,
	LoginTokenError,
	readLoginResponse,
	type HttpResponse,
	type TokenConfig,
	type TokenState,
} from '../engine';
import { describeNetworkError } from './networkError';

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
	try {
		response = (await http.httpRequest(buildLoginRequest(config))) as HttpResponse;
	} catch (error) {
		const phrase = describeNetworkError(error, 'the login request', new URL(config.loginUrl).host, [
			config.password,
			config.username,
		]);
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- runs in the credential's preAuthentication, which has no node to build a NodeApiError from; the nodes turn this into one (toNodeError)
		throw new LoginTokenError('loginFailed', `Login failed: ${phrase}`, { field: 'loginUrl' });
	}
	return readLoginResponse(config, response, now());
}
