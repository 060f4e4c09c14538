import { createHash } from 'crypto';

import { isTokenFresh, type TokenConfig, type TokenState } from '../engine';

/**
 * n8n runs preAuthentication for every request that finds the token empty or rejected, with no
 * lock: 50 parallel items mean 50 logins. Within one n8n process this module makes them share one.
 * State is per login (see loginKey), in memory only; tokens are remembered as hashes where possible.
 */
const inFlight = new Map<string, Promise<TokenState>>();
const latest = new Map<string, TokenState>();
const rejected = new Map<string, Set<string>>();
const forced = new Set<string>();

/** A token obtained this recently by another caller is handed to a caller that needs a new one. */
export const REUSE_WINDOW_MS = 30_000;
const MAX_REJECTED_REMEMBERED = 20;

function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/** Identifies one login (address, user and everything sent), without the password readable in keys. */
export function loginKey(config: TokenConfig): string {
	return sha256(
		JSON.stringify([
			config.loginUrl,
			config.loginMethod,
			config.loginCredentialsIn,
			config.usernameField,
			config.passField,
			config.username,
			config.password,
			config.loginBody,
			config.loginHeaders,
		]),
	);
}

/** Remembers that the API rejected a token, so no caller is ever handed it again. */
export function markRejected(config: TokenConfig, token: string): void {
	if (token === '') return;
	const key = loginKey(config);
	const set = rejected.get(key) ?? new Set<string>();
	set.add(sha256(token));
	if (set.size > MAX_REJECTED_REMEMBERED) set.delete(set.values().next().value as string);
	rejected.set(key, set);
}

function isRejected(key: string, token: string): boolean {
	return rejected.get(key)?.has(sha256(token)) ?? false;
}

/** True if the API rejected this token in this process. */
export function wasRejected(config: TokenConfig, token: string): boolean {
	return isRejected(loginKey(config), token);
}

/**
 * Asks that the next preAuthentication for this login logs in even if a recent token exists
 * (Token Status "refresh"). preAuthentication only receives the credential data, so the request
 * travels through this process-local flag.
 */
export function requestForcedLogin(config: TokenConfig): void {
	forced.add(loginKey(config));
}

export function takeForcedLogin(config: TokenConfig): boolean {
	return forced.delete(loginKey(config));
}

/** A fresh token this process obtained within REUSE_WINDOW_MS that is neither `currentToken` nor rejected. */
export function recentToken(
	config: TokenConfig,
	currentToken: string,
	now = Date.now(),
): TokenState | undefined {
	const key = loginKey(config);
	const recent = latest.get(key);
	if (
		!recent ||
		recent.token === currentToken ||
		recent.obtainedAt === null ||
		isRejected(key, recent.token)
	)
		return undefined;
	if (now - recent.obtainedAt > REUSE_WINDOW_MS || !isTokenFresh(config, recent, now))
		return undefined;
	return recent;
}

/**
 * A token to replace `currentToken` (the one the caller holds and found empty, stale or rejected).
 * Joins a login already under way for the same credential; otherwise reuses a token another caller
 * obtained moments ago (never the caller's own or a rejected one); otherwise logs in. With `force`,
 * only a login under way is joined.
 */
export async function sharedLogin(
	config: TokenConfig,
	currentToken: string,
	login: () => Promise<TokenState>,
	options: { force?: boolean; now?: number } = {},
): Promise<TokenState> {
	const key = loginKey(config);
	const running = inFlight.get(key);
	if (running) return await running;

	if (!options.force) {
		const recent = recentToken(config, currentToken, options.now);
		if (recent) return recent;
	}

	const flight = login().then((state) => {
		latest.set(key, state);
		return state;
	});
	inFlight.set(key, flight);
	try {
		return await flight;
	} finally {
		inFlight.delete(key);
	}
}

/** For tests: forget every login this process made. */
export function resetSharedLogins(): void {
	inFlight.clear();
	latest.clear();
	rejected.clear();
	forced.clear();
}
