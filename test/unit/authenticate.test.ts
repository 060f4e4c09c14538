import {
	CREDENTIAL_TEST_HEADER,
	JUST_LOGGED_IN_MS,
	needsLoginFirst,
	takeTestMark,
	tokenExpiredSignal,
	type TokenState,
} from '../../shared/engine';
import { config, NOW, tokenState } from './fixtures';

const c = config();
const state = (obtainedAgo: number, overrides: Partial<TokenState> = {}): TokenState =>
	tokenState({ obtainedAt: NOW - obtainedAgo, expiresAt: NOW + 3600_000 }, overrides);

describe('authenticate decisions', () => {
	it('sends the stored token of this login on ordinary requests', () => {
		expect(needsLoginFirst(c, state(600_000), false, NOW)).toBe(false);
		expect(needsLoginFirst(c, state(0, { token: '' }), false, NOW)).toBe(false);
	});

	it('asks for a login when the token belongs to another login', () => {
		expect(
			needsLoginFirst(
				c,
				state(0, { scope: 'https://old.example.com https://old.example.com/login alice' }),
				false,
				NOW,
			),
		).toBe(true);
	});

	it('asks for a login on the credential test unless the token was just obtained', () => {
		expect(needsLoginFirst(c, state(600_000), true, NOW)).toBe(true);
		expect(needsLoginFirst(c, state(0, { token: '' }), true, NOW)).toBe(true);
		expect(needsLoginFirst(c, state(JUST_LOGGED_IN_MS - 1), true, NOW)).toBe(false);
	});

	it('finds and removes the test mark in any header case', () => {
		const marked = takeTestMark({
			url: 'https://x',
			headers: { [CREDENTIAL_TEST_HEADER.toLowerCase()]: 'true', Accept: 'a' },
		});
		expect(marked).toEqual({
			isCredentialTest: true,
			request: { url: 'https://x', headers: { Accept: 'a' } },
		});
		expect(takeTestMark({ url: 'https://x' }).isCredentialTest).toBe(false);
	});

	it('signals expiry the way n8n request helpers recognise it', () => {
		expect(tokenExpiredSignal().response.status).toBe(401);
	});
});
