import type { TokenConfig } from './config';
import { MAX_LIFETIME_SECONDS } from './configFields';
import { LoginTokenError } from './errors';
import { label } from './labels';
import { readPath } from './paths';

/**
 * Epoch numbers are told apart by magnitude: seconds below 1e11 (the year 5138), milliseconds
 * below 1e14, microseconds below 1e17, nanoseconds above. A current time in any of these units
 * lands in its own band, so no unit is mistaken for another within the next 3000 years.
 */
const EPOCH_UNITS: Array<[limit: number, toMs: number]> = [
	[1e11, 1000],
	[1e14, 1],
	[1e17, 1e-3],
	[Infinity, 1e-6],
];
const CLOCK_NOISE_MS = 5_000;
/** A provider Date header further than this from our clock is wrong, not skewed: it is ignored. */
export const MAX_CLOCK_SKEW_MS = 24 * 3600_000;
const MAX_LIFETIME_MS = MAX_LIFETIME_SECONDS * 1000;
/** 2001-01-01: no token issued today expires before it; a number that reads as earlier is a lifetime. */
const LOOKS_LIKE_A_LIFETIME_BEFORE = Date.UTC(2001, 0, 1);

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
	/** the answer's own expiry disagreed with the token's JWT exp by orders of magnitude: the JWT won */
	warning?: string;
}

/** Expires-In Unit: how many ms one unit of the Expires-In field is. */
export const EXPIRES_IN_UNIT_MS = { seconds: 1000, milliseconds: 1, minutes: 60_000 } as const;
export type ExpiresInUnit = keyof typeof EXPIRES_IN_UNIT_MS;

/**
 * Lifetimes further apart than this factor are not rounding or a few seconds of latency: one of
 * them is in the wrong unit (Directus answers milliseconds where OAuth2 answers seconds: 1000x;
 * minutes read as seconds: 60x).
 */
export const UNIT_MISMATCH_FACTOR = 20;

function expiryError(field: string, message: string): LoginTokenError {
	return new LoginTokenError('expiry', `${label(field)}: ${message}`, { field });
}

/** Says what a value is without showing it. */
function describeValue(value: unknown, expected: string): string {
	if (typeof value === 'string')
		return `text of ${value.length} character(s) that is not ${expected}`;
	return `a ${value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value}, not ${expected}`;
}

function fromExpiresIn(value: unknown, now: number, unit: ExpiresInUnit): number {
	const left = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof left !== 'number' || !Number.isFinite(left)) {
		throw expiryError(
			'expiresInPath',
			`the login response holds ${describeValue(value, `a number of ${unit}`)}`,
		);
	}
	const ms = left * EXPIRES_IN_UNIT_MS[unit];
	// (a few nanoseconds also count as none: the token would be stale before it is stored)
	if (left <= 0 || now + ms <= now)
		throw expiryError(
			'expiresInPath',
			`the login response says the token has no time left (0 or fewer ${unit})`,
		);
	return bounded('expiresInPath', now + ms, now);
}

/**
 * A token said to live more than a year is a misread (wrong unit, a number that is not a
 * lifetime): refused with a clear error rather than kept for decades, or passed to Date, which
 * fails beyond the year 275760.
 */
function bounded(field: string, expiresAt: number, now: number): number {
	if (!Number.isFinite(expiresAt) || expiresAt - now > MAX_LIFETIME_MS) {
		throw expiryError(
			field,
			`the login response says the token lives more than a year (${MAX_LIFETIME_SECONDS} seconds), which is not a plausible token lifetime; choose another Expiry Source, or Fixed Lifetime with Token Lifetime set to the real lifetime`,
		);
	}
	return expiresAt;
}

function epochToMs(value: number): number {
	const magnitude = Math.abs(value);
	const unit = EPOCH_UNITS.find(([limit]) => magnitude < limit) ?? EPOCH_UNITS[0];
	return value * unit[1];
}

/** An ISO 8601 date-time without a zone ("2026-01-01T10:00:00", also with a space): read as UTC. */
const ZONELESS_ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/i;
/** A zone at the end: Z, +01:00, +0100, -05, or a name such as GMT, UTC, EST. */
const HAS_ZONE = /(?:z|[+-]\d{2}(?::?\d{2})?|\b[a-z]{2,5}(?:[+-]\d{1,4})?|\))\s*$/i;

/**
 * Date text as UTC when it names no zone: JavaScript would read it in the n8n server's zone, so
 * the same answer would mean another instant on every server.
 */
function parseDateText(value: string): number {
	const text = value.trim();
	const iso = ZONELESS_ISO.exec(text);
	if (iso) return Date.parse(`${iso[1]}T${iso[2]}Z`);
	if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return Date.parse(text); // date-only ISO is UTC already
	const zoneless = !HAS_ZONE.test(text) || /\b[ap]\.?m\.?\s*$/i.test(text);
	if (zoneless && /\d:\d/.test(text)) return Date.parse(`${text} GMT`);
	return Date.parse(text);
}

/**
 * ISO 8601 text (UTC when it names no zone), or epoch seconds, milliseconds, microseconds or
 * nanoseconds (number or numeric text), in the provider's clock.
 */
export function parseAbsoluteTime(value: unknown): number | undefined {
	if (typeof value === 'number') {
		const ms = epochToMs(value);
		// Beyond ±8.64e15 ms Date holds nothing (and toISOString throws a RangeError).
		return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : undefined;
	}
	if (typeof value !== 'string' || value.trim() === '' || value.length > 100) return undefined;
	if (/^\d+(\.\d+)?$/.test(value.trim())) return parseAbsoluteTime(Number(value));
	const parsed = parseDateText(value);
	return Number.isNaN(parsed) ? undefined : parsed;
}

function fromAbsolute(field: string, serverExpiresAt: number, input: ExpiryInput): number {
	// Express the provider's time in our clock: a server 5 minutes ahead must not shorten the token by
	// 5 minutes. The Date header has 1-second resolution, so differences under CLOCK_NOISE_MS are noise.
	// A Date header more than a day off is a broken clock or a cached answer, not skew: ignored.
	const difference = input.serverNow === undefined ? 0 : input.now - input.serverNow;
	const skew =
		Math.abs(difference) < CLOCK_NOISE_MS || Math.abs(difference) > MAX_CLOCK_SKEW_MS
			? 0
			: difference;
	const expiresAt = serverExpiresAt + skew;
	// A small number read as a time lands before 2001: it is a lifetime (Directus' `expires` is ms).
	if (field === 'expiresAtPath' && serverExpiresAt < LOOKS_LIKE_A_LIFETIME_BEFORE) {
		throw expiryError(
			field,
			`the login response holds a number that, read as an epoch time, lies before 2001: it looks like a lifetime, not a time. Choose Expiry Source: Expires-In Field with the matching ${label('expiresInUnit')}`,
		);
	}
	if (expiresAt <= input.now) {
		throw expiryError(
			field,
			"the login response says the token expired already; if this keeps happening, check the clocks (n8n server and provider; the provider's Date header corrects differences of up to a day) or choose another Expiry Source",
		);
	}
	return bounded(field, expiresAt, input.now);
}

/** The `exp` claim of a JWT, in epoch ms (provider clock), if the token is a JWT that has one. */
export function jwtExpiry(token: string): number | undefined {
	const parts = token.split('.');
	if (parts.length !== 3) return undefined;
	try {
		const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
		const exp = (payload as { exp?: unknown } | null)?.exp;
		// `exp` is seconds by the standard; some issuers write milliseconds, told apart by magnitude.
		return typeof exp === 'number' && Number.isFinite(exp) ? epochToMs(exp) : undefined;
	} catch {
		return undefined;
	}
}

/** The token's JWT exp in our clock, when the token is a JWT with a plausible one; else undefined. */
function jwtExpiresAt(input: ExpiryInput): number | undefined {
	const exp = jwtExpiry(input.token);
	if (exp === undefined) return undefined;
	try {
		return fromAbsolute('expirySource', exp, input);
	} catch {
		return undefined;
	}
}

const SOURCE_FIELD = { expiresIn: 'expiresInPath', expiresAt: 'expiresAtPath' } as const;

/**
 * The answer's own expiry, checked against the token's JWT exp when there is one: lifetimes that
 * differ by UNIT_MISMATCH_FACTOR or more mean a wrong unit, and the JWT (which the API itself checks)
 * wins, with a warning that Token Status shows.
 */
function checkedAgainstJwt(
	config: TokenConfig,
	input: ExpiryInput,
	expiry: Expiry & { source: 'expiresIn' | 'expiresAt' },
): Expiry {
	const jwt = jwtExpiresAt(input);
	if (jwt === undefined) return expiry;
	const answered = expiry.expiresAt - input.now;
	const fromJwt = jwt - input.now;
	if (Math.max(answered, fromJwt) < UNIT_MISMATCH_FACTOR * Math.min(answered, fromJwt))
		return expiry;
	const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
	const unit =
		expiry.source === 'expiresIn' ? ` (${label('expiresInUnit')} is ${config.expiresInUnit})` : '';
	return {
		expiresAt: jwt,
		source: 'jwt',
		warning: `${label(SOURCE_FIELD[expiry.source])} says the token lives ${seconds(answered)}${unit}, but the token's own JWT exp says ${seconds(fromJwt)}: the JWT exp is used. Check the unit, or choose Expiry Source: JWT Exp Claim.`,
	};
}

/**
 * When the token stops working, from the source the credential names. `auto` tries, in order:
 * an expires-in field, an expires-at field, a JWT `exp` claim, the fixed lifetime. An expires-in or
 * expires-at that disagrees with the token's own JWT exp by orders of magnitude gives way to it.
 */
export function readExpiry(config: TokenConfig, input: ExpiryInput): Expiry {
	const source = config.expirySource;
	if (source === 'expiresIn' || source === 'auto') {
		const lookup = readPath(input.body, config.expiresInPath);
		if (lookup.found) {
			const expiresAt = fromExpiresIn(lookup.value, input.now, config.expiresInUnit);
			return checkedAgainstJwt(config, input, { expiresAt, source: 'expiresIn' });
		}
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
			const expiresAt = fromAbsolute('expiresAtPath', at, input);
			return checkedAgainstJwt(config, input, { expiresAt, source: 'expiresAt' });
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
