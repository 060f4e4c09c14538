/** The tokens a mock API issued, and how a login answer states them and their expiry. */
import * as crypto from 'node:crypto';

import { parsePath } from '../../../../shared/engine/paths';
import { signJwt } from '../jwt';
import { advertisedLifetime, type ResolvedMockTokenApiOptions } from './options';

interface TokenEntry {
	issuedAt: number;
	/** Epoch ms; a token is valid while now < expiresAt. */
	expiresAt: number;
	revoked: boolean;
}

export class TokenStore {
	private readonly tokens = new Map<string, TokenEntry>();

	add(token: string, issuedAt: number, ttlMs: number): void {
		this.tokens.set(token, { issuedAt, expiresAt: issuedAt + ttlMs, revoked: false });
	}

	isValid(token: string, now: number): boolean {
		const entry = this.tokens.get(token);
		return entry !== undefined && !entry.revoked && now < entry.expiresAt;
	}

	revokeAll(): void {
		for (const entry of this.tokens.values()) entry.revoked = true;
	}

	/** Like revokeAll, but the tokens really run out of time (they are expired, not revoked). */
	expireAll(now: number): void {
		for (const entry of this.tokens.values()) entry.expiresAt = Math.min(entry.expiresAt, now);
	}

	all(): string[] {
		return [...this.tokens.keys()];
	}

	live(now: number): string[] {
		return this.all().filter((token) => this.isValid(token, now));
	}
}

export function createToken(
	o: ResolvedMockTokenApiOptions,
	issuedAt: number,
	jwtSecret: Buffer,
): string {
	if (o.tokenFormat !== 'jwt') return `tok_${crypto.randomBytes(20).toString('hex')}`;
	const iat = Math.floor(issuedAt / 1000);
	// jti keeps two tokens issued in the same second distinct.
	return signJwt(
		{ sub: o.username, iat, exp: iat + advertisedLifetime(o), jti: crypto.randomUUID() },
		jwtSecret,
	);
}

/**
 * Sets `value` at a dot path (parsed by the engine's own parser, so the mock writes exactly the
 * paths a credential can read), creating objects/arrays on the way and reusing existing ones.
 */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
	const segments = parsePath(path, 'sessionPath');
	let node: Record<string | number, unknown> = target;
	segments.forEach((segment, i) => {
		if (i === segments.length - 1) {
			node[segment] = value;
			return;
		}
		const nextIsIndex = typeof segments[i + 1] === 'number';
		const existing = node[segment];
		if (typeof existing !== 'object' || existing === null) node[segment] = nextIsIndex ? [] : {};
		node = node[segment] as Record<string | number, unknown>;
	});
}

function formatInstant(
	epochMs: number,
	format: ResolvedMockTokenApiOptions['expiresAtFormat'],
): string | number {
	if (format === 'epochSeconds') return Math.floor(epochMs / 1000);
	if (format === 'epochMillis') return Math.floor(epochMs);
	return new Date(epochMs).toISOString();
}

/** How many of each Expires-In Unit one second is. */
const EXPIRES_IN_UNIT_PER_SECOND = { seconds: 1, milliseconds: 1000, minutes: 1 / 60 } as const;

/** Writes the advertised expiry (or, for the badExpiry misbehaviour, garbage) into a login answer. */
export function addExpiry(
	body: Record<string, unknown>,
	o: ResolvedMockTokenApiOptions,
	issuedAt: number,
	bad: boolean,
): void {
	const ttl = advertisedLifetime(o);
	if (o.expirySource === 'expiresAt') {
		setPath(
			body,
			o.expiresAtPath,
			bad ? 'not-a-date' : formatInstant(issuedAt + ttl * 1000, o.expiresAtFormat),
		);
	} else if (o.expirySource === 'expiresIn') {
		const inUnit = ttl * EXPIRES_IN_UNIT_PER_SECOND[o.expiresInUnit];
		setPath(body, o.expiresInPath, bad ? 'soon' : o.expiresInAsString ? String(inUnit) : inUnit);
	} else if (bad) {
		setPath(body, o.expiresInPath, 'soon'); // so the misbehaviour still shows with expirySource 'none'
	}
}
