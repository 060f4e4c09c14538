import { randomString, sleep } from 'n8n-workflow';

import {
	loginRequestLine,
	isLoginTokenError,
	isTokenFresh,
	loginFingerprint,
	LoginTokenError,
	sha256,
	type TokenConfig,
	type TokenState,
} from '../engine';

/** A token obtained this recently by another caller is handed to a caller that needs a new one. */
export const REUSE_WINDOW_MS = 30_000;
/** After a refused login (401/403), no new attempt for this long; doubled per refusal, up to the max. */
export const REFUSAL_BACKOFF_MS = 60_000;
export const REFUSAL_BACKOFF_MAX_MS = 15 * 60_000;
/** A login answered 429 with a Retry-After up to this long is waited for once, then retried once. */
export const MAX_RETRY_AFTER_WAIT_MS = 30_000;
/** A 429 without (a readable) Retry-After blocks logins this long. */
export const RATE_LIMIT_DEFAULT_MS = 60_000;
const MAX_REJECTED_REMEMBERED = 20;
/** A few logins' worth of pre-login cookies and captured values. */
const MAX_STEP_SECRETS_REMEMBERED = 24;

/** A login the provider answered with 429; `retryAfterMs` is undefined if it named no (readable) wait. */
export interface RateLimited {
	retryAfterMs?: number;
	/** it sent a Retry-After that is neither seconds nor an HTTP date: ignored, and said so */
	retryAfterUnreadable?: boolean;
}

export function retryAfterOf(error: unknown): number | undefined | null {
	if (!isLoginTokenError(error) || error.loginStatus !== 429) return null;
	const value = (error as LoginTokenError & RateLimited).retryAfterMs;
	return typeof value === 'number' ? value : undefined;
}

interface LoginEntry {
	inFlight?: Promise<TokenState>;
	latest?: TokenState;
	/** sha256 of tokens the API rejected: never handed out again */
	rejected: string[];
	/** values of recent pre-login steps, newest first (rememberStepSecrets) */
	stepSecrets: string[];
	forced: boolean;
	refusals: number;
	/** refused or rate-limited: every caller gets `error` until `until`, without a login */
	blocked?: { until: number; error: LoginTokenError };
	lastFailure?: { seq: number; error: LoginTokenError };
}

function at(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function withDescription(error: LoginTokenError, extra: string): LoginTokenError {
	return new LoginTokenError(error.kind, error.message, {
		field: error.field,
		loginStatus: error.loginStatus,
		description: error.description ? `${error.description} ${extra}` : extra,
	});
}

/**
 * Everything this n8n process remembers about logins, per login (keyed by its fingerprint:
 * address, user, password and everything else the login sends, hashed). In memory only.
 *
 * Hand-offs, all of them:
 * - the credential's preAuthentication calls `login()`: it joins a login under way, reuses a token
 *   obtained moments ago, or refuses at once while the login is blocked (refused, rate-limited);
 * - TokenSession (a node's execution) calls `requestForcedLogin()` before it asks n8n to run
 *   preAuthentication, which `takeForcedLogin()`s it: preAuthentication only receives credential
 *   data, so "log in even if a recent token exists" travels through here;
 * - TokenSession `markRejected()`s a token the API refused; it and the login lease adopt a token only
 *   if `canReplace()` (another token, not `wasRejected()`, fresh);
 * - `failureSince()` hands the login's own error back to the node: n8n 1.x drops an Error's `cause`
 *   when it wraps the error preAuthentication threw;
 * - the queue-mode login lease (clusterLogin.ts) runs one claim/wait sequence per key through
 *   `shareLeaseFlight()`, and names its claims with `nextClaimId()` (this process's id and a count);
 *   its holder registers the lease renewal (`holdLeaseRenewal()`), which preAuthentication stops
 *   (`stopLeaseRenewal()`) before n8n stores the new token.
 */
export class ProcessLogins {
	private readonly entries = new Map<string, LoginEntry>();

	private failureSeq = 0;

	/** Lease claim/wait sequences under way in this process (clusterLogin.ts), by key. */
	private readonly leaseFlights = new Map<string, Promise<TokenState>>();

	/** This n8n process's id: lease owners are `<processId>-<claim>`, and a login stores it as `sessionLoggedInBy`. */
	readonly processId = randomString(12);

	/** The lease renewal of a login this process holds the lease for, by login (clusterLogin.ts). */
	private readonly leaseRenewals = new Map<string, () => Promise<void>>();

	private claims = 0;

	constructor(private readonly now: () => number = Date.now) {}

	/** Joins the lease sequence under way for `key`, or starts `run` as that sequence. */
	async shareLeaseFlight(key: string, run: () => Promise<TokenState>): Promise<TokenState> {
		let flight = this.leaseFlights.get(key);
		if (!flight) {
			flight = run().finally(() => this.leaseFlights.delete(key));
			this.leaseFlights.set(key, flight);
		}
		return await flight;
	}

	/** clusterLogin.ts: `stop` ends the lease renewal of this login (and waits for a renewal write in flight). */
	holdLeaseRenewal(config: TokenConfig, stop: () => Promise<void>): void {
		this.leaseRenewals.set(loginFingerprint(config), stop);
	}

	releaseLeaseRenewal(config: TokenConfig, stop: () => Promise<void>): void {
		const key = loginFingerprint(config);
		if (this.leaseRenewals.get(key) === stop) this.leaseRenewals.delete(key);
	}

	/**
	 * Called by the credential's preAuthentication once its login answered, before n8n stores the
	 * token: no renewal of the lease may land after the token (it would write the old one back).
	 */
	async stopLeaseRenewal(config: TokenConfig): Promise<void> {
		await this.leaseRenewals.get(loginFingerprint(config))?.();
	}

	/** A lease owner id unique across the cluster: this process's random id and a claim count. */
	nextClaimId(): string {
		return `${this.processId}-${++this.claims}`;
	}

	private entry(config: TokenConfig): LoginEntry {
		const key = loginFingerprint(config);
		let entry = this.entries.get(key);
		if (!entry) {
			entry = { rejected: [], stepSecrets: [], forced: false, refusals: 0 };
			this.entries.set(key, entry);
		}
		return entry;
	}

	/**
	 * A token to replace `currentToken` (the one the caller holds and found empty, stale or rejected).
	 * Joins a login already under way for the same login; refuses while the login is blocked;
	 * otherwise reuses a token another caller obtained moments ago (never the caller's own or a
	 * rejected one); otherwise logs in. With `force`, only a login under way is joined.
	 */
	async login(
		config: TokenConfig,
		currentToken: string,
		attempt: () => Promise<TokenState>,
		options: { force?: boolean } = {},
	): Promise<TokenState> {
		const entry = this.entry(config);
		if (entry.inFlight) return await entry.inFlight;
		if (entry.blocked && entry.blocked.until > this.now()) {
			entry.lastFailure = { seq: ++this.failureSeq, error: entry.blocked.error };
			throw entry.blocked.error;
		}
		if (!options.force) {
			const recent = this.recentToken(config, currentToken);
			if (recent) return recent;
		}
		const flight = this.attemptWithRateLimit(attempt).then(
			(state) => {
				entry.latest = state;
				entry.blocked = undefined;
				entry.refusals = 0;
				return state;
			},
			(error: unknown) => {
				throw this.recordFailure(config, entry, error);
			},
		);
		entry.inFlight = flight;
		try {
			return await flight;
		} finally {
			entry.inFlight = undefined;
		}
	}

	/** A 429 with a short Retry-After is waited for once (inside the shared flight) and retried once. */
	private async attemptWithRateLimit(attempt: () => Promise<TokenState>): Promise<TokenState> {
		try {
			return await attempt();
		} catch (error) {
			const wait = retryAfterOf(error);
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the login's own LoginTokenError, passed on unchanged to the caller that turns it into an n8n error
			if (typeof wait !== 'number' || wait > MAX_RETRY_AFTER_WAIT_MS) throw error;
			await sleep(wait);
			return await attempt();
		}
	}

	private recordFailure(config: TokenConfig, entry: LoginEntry, error: unknown): unknown {
		if (!isLoginTokenError(error)) return error;
		let remembered = error;
		const now = this.now();
		if (error.kind === 'loginRefused') {
			entry.refusals++;
			const backoff = Math.min(
				REFUSAL_BACKOFF_MS * 2 ** (entry.refusals - 1),
				REFUSAL_BACKOFF_MAX_MS,
			);
			remembered = withDescription(
				error,
				`No new login is tried before ${at(now + backoff)} (${Math.round(backoff / 1000)} s after ${entry.refusals} refusal(s)), so that retries cannot lock the account; a changed Password or login setting is tried at once.`,
			);
			entry.blocked = { until: now + backoff, error: remembered };
		} else if (error.loginStatus === 429) {
			const wait = retryAfterOf(error);
			const blockMs = typeof wait === 'number' ? wait : RATE_LIMIT_DEFAULT_MS;
			const unreadable = (error as LoginTokenError & RateLimited).retryAfterUnreadable === true;
			const named =
				typeof wait === 'number'
					? `asks to wait ${Math.ceil(wait / 1000)} s (Retry-After)`
					: unreadable
						? `sent a Retry-After that is neither a number of seconds nor an HTTP date (ignored), so ${RATE_LIMIT_DEFAULT_MS / 1000} s are assumed`
						: `named no wait (no Retry-After), so ${RATE_LIMIT_DEFAULT_MS / 1000} s are assumed`;
			remembered = new LoginTokenError(
				'loginFailed',
				`Login rate-limited: ${loginRequestLine(config)} answered HTTP 429 and ${named}`,
				{
					loginStatus: 429,
					field: error.field,
					description: `No login is tried before ${at(now + blockMs)}. Waits of up to ${MAX_RETRY_AFTER_WAIT_MS / 1000} s are waited once; longer ones fail at once. A token is reused until it nears expiry, so this usually means many credentials or n8n instances log in as this user.`,
				},
			);
			// Carried on, so the node that reports the error can also log the ignored header.
			Object.assign(remembered, { retryAfterUnreadable: unreadable } satisfies RateLimited);
			entry.blocked = { until: now + blockMs, error: remembered };
		}
		entry.lastFailure = { seq: ++this.failureSeq, error: remembered };
		return remembered;
	}

	/** Marks where a caller starts waiting for a login, for failureSince(). */
	failureMark(): number {
		return this.failureSeq;
	}

	/** The error of this login's last attempt, if it failed after `mark`. */
	failureSince(config: TokenConfig, mark: number): LoginTokenError | undefined {
		const failure = this.entries.get(loginFingerprint(config))?.lastFailure;
		return failure && failure.seq > mark ? failure.error : undefined;
	}

	/**
	 * Values a login's pre-login step obtained (captured value, cookies): the credential's
	 * preAuthentication gets them, the nodes scrub their output of them. The latest few logins' only.
	 */
	rememberStepSecrets(config: TokenConfig, secrets: string[]): void {
		const entry = this.entry(config);
		entry.stepSecrets = [...secrets, ...entry.stepSecrets].slice(0, MAX_STEP_SECRETS_REMEMBERED);
	}

	stepSecrets(config: TokenConfig): string[] {
		return this.entries.get(loginFingerprint(config))?.stepSecrets ?? [];
	}

	/** Remembers that the API rejected a token, so no caller is ever handed it again. */
	markRejected(config: TokenConfig, token: string): void {
		if (token === '') return;
		const { rejected } = this.entry(config);
		rejected.push(sha256(token));
		if (rejected.length > MAX_REJECTED_REMEMBERED) rejected.shift();
	}

	wasRejected(config: TokenConfig, token: string): boolean {
		return this.entries.get(loginFingerprint(config))?.rejected.includes(sha256(token)) ?? false;
	}

	/**
	 * Whether `candidate` can stand in for `oldToken`: another token, not one the API rejected, and
	 * fresh for `minValidityMs` (default: the refresh margin). The session and the login lease both ask.
	 */
	canReplace(
		config: TokenConfig,
		candidate: TokenState | undefined,
		oldToken: string,
		minValidityMs?: number,
	): candidate is TokenState {
		return (
			candidate !== undefined &&
			candidate.token !== oldToken &&
			!this.wasRejected(config, candidate.token) &&
			isTokenFresh(config, candidate, Date.now(), minValidityMs) // false for an empty token
		);
	}

	/** Asks that the next preAuthentication for this login logs in even if a recent token exists. */
	requestForcedLogin(config: TokenConfig): void {
		this.entry(config).forced = true;
	}

	takeForcedLogin(config: TokenConfig): boolean {
		const entry = this.entries.get(loginFingerprint(config));
		const forced = entry?.forced ?? false;
		if (entry) entry.forced = false;
		return forced;
	}

	/** A fresh token this process obtained within REUSE_WINDOW_MS that is neither `currentToken` nor rejected. */
	recentToken(config: TokenConfig, currentToken: string): TokenState | undefined {
		const recent = this.entries.get(loginFingerprint(config))?.latest;
		const now = this.now();
		if (
			!recent ||
			recent.token === currentToken ||
			recent.obtainedAt === null ||
			this.wasRejected(config, recent.token) ||
			now - recent.obtainedAt > REUSE_WINDOW_MS ||
			!isTokenFresh(config, recent, now)
		)
			return undefined;
		return recent;
	}
}

/** The one instance of this n8n process. Tests replace its state through test/support/processLogins.ts. */
export const processLogins = new ProcessLogins();
