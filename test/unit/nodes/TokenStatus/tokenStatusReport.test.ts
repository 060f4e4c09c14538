import { tokenStatusReport } from '../../../../nodes/TokenStatus/tokenStatusReport';
import { config, NOW, tokenState } from '../../fixtures';

/** Without a token, the report states no times. */
const NO_TIMES = { expiresAt: null, expiresInSeconds: null, obtainedAt: null };
const LONG_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.payload.signature-123';

describe('tokenStatusReport', () => {
	it('a fresh token: its times, seconds left, and a preview that cannot be used as the token', () => {
		const state = tokenState(
			{ obtainedAt: NOW - 600_000, expiresAt: NOW + 1_800_500 },
			{ token: LONG_TOKEN },
		);
		expect(tokenStatusReport('Bank API', config(), state, false, NOW)).toEqual({
			credential: 'Bank API',
			hasToken: true,
			isFresh: true,
			expiresAt: '2026-01-01T10:30:00.500Z',
			expiresInSeconds: 1800,
			obtainedAt: '2026-01-01T09:50:00.000Z',
			refreshed: false,
			lastRenewal: null,
			tokenPreview: `eyJh…-123 (${LONG_TOKEN.length} chars)`,
		});
	});

	it('no token: no times, not fresh, an empty preview', () => {
		const state = tokenState({ obtainedAt: null, expiresAt: null }, { token: '' });
		expect(tokenStatusReport('Bank API', config(), state, true, NOW)).toEqual({
			credential: 'Bank API',
			hasToken: false,
			isFresh: false,
			...NO_TIMES,
			refreshed: true,
			lastRenewal: null,
			tokenPreview: '',
		});
	});

	it('an expired token: 0 seconds left (never negative), not fresh; a short token shows only its length', () => {
		const state = tokenState({ obtainedAt: NOW - 7_200_000, expiresAt: NOW - 3_600_000 });
		expect(tokenStatusReport('Bank API', config(), state, false, NOW)).toMatchObject({
			hasToken: true,
			isFresh: false,
			expiresAt: '2026-01-01T09:00:00.000Z',
			expiresInSeconds: 0,
			tokenPreview: '•••• (3 chars)',
		});
	});

	it('inside the refresh margin the token is not fresh, though seconds are left', () => {
		const state = tokenState({ obtainedAt: NOW - 3_540_000, expiresAt: NOW + 30_000 });
		expect(tokenStatusReport('Bank API', config(), state, false, NOW)).toMatchObject({
			isFresh: false,
			expiresInSeconds: 30,
		});
	});
});
