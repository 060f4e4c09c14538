/**
 * TOTP (RFC 6238; HOTP, RFC 4226, over the time step): the one-time code a login with a second
 * factor sends beside the password, computed from the credential's TOTP Secret with the n8n
 * server's clock.
 */
import { createHmac } from 'crypto';

import { configError } from './errors';

export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export interface TotpSettings {
	/** the shared secret, decoded from base32 */
	key: Buffer;
	digits: number;
	/** seconds per code */
	period: number;
	algorithm: TotpAlgorithm;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The secret's base32 letters alone, as a provider would quote it: no spaces, dashes or padding, upper case. */
export function base32Text(text: string): string {
	return text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
}

/**
 * The secret as authenticator apps show it: base32, any case, spaces, dashes and `=` padding
 * allowed. Errors say what is wrong by shape, never the secret.
 */
export function decodeBase32Secret(text: string, field = 'totpSecret'): Buffer {
	const clean = base32Text(text);
	if (clean === '')
		throw configError(field, 'a base32 secret such as JBSWY3DPEHPK3PXP', 'an empty value');
	const bad = [...clean].filter((char) => !BASE32.includes(char)).length;
	if (bad > 0)
		throw configError(
			field,
			'a base32 secret (letters A-Z and digits 2-7) such as JBSWY3DPEHPK3PXP',
			`text of ${clean.length} character(s) of which ${bad} are not base32`,
		);
	let bits = 0;
	let value = 0;
	const bytes: number[] = [];
	for (const char of clean) {
		value = (value << 5) | BASE32.indexOf(char);
		bits += 5;
		if (bits >= 8) {
			bytes.push((value >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	if (bytes.length < 10)
		throw configError(
			field,
			'a base32 secret of at least 16 characters (80 bits, RFC 4226)',
			`${clean.length} character(s)`,
		);
	return Buffer.from(bytes);
}

/** The code for the time step that holds `now` (epoch ms). */
export function totpCode(settings: TotpSettings, now: number): string {
	const counter = Math.floor(now / 1000 / settings.period);
	const message = Buffer.alloc(8);
	message.writeBigUInt64BE(BigInt(counter));
	const digest = createHmac(settings.algorithm.toLowerCase(), settings.key)
		.update(message)
		.digest();
	// Dynamic truncation (RFC 4226 5.3).
	const offset = digest[digest.length - 1] & 0x0f;
	const binary =
		((digest[offset] & 0x7f) << 24) |
		(digest[offset + 1] << 16) |
		(digest[offset + 2] << 8) |
		digest[offset + 3];
	return String(binary % 10 ** settings.digits).padStart(settings.digits, '0');
}
