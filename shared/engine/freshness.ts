import type { TokenConfig, TokenState } from './config';
import { loginScope } from './config';

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
	};
}

/** What preAuthentication returns: the hidden fields n8n persists (encrypted) on the credential. */
export function tokenStateFields(state: TokenState): {
	sessionToken: string;
	sessionExpiresAt: string;
	sessionObtainedAt: string;
	sessionScope: string;
} {
	return {
		sessionToken: state.token,
		sessionExpiresAt: isoOrEmpty(state.expiresAt),
		sessionObtainedAt: isoOrEmpty(state.obtainedAt),
		sessionScope: state.scope,
	};
}
