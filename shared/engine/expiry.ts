import type { TokenConfig } from './config';
import { LoginTokenError } from './errors';
import { label } from './labels';
import { readPath } from './paths';

/** Epoch values above this are milliseconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const EPOCH_MS_THRESHOLD = 1e11;
const CLOCK_NOISE_MS = 5_000;

export interface ExpiryInput {
	token: string;
	body: unknown;
	/** local time the login response arrived */
	now: number;
	/** the provider's clock from its Date header, to correct absolute times for clock skew */
	serverNow?: number;
}

export interface Expiry {
	expiresAt: number; // epoch ms, local clock
	source: 'expiresIn' | 'expiresAt' | 'jwt' | 'fixed';
}

function expiryError(field: string, message: string): LoginTokenError {
	return new LoginTokenError('expiry', `${label(field)}: ${message}`, { field });
}

/** Says what a value is without showing it. */
function describeValue(value: unknown, expected: string): string {
	if (typeof value === 'string')
		return `text of ${value.length} character(s) that is not ${expected}`;
	return `a ${value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value}, not ${expected}`;
}

function fromExpiresIn(value: unknown, now: number): number {
	const secondsLeft = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof secondsLeft !== 'number' || !Number.isFinite(secondsLeft)) {
		throw expiryError(
			'expiresInPath',
			`the login response holds ${describeValue(value, 'a number of seconds')}`,
		);
	}
	if (secondsLeft <= 0)
		throw expiryError(
			'expiresInPath',
			'the login response says the token has no time left (0 or fewer seconds)',
		);
	return now + secondsLeft * 1000;
}

/** ISO 8601 text, or epoch seconds / milliseconds (as number or numeric text), in the provider's clock. */
export function parseAbsoluteTime(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value))
		return value > EPOCH_MS_THRESHOLD ? value : value * 1000;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(value.trim())) return parseAbsoluteTime(Number(value));
	const parsed = Date.parse(value);
	return Number.isNaN(parsed) ? undefined : parsed;
}

function fromAbsolute(field: string, serverExpiresAt: number, input: ExpiryInput): number {
	// Express the provider's time in our clock: a server 5 minutes ahead must not shorten the token by
	// 5 minutes. The Date header has 1-second resolution, so differences under CLOCK_NOISE_MS are noise.
	const skew =
		input.serverNow === undefined || Math.abs(input.now - input.serverNow) < CLOCK_NOISE_MS
			? 0
			: input.now - input.serverNow;
	const expiresAt = serverExpiresAt + skew;
	if (expiresAt <= input.now) {
		throw expiryError(
			field,
			'the login response says the token expired already; if this keeps happening, check the clocks (n8n server and provider) or choose another Expiry Source',
		);
	}
	return expiresAt;
}

/** The `exp` claim of a JWT, in epoch ms (provider clock), if the token is a JWT that has one. */
export function jwtExpiry(token: string): number | undefined {
	const parts = token.split('.');
	if (parts.length !== 3) return undefined;
	try {
		const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
		const exp = (payload as { exp?: unknown } | null)?.exp;
		return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
	} catch {
		return undefined;
	}
}

/**
 * When the token stops working, from the source the credential names. `auto` tries, in order:
 * an expires-in field, an expires-at field, a JWT `exp` claim, the fixed lifetime.
 */
export function readExpiry(config: TokenConfig, input: ExpiryInput): Expiry {
	const source = config.expirySource;
	if (source === 'expiresIn' || source === 'auto') {
		const lookup = readPath(input.body, config.expiresInPath);
		if (lookup.found)
			return { expiresAt: fromExpiresIn(lookup.value, input.now), source: 'expiresIn' };
		if (source === 'expiresIn') {
			throw expiryError(
				'expiresInPath',
				`not found in the login response (the path stops after ${lookup.foundPath}, which has ${lookup.available})`,
			);
		}
	}
	if (source === 'expiresAt' || source === 'auto') {
		const lookup = readPath(input.body, config.expiresAtPath);
		if (lookup.found) {
			const at = parseAbsoluteTime(lookup.value);
			if (at === undefined)
				throw expiryError(
					'expiresAtPath',
					`the login response holds ${describeValue(lookup.value, 'an ISO 8601 date or epoch time')}`,
				);
			return { expiresAt: fromAbsolute('expiresAtPath', at, input), source: 'expiresAt' };
		}
		if (source === 'expiresAt') {
			throw expiryError(
				'expiresAtPath',
				`not found in the login response (the path stops after ${lookup.foundPath}, which has ${lookup.available})`,
			);
		}
	}
	if (source === 'jwt' || source === 'auto') {
		const exp = jwtExpiry(input.token);
		if (exp !== undefined)
			return { expiresAt: fromAbsolute('expirySource', exp, input), source: 'jwt' };
		if (source === 'jwt') {
			throw expiryError(
				'expirySource',
				'JWT expiry was chosen, but the token is not a JWT with an "exp" claim; choose Fixed Lifetime or another source',
			);
		}
	}
	return { expiresAt: input.now + config.tokenLifetimeSeconds * 1000, source: 'fixed' };
}
