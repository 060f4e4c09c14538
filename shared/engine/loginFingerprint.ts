import { createHash, randomBytes, timingSafeEqual } from 'crypto';

import type { TokenConfig } from './config';

/**
 * Two names, two jobs:
 * - `loginScope` (config.ts) is stored beside the token in plain words (origin, login URL, user) so
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
	]);
}

function sha256(text: string): string {
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
