import type { IHttpRequestOptions } from 'n8n-workflow';

import {
	buildLoginRequest,
	buildPostLoginRequest,
	buildPreLoginRequest,
	buildRefreshRequest,
	configSecrets,
	headerOf,
	isLoginTokenError,
	LOGIN_TIMEOUT_MS,
	LoginTokenError,
	readLoginResponse,
	readPostLoginAnswer,
	readPreLoginAnswer,
	readRefreshAnswer,
	readRetryAfter,
	totpCode,
	type HttpResponse,
	type LoginExtras,
	type TokenConfig,
	type TokenState,
} from '../engine';
import { describeNetworkError, withoutErrorCodes } from './networkError';
import type { RateLimited } from './processLogins';

/** The one n8n helper a login needs; preAuthentication gets exactly this. */
export interface HttpRequester {
	httpRequest(options: IHttpRequestOptions): Promise<unknown>;
}

/** What the stored credential offers a login: the refresh token of this very login, if any. */
export interface LoginContext {
	refreshToken?: string;
	/** the provider refused `refreshToken`: it must not be offered again */
	onRefreshRefused?: (refreshToken: string) => void;
	/** values of the pre-login step (captured value, cookies) to keep out of every output */
	onStepSecrets?: (secrets: string[]) => void;
}

/**
 * One exchange of a login: sent once, within the login's deadline, its answer read by `read`.
 * Network failures and unreadable answers become LoginTokenErrors in words; a 429 carries its
 * Retry-After for the back-off (processLogins.ts).
 */
async function exchange<T>(
	http: HttpRequester,
	config: TokenConfig,
	step: { request: IHttpRequestOptions; what: string; secrets: string[] },
	deadline: AbortSignal,
	read: (response: HttpResponse) => T,
	now: () => number,
): Promise<T> {
	let response: HttpResponse;
	try {
		response = (await http.httpRequest({ ...step.request, abortSignal: deadline })) as HttpResponse;
	} catch (error) {
		const host = new URL(String(step.request.url)).host;
		const phrase = deadline.aborted
			? `${step.what} to ${host} did not finish within ${LOGIN_TIMEOUT_MS / 1000} s, the limit for a whole login (the answer never came, or kept trickling in); it may have reached the server`
			: describeNetworkError(
					error,
					step.what,
					host,
					[...configSecrets(config), config.username, ...step.secrets],
					config.tls,
				);
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- runs in the credential's preAuthentication, which has no node to build a NodeApiError from; the nodes turn this into one (toNodeError)
		throw new LoginTokenError('loginFailed', `Login failed: ${phrase}`, { field: 'loginUrl' });
	}
	try {
		return read(response);
	} catch (error) {
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- preAuthentication has no node; the readers throw only LoginTokenErrors, which the nodes turn into n8n errors (toNodeError)
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

/**
 * Obtains a token: with the refresh token when there is one (a refusal falls back to the password),
 * otherwise the password login with its steps: the pre-login request (its captured value and
 * cookies go with the login), a TOTP code, the login, the post-login request. One deadline bounds
 * all of it; each request is sent once.
 */
export async function logIn(
	http: HttpRequester,
	config: TokenConfig,
	now: () => number = Date.now,
	context: LoginContext = {},
): Promise<TokenState> {
	// The requests' own timeouts only fire while a connection is idle: an answer that trickles in a
	// byte at a time would hold the login (and every item waiting for it) as long as it likes.
	// AbortSignal.timeout's timer keeps no process alive.
	const deadline = AbortSignal.timeout(LOGIN_TIMEOUT_MS);
	const { refresh, preLogin, totp, postLogin } = config.steps;
	const refreshToken = context.refreshToken;
	if (refresh && refreshToken) {
		try {
			return await exchange(
				http,
				config,
				{
					request: buildRefreshRequest(config, refreshToken),
					what: 'the refresh request',
					secrets: [refreshToken],
				},
				deadline,
				(response) => readRefreshAnswer(config, refreshToken, response, now()),
				now,
			);
		} catch (error) {
			// A refused refresh token (expired, revoked, rotated away) is done: log in with the password.
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- preAuthentication has no node; the refresh's own LoginTokenError goes to the nodes, which turn it into an n8n error (toNodeError)
			if (!isLoginTokenError(error) || error.kind !== 'loginRefused') throw error;
			context.onRefreshRefused?.(refreshToken);
		}
	}
	const extras: LoginExtras = {};
	const secrets: string[] = [];
	if (preLogin) {
		const {
			captured,
			cookies,
			secrets: preLoginSecrets,
		} = await exchange(
			http,
			config,
			{ request: buildPreLoginRequest(config), what: 'the pre-login request', secrets: [] },
			deadline,
			(response) => readPreLoginAnswer(config, response, now()),
			now,
		);
		Object.assign(extras, { captured, cookies });
		secrets.push(...preLoginSecrets);
		// The nodes scrub their output of these too: an API may echo the CSRF value or the session cookie.
		context.onStepSecrets?.(preLoginSecrets);
	}
	if (totp) {
		extras.otp = totpCode(totp, now());
		secrets.push(extras.otp);
	}
	const login = await exchange(
		http,
		config,
		{ request: buildLoginRequest(config, extras), what: 'the login request', secrets },
		deadline,
		(response) => readLoginResponse(config, response, now(), secrets),
		now,
	);
	if (!postLogin) return { ...login, renewedBy: 'login' };
	const state = await exchange(
		http,
		config,
		{
			request: buildPostLoginRequest(config, login.token),
			what: 'the post-login request',
			secrets: [login.token, login.refreshToken ?? ''],
		},
		deadline,
		(response) => readPostLoginAnswer(config, login, response, now()),
		now,
	);
	return { ...state, renewedBy: 'login' };
}
