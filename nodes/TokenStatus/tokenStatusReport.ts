import { isTokenFresh, tokenPreview, type TokenConfig, type TokenState } from '../../shared/engine';

/** What Token Status outputs: enough to monitor and alert on, and nothing that could be used as the token. */
export interface TokenStatusReport {
	[key: string]: string | number | boolean | null;
	credential: string;
	hasToken: boolean;
	isFresh: boolean;
	expiresAt: string | null;
	expiresInSeconds: number | null;
	obtainedAt: string | null;
	refreshed: boolean;
	/** how the stored token was obtained: 'refresh' (the refresh token) or 'login' (the password) */
	lastRenewal: 'refresh' | 'login' | null;
	tokenPreview: string;
}

export function tokenStatusReport(
	credential: string,
	config: TokenConfig,
	state: TokenState,
	refreshed: boolean,
	now = Date.now(),
): TokenStatusReport {
	const hasToken = state.token !== '';
	return {
		credential,
		hasToken,
		isFresh: isTokenFresh(config, state, now),
		expiresAt:
			hasToken && state.expiresAt !== null ? new Date(state.expiresAt).toISOString() : null,
		expiresInSeconds:
			hasToken && state.expiresAt !== null
				? Math.max(0, Math.floor((state.expiresAt - now) / 1000))
				: null,
		obtainedAt:
			hasToken && state.obtainedAt !== null ? new Date(state.obtainedAt).toISOString() : null,
		refreshed,
		lastRenewal: hasToken ? (state.renewedBy ?? null) : null,
		tokenPreview: tokenPreview(state.token),
	};
}
