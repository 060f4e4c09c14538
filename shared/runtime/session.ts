import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
} from 'n8n-workflow';

import {
	buildLogoutRequest,
	configSecrets,
	isLoginTokenError,
	loginScope,
	readLogoutAnswer,
	type HttpResponse,
	isTokenFresh,
	LoginTokenError,
	parseTokenConfig,
	readTokenState,
	tokenStateFields,
	type TokenConfig,
	type TokenState,
} from '../engine';
import { CLUSTER_LOGIN_LEASE, clusterLogin, nodeClusterIo, processRole } from './clusterLogin';
import { mayShareCredential } from '../engine/loginLease';
import { persistThroughN8n } from './credentialWrite';
import { describeNetworkError, errorChain } from './networkError';
import { processLogins, type RateLimited } from './processLogins';

export const CREDENTIAL_TYPE = 'loginTokenApi';

/**
 * Asked of httpRequestWithAuthentication to make n8n run (and persist) the login without sending
 * anything: the credential's authenticate() refuses every host but the Base URL's, so after the
 * login this request stops there. `.invalid` never resolves, should it ever get further.
 */
export const REFRESH_ONLY_URL = 'https://refresh-only.login-token.invalid/';

/** A token the API rejects this soon after its login was never good: the configuration is wrong. */
export const FRESH_REJECTION_MS = 30_000;
/** Fresh tokens rejected in one execution before it stops logging in (so at most 2 logins). */
export const MAX_FRESH_REJECTIONS = 2;

export function circuitBreakerError(): LoginTokenError {
	return new LoginTokenError(
		'config',
		'Every new token was rejected by the API within seconds of its login, so the credential settings are wrong, not the token: check Send Token As, Token Parameter Name and Expired-Token Status Codes',
		{
			field: 'sendSessionAs',
			description: `The API rejected ${MAX_FRESH_REJECTIONS} tokens of this credential within ${FRESH_REJECTION_MS / 1000} s of their login in this execution; no further login is tried in this execution. Compare how the API expects the token (header name, prefix, query parameter or cookie) with Send Token As, Token Parameter Name and Token Prefix, and make sure Expired-Token Status Codes holds only the statuses the API uses for an expired token.`,
		},
	);
}

/** Why Log Out sent nothing to the provider. */
function logoutNothingToSend(config: TokenConfig, state: TokenState, scope: string): string {
	if (state.token === '' && !state.refreshToken) return 'No token to end at the provider';
	if (state.scope !== scope)
		return 'The stored token belongs to another login (the credential was changed since it was obtained)';
	return config.steps.logout?.send === 'call'
		? 'No access token is stored'
		: 'No refresh token is stored, and Logout Sends wants one';
}

/**
 * Errors after which this execution does not try to log in again: every item gets the same one.
 * Besides refusals and rate limits, an answer that came but cannot be used (no token or captured
 * value where the credential says, an unsendable token, an unreadable expiry): the provider answers
 * alike next time, and each such login may have opened a session there.
 */
function isFinalForExecution(error: unknown): error is LoginTokenError {
	return (
		isLoginTokenError(error) &&
		(['loginRefused', 'tokenMissing', 'tokenUnusable', 'expiry'].includes(error.kind) ||
			error.loginStatus === 429)
	);
}

/**
 * The token of one node execution. All items share it: a refresh already under way is joined, and
 * a token that was already replaced is not replaced twice.
 */
export class TokenSession {
	readonly config: TokenConfig;

	/** How many times this execution logged in (Token Status reports it as `refreshed`). */
	logins = 0;

	private data: ICredentialDataDecryptedObject;

	/** Every token this execution held, so output and errors can be scrubbed of any of them. */
	private readonly tokensHeld = new Set<string>();

	private refreshing: Promise<TokenState> | undefined;

	/** A refused or rate-limited login, or the circuit breaker: repeated for every later item. */
	private stopped: LoginTokenError | undefined;

	/** Tokens of this execution the API rejected within FRESH_REJECTION_MS of their login. */
	private readonly freshRejections = new Set<string>();

	private constructor(
		private readonly ctx: IExecuteFunctions,
		data: ICredentialDataDecryptedObject,
	) {
		this.config = parseTokenConfig(data);
		this.data = data;
		this.hold(data);
	}

	private hold(data: ICredentialDataDecryptedObject): void {
		this.data = data;
		for (const held of [data.sessionToken, data.sessionRefreshToken])
			if (typeof held === 'string' && held !== '') this.tokensHeld.add(held);
	}

	/**
	 * Values that must never reach output, errors or logs: the credential's own secrets (password,
	 * key, certificates) and every token and refresh token this execution held so far. Read when
	 * output or an error is made, so a token obtained during the request (a re-login) is among them.
	 */
	get secrets(): string[] {
		return [
			...configSecrets(this.config),
			...this.tokensHeld,
			...processLogins.stepSecrets(this.config),
		];
	}

	static async open(ctx: IExecuteFunctions): Promise<TokenSession> {
		return new TokenSession(ctx, await ctx.getCredentials(CREDENTIAL_TYPE));
	}

	get state(): TokenState {
		return readTokenState(this.data);
	}

	/** Credential data carrying the current token, as httpRequestWithAuthentication wants it. */
	get credentialData(): ICredentialDataDecryptedObject {
		return this.data;
	}

	/** The current token, after logging in if it is missing or expires within `minValidityMs` (default: the refresh margin). */
	async ensureFresh(minValidityMs?: number): Promise<TokenState> {
		if (this.stopped) throw this.stopped;
		const state = this.state;
		if (isTokenFresh(this.config, state, Date.now(), minValidityMs)) return state;
		return await this.replace(state.token, { force: false, minValidityMs });
	}

	/**
	 * After the API rejected `token`: a replacement, unless another item already got one. A token
	 * rejected within seconds of its login counts towards the circuit breaker.
	 */
	async replaceRejected(token: string): Promise<TokenState> {
		if (this.stopped) throw this.stopped;
		const state = this.state;
		if (state.token !== token) return state;
		processLogins.markRejected(this.config, token);
		if (state.obtainedAt !== null && Date.now() - state.obtainedAt <= FRESH_REJECTION_MS) {
			this.freshRejections.add(token);
			if (this.freshRejections.size >= MAX_FRESH_REJECTIONS) {
				this.stopped = circuitBreakerError();
				throw this.stopped;
			}
		}
		return await this.replace(token, { force: false });
	}

	/**
	 * Token Status "Log Out": ends the session at the provider (Logout URL) with the token as stored
	 * now, then clears the stored token and refresh token, so the next call logs in. The stored
	 * token is cleared whatever the provider answers; an answer other than 2xx, or none, is an
	 * error that says so (the session may still be alive there).
	 */
	async logOut(): Promise<{ providerConfirmed: boolean; note: string }> {
		const stored = readTokenState(await this.ctx.getCredentials(CREDENTIAL_TYPE));
		const scope = loginScope(this.config);
		// A token of another login (the credential was edited since) is cleared, never sent here.
		const state = [stored, this.state].find((held) => held.scope === scope) ?? stored;
		const request = buildLogoutRequest(this.config, state);
		let outcome: { providerConfirmed: boolean; note: string } | { failure: string };
		if (!this.config.steps.logout)
			outcome = { providerConfirmed: false, note: 'No Logout URL: the stored token was cleared' };
		else if (!request)
			outcome = {
				providerConfirmed: false,
				note: `${logoutNothingToSend(this.config, state, scope)}: nothing was sent; the stored token was cleared`,
			};
		else {
			outcome = await this.sendLogout(request, state);
		}
		for (const ended of [state.token, state.refreshToken ?? ''])
			processLogins.markRejected(this.config, ended);
		const cleared = tokenStateFields({ token: '', expiresAt: null, obtainedAt: null, scope: '' });
		await persistThroughN8n(
			this.ctx,
			{ type: CREDENTIAL_TYPE, refreshOnlyUrl: REFRESH_ONLY_URL },
			cleared,
		);
		this.hold({ ...this.data, ...cleared });
		if ('failure' in outcome)
			throw new LoginTokenError(
				'loginFailed',
				`The stored token was cleared, but the provider did not confirm the logout: ${outcome.failure}`,
				{
					field: 'logoutUrl',
					description:
						'The session may still be alive at the provider until it expires. The next call logs in.',
				},
			);
		return outcome;
	}

	private async sendLogout(
		request: IHttpRequestOptions,
		state: TokenState,
	): Promise<{ providerConfirmed: true; note: string } | { failure: string }> {
		const secrets = [...this.secrets, state.token, state.refreshToken ?? ''];
		let response: HttpResponse;
		try {
			response = (await this.ctx.helpers.httpRequest(request)) as HttpResponse;
		} catch (error) {
			const host = new URL(String(request.url)).host;
			return {
				failure: describeNetworkError(error, 'the logout request', host, secrets, this.config.tls),
			};
		}
		const answer = readLogoutAnswer(this.config, state, request, response);
		return answer.confirmed
			? {
					providerConfirmed: true,
					note: `The provider ended the session (HTTP ${response.statusCode}); the stored token was cleared`,
				}
			: { failure: answer.reason };
	}

	/** Logs in now, whatever the current token (Token Status "refresh"). */
	async forceRefresh(): Promise<TokenState> {
		if (this.stopped) throw this.stopped;
		return await this.replace(this.state.token, { force: true });
	}

	private async replace(
		oldToken: string,
		options: { force: boolean; minValidityMs?: number },
	): Promise<TokenState> {
		this.refreshing ??= this.obtain(oldToken, options)
			.catch((error: unknown) => {
				if (isFinalForExecution(error)) this.stopped = error;
				if ((error as RateLimited).retryAfterUnreadable)
					this.ctx.logger.warn(
						'Login Token API: the login was answered HTTP 429 with a Retry-After that is neither a number of seconds nor an HTTP date; it was ignored',
					);
				throw error;
			})
			.finally(() => {
				this.refreshing = undefined;
			});
		return await this.refreshing;
	}

	/**
	 * Before logging in, looks for a token someone else already obtained: stored by another
	 * execution or queue worker (n8n re-reads the credential from its database), or obtained by
	 * this process moments ago. Never the old token, never one the API rejected.
	 */
	private async obtain(
		oldToken: string,
		{ force, minValidityMs }: { force: boolean; minValidityMs?: number },
	): Promise<TokenState> {
		if (!force) {
			const storedData = await this.ctx.getCredentials(CREDENTIAL_TYPE);
			const stored = readTokenState(storedData);
			const adopted = [stored, processLogins.recentToken(this.config, oldToken)].find((candidate) =>
				processLogins.canReplace(this.config, candidate, oldToken, minValidityMs),
			);
			if (adopted) {
				this.hold({ ...this.data, ...tokenStateFields(adopted) });
				return adopted;
			}
			// [cluster-login hook] queue mode: one login for all processes (shared/runtime/clusterLogin.ts),
			// only where another process may use this credential: a single n8n logs in at once.
			const shared = mayShareCredential({
				role: processRole(this.ctx),
				data: storedData,
				processId: processLogins.processId,
			});
			if (!shared)
				this.ctx.logger.debug(
					'Login Token API: logging in without the login lease (no other n8n process uses this credential)',
				);
			if (CLUSTER_LOGIN_LEASE && shared) {
				const io = nodeClusterIo(
					this.ctx,
					{ type: CREDENTIAL_TYPE, refreshOnlyUrl: REFRESH_ONLY_URL },
					async () => await this.refreshThroughN8n(),
				);
				const options = { oldToken, minValidityMs, acceptStillValid: minValidityMs === undefined };
				const state = await clusterLogin(this.config, io, options);
				this.hold({ ...this.data, ...tokenStateFields(state) });
				return state;
			}
			return await this.refreshThroughN8n(storedData); // read just now
		}
		return await this.refreshThroughN8n();
	}

	/**
	 * Has n8n run the credential's preAuthentication (the login) by handing it the credential with
	 * the token blanked: n8n then persists the new token, encrypted, for every execution and worker.
	 * The login is forced: reusable tokens were looked for already, and preAuthentication, seeing
	 * only a blank token, could otherwise hand back the very token being replaced.
	 */
	private async refreshThroughN8n(
		freshlyRead?: ICredentialDataDecryptedObject,
	): Promise<TokenState> {
		const reference = this.ctx.getNode().credentials?.[CREDENTIAL_TYPE];
		if (!reference?.id) {
			throw new LoginTokenError(
				'loginFailed',
				'This node has no saved Login Token API credential to refresh',
				{ field: 'credential' },
			);
		}
		// The credential as stored now, not as this execution first read it: another execution or
		// worker may have rotated the refresh token since, and an old one must never be sent again.
		const stored = freshlyRead ?? (await this.ctx.getCredentials(CREDENTIAL_TYPE));
		const carrier: ICredentialDataDecryptedObject = { ...this.data, ...stored, sessionToken: '' };
		processLogins.requestForcedLogin(this.config);
		const mark = processLogins.failureMark();
		try {
			await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				CREDENTIAL_TYPE,
				{ url: REFRESH_ONLY_URL, method: 'GET' },
				{
					credentialsDecrypted: {
						id: reference.id,
						name: reference.name,
						type: CREDENTIAL_TYPE,
						data: carrier,
					},
				},
			);
		} catch (error) {
			// Expected once the login ran (see REFRESH_ONLY_URL); anything else is the login's own error.
			if (!carrier.sessionToken)
				throw loginErrorFrom(error, processLogins.failureSince(this.config, mark));
		} finally {
			processLogins.takeForcedLogin(this.config);
		}
		if (!carrier.sessionToken) {
			throw new LoginTokenError('loginFailed', 'n8n did not run the login for this credential');
		}
		this.hold(carrier);
		this.logins++;
		return this.state;
	}
}

/**
 * The login's own error: the one this process remembered for the login (n8n 1.x drops an Error's
 * `cause` when it wraps it), or the one n8n wrapped (as NodeApiError.cause), or a generic one that
 * shows no library text.
 */
function loginErrorFrom(error: unknown, remembered: LoginTokenError | undefined): LoginTokenError {
	if (remembered) return remembered;
	for (const link of errorChain(error)) {
		if (isLoginTokenError(link)) return link;
	}
	return new LoginTokenError('loginFailed', 'Login failed before a token was obtained', {
		description: error instanceof Error ? `n8n reported: ${error.name}` : undefined,
	});
}
