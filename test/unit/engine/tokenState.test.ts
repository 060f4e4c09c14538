import {
	isTokenFresh,
	loginFingerprint,
	loginHash,
	loginScope,
	matchesLoginHash,
	readTokenState,
	refreshMarginMs,
	tokenStateFields,
	type TokenState,
} from '../../../shared/engine';
import { config, NOW, PASSWORD, tokenState } from '../fixtures';

const c = config();
const state = (left: number, lifetime = 3600_000, overrides: Partial<TokenState> = {}) =>
	tokenState({ expiresAt: NOW + left, obtainedAt: NOW + left - lifetime }, overrides);

describe('freshness', () => {
	it('is fresh until the refresh margin before expiry', () => {
		expect(isTokenFresh(c, state(61_000), NOW)).toBe(true);
		expect(isTokenFresh(c, state(60_000), NOW)).toBe(false);
		expect(isTokenFresh(c, state(-1), NOW)).toBe(false);
	});

	it('caps the margin at half the lifetime, so short tokens are not refreshed on every call', () => {
		expect(refreshMarginMs(c, state(10_000, 20_000))).toBe(10_000);
		expect(isTokenFresh(c, state(11_000, 20_000), NOW)).toBe(true);
		expect(refreshMarginMs(config({ refreshMargin: 0 }), state(10_000))).toBe(0);
	});

	it('honours a caller minimum validity (Token Status ensureFresh)', () => {
		expect(isTokenFresh(c, state(200_000), NOW, 300_000)).toBe(false);
		expect(isTokenFresh(c, state(400_000), NOW, 300_000)).toBe(true);
	});

	it('treats no token, no expiry, or a token from another login as not fresh', () => {
		expect(isTokenFresh(c, state(600_000, 3600_000, { token: '' }), NOW)).toBe(false);
		expect(isTokenFresh(c, { ...state(600_000), expiresAt: null }, NOW)).toBe(false);
		expect(
			isTokenFresh(
				c,
				state(600_000, 3600_000, {
					scope: loginScope(config({ baseUrl: 'https://evil.example.com' })),
				}),
				NOW,
			),
		).toBe(false);
		expect(
			isTokenFresh(
				c,
				state(600_000, 3600_000, { scope: loginScope(config({ username: 'bob' })) }),
				NOW,
			),
		).toBe(false);
	});

	it('round-trips the hidden credential fields', () => {
		const s = state(600_000);
		expect(readTokenState(tokenStateFields(s))).toEqual(s);
		expect(readTokenState({})).toEqual({ token: '', expiresAt: null, obtainedAt: null, scope: '' });
		expect(readTokenState({ sessionToken: 't', sessionExpiresAt: 'garbage' }).expiresAt).toBeNull();
	});
});

describe('login fingerprint and stored login hash', () => {
	it('the same login gives the same fingerprint; password, user or any login setting change it', () => {
		const base = loginFingerprint(config());
		expect(loginFingerprint(config())).toBe(base);
		for (const change of [
			{ password: 'other' },
			{ username: 'bob' },
			{ loginUrl: '/v2/login' },
			{ loginBody: '{"client_id":"x"}' },
			{ loginHeaders: '{"X-Key":"y"}' },
			{ loginCredentialsIn: 'basicAuth' },
		])
			expect(loginFingerprint(config(change))).not.toBe(base);
		// where the token goes is not part of the login
		expect(loginFingerprint(config({ sendSessionAs: 'header' }))).toBe(base);
	});

	it('a stored hash matches exactly its login, is salted, and holds no password', () => {
		const hash = loginHash(config());
		expect(hash).toMatch(/^v1\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
		expect(hash).not.toContain(PASSWORD);
		expect(loginHash(config())).not.toBe(hash);
		expect(matchesLoginHash(config(), hash)).toBe(true);
		expect(matchesLoginHash(config({ password: 'other' }), hash)).toBe(false);
		expect(matchesLoginHash(config({ loginBody: '{"a":1}' }), hash)).toBe(false);
		for (const broken of ['', undefined, 42, 'v1$x', 'v2$a$b', `${hash}0`])
			expect(matchesLoginHash(config(), broken)).toBe(false);
	});
});
