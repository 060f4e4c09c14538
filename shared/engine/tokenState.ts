/**
 * The stored token: its state in the credential's hidden fields, whether it is fresh, and which
 * login it belongs to. First of the token's three files (then login.ts, then placement.ts).
 */
import { createHash, randomBytes, timingSafeEqual } from 'crypto';

import type { TokenConfig } from './config';

/** The token as stored in the credential's hidden fields. */
export interface TokenState {
	token: string;
	expiresAt: number | null; // epoch ms
	obtainedAt: number | null; // epoch ms
	/** which login produced the token (see loginScope); a token from another login is never used */
	scope: string;
	/** why the expiry is not the one the login answer named (Token Status shows it) */
	expiryWarning?: string;
	/** the refresh token the last login or refresh returned (Refresh Token on) */
	refreshToken?: string;
	/** whether the token came from a refresh or a password login (Token Status shows it) */
	renewedBy?: 'login' | 'refresh';
}

/**
 * Which login a stored token came from. Stored beside the token (it holds no secret), so that a
 * token obtained for one API address or user is never sent after the credential was edited to
 * point elsewhere.
 */
export function loginScope(config: TokenConfig): string {
	return `${config.apiOrigin} ${config.loginUrl} ${config.username}`;
}

/**
 * How long before expiry a token counts as stale: the configured margin, but never more than half
 * the token's lifetime, so a short-lived token is not refreshed on every call.
 */
export function refreshMarginMs(config: TokenConfig, state: TokenState): number {
	const margin = config.refreshMarginSeconds * 1000;
	if (state.expiresAt === null || state.obtainedAt === null) return margin;
	return Math.min(margin, Math.max(0, (state.expiresAt - state.obtainedAt) / 2));
}

/** A token can be used if it exists, belongs to this login, and has more than `minValidityMs` (default: the refresh margin) left. */
export function isTokenFresh(
	config: TokenConfig,
	state: TokenState,
	now: number,
	minValidityMs?: number,
): boolean {
	if (state.token === '' || state.expiresAt === null) return false;
	if (state.scope !== loginScope(config)) return false;
	return state.expiresAt - now > (minValidityMs ?? refreshMarginMs(config, state));
}

function isoOrEmpty(ms: number | null): string {
	return ms === null ? '' : new Date(ms).toISOString();
}

function parseIso(value: unknown): number | null {
	if (typeof value !== 'string' || value === '') return null;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? null : ms;
}

/** The credential's hidden fields as a TokenState. */
export function readTokenState(data: Record<string, unknown>): TokenState {
	return {
		token: typeof data.sessionToken === 'string' ? data.sessionToken : '',
		expiresAt: parseIso(data.sessionExpiresAt),
		obtainedAt: parseIso(data.sessionObtainedAt),
		scope: typeof data.sessionScope === 'string' ? data.sessionScope : '',
		expiryWarning: nonEmpty(data.sessionExpiryWarning),
		refreshToken: nonEmpty(data.sessionRefreshToken),
		renewedBy:
			data.sessionRenewedBy === 'login' || data.sessionRenewedBy === 'refresh'
				? data.sessionRenewedBy
				: undefined,
	};
}

function nonEmpty(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** What preAuthentication returns: the hidden fields n8n persists (encrypted) on the credential. */
export function tokenStateFields(state: TokenState): {
	sessionToken: string;
	sessionExpiresAt: string;
	sessionObtainedAt: string;
	sessionScope: string;
	sessionExpiryWarning: string;
	sessionRefreshToken: string;
	sessionRenewedBy: string;
} {
	return {
		sessionToken: state.token,
		sessionExpiresAt: isoOrEmpty(state.expiresAt),
		sessionObtainedAt: isoOrEmpty(state.obtainedAt),
		sessionScope: state.scope,
		sessionExpiryWarning: state.expiryWarning ?? '',
		// Written together with the token: a rotated refresh token replaces the old one in the same write.
		sessionRefreshToken: state.refreshToken ?? '',
		sessionRenewedBy: state.renewedBy ?? '',
	};
}

/**
 * Two names, two jobs:
 * - `loginScope` (above) is stored beside the token in plain words (origin, login URL, user) so
 *   a token is never sent after the credential was pointed elsewhere;
 * - the login fingerprint below covers everything a login sends, the password included, and is
 *   only ever kept hashed: in memory as the key of the process-wide login state, and salted in the
 *   credential (`sessionLoginHash`) so the credential test can tell "same login as the stored token".
 */
function fingerprintMaterial(config: TokenConfig): string {
	return JSON.stringify([
		config.loginUrl,
		config.loginMethod,
		config.loginCredentialsIn,
		config.usernameField,
		config.passField,
		config.username,
		config.password,
		config.loginBody,
		config.loginHeaders,
		config.apiHeaders,
		// the steps around the login, the TOTP secret among them (a regular expression by its source)
		JSON.stringify(config.steps, (_key, value: unknown) =>
			value instanceof RegExp ? value.source : value,
		),
	]);
}

/** Hex SHA-256: how a login (its fingerprint, here) or a rejected token (processLogins.ts) is remembered without keeping it. */
export function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/** In-memory key of one login (address, user, password and everything else sent). */
export function loginFingerprint(config: TokenConfig): string {
	return sha256(fingerprintMaterial(config));
}

const HASH_VERSION = 'v1';

/** What the credential stores beside a token: `v1$<salt>$<sha256(salt + login)>`; never the password. */
export function loginHash(config: TokenConfig, salt = randomBytes(16).toString('hex')): string {
	return `${HASH_VERSION}$${salt}$${sha256(salt + fingerprintMaterial(config))}`;
}

/** True if `stored` was made by loginHash for exactly this login (same settings, same password). */
export function matchesLoginHash(config: TokenConfig, stored: unknown): boolean {
	if (typeof stored !== 'string') return false;
	const [version, salt, digest] = stored.split('$');
	if (version !== HASH_VERSION || !salt || !digest) return false;
	const expected = Buffer.from(loginHash(config, salt));
	const actual = Buffer.from(stored);
	return expected.length === actual.length && timingSafeEqual(expected, actual);
}
