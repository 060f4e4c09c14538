/**
 * TOTP codes for the real servers' test users (Directus checks every code it is given, so a wrong
 * code here fails loudly): the package's own RFC 6238 implementation, with authenticator defaults.
 */
import { decodeBase32Secret, totpCode } from '../../../shared/engine';

/** The code for `secret` (base32) at `atMs` (default now): SHA-1, 6 digits, 30 s steps unless given. */
export function totp(
	secret: string,
	atMs = Date.now(),
	options: { stepSeconds?: number; digits?: number } = {},
): string {
	const settings = {
		key: decodeBase32Secret(secret),
		digits: options.digits ?? 6,
		period: options.stepSeconds ?? 30,
		algorithm: 'SHA1' as const,
	};
	return totpCode(settings, atMs);
}

/** Milliseconds until the current 30 s step ends (a test about to use a code can wait past a boundary). */
export function msLeftInStep(atMs = Date.now(), stepSeconds = 30): number {
	return stepSeconds * 1000 - (atMs % (stepSeconds * 1000));
}
