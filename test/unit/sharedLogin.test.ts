import { loginScope, type TokenState } from '../../shared/engine';
import {
	markRejected,
	recentToken,
	REUSE_WINDOW_MS,
	requestForcedLogin,
	resetSharedLogins,
	sharedLogin,
	takeForcedLogin,
} from '../../shared/runtime/sharedLogin';
import { config } from './fixtures';

const c = config();
let counter = 0;
const login = async (delay = 20): Promise<TokenState> => {
	await new Promise((resolve) => setTimeout(resolve, delay));
	counter++;
	const now = Date.now();
	return {
		token: `token-${counter}`,
		expiresAt: now + 3600_000,
		obtainedAt: now,
		scope: loginScope(c),
	};
};

beforeEach(() => {
	resetSharedLogins();
	counter = 0;
});

describe('sharedLogin', () => {
	it('joins a login under way', async () => {
		const results = await Promise.all([
			sharedLogin(c, '', login),
			sharedLogin(c, 'old', login),
			sharedLogin(c, '', login, { force: true }),
		]);
		expect(counter).toBe(1);
		expect(results.map((r) => r.token)).toEqual(['token-1', 'token-1', 'token-1']);
	});

	it("reuses a recent token for a caller holding another one, never the caller's own", async () => {
		const first = await sharedLogin(c, '', login);
		expect((await sharedLogin(c, 'stale', login)).token).toBe(first.token);
		expect((await sharedLogin(c, first.token, login)).token).toBe('token-2');
		expect(counter).toBe(2);
	});

	it('never reuses a token marked rejected', async () => {
		const first = await sharedLogin(c, '', login);
		markRejected(c, first.token);
		expect(recentToken(c, 'other')).toBeUndefined();
		expect((await sharedLogin(c, 'other', login)).token).toBe('token-2');
	});

	it('does not reuse past the reuse window, nor when forced', async () => {
		const first = await sharedLogin(c, '', login);
		expect(recentToken(c, 'x', Date.now() + REUSE_WINDOW_MS + 1)).toBeUndefined();
		expect((await sharedLogin(c, 'x', login, { force: true })).token).not.toBe(first.token);
	});

	it('keeps logins of different credentials apart', async () => {
		await Promise.all([
			sharedLogin(c, '', login),
			sharedLogin(config({ username: 'bob' }), '', login),
		]);
		expect(counter).toBe(2);
	});

	it('a failed login is shared by those waiting, then forgotten', async () => {
		const failing = async (): Promise<TokenState> => {
			await new Promise((resolve) => setTimeout(resolve, 10));
			throw new Error('refused');
		};
		const outcomes = await Promise.allSettled([
			sharedLogin(c, '', failing),
			sharedLogin(c, '', failing),
		]);
		expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
		expect((await sharedLogin(c, '', login)).token).toBe('token-1');
	});

	it('passes a forced-login request to the next preAuthentication once', () => {
		requestForcedLogin(c);
		expect(takeForcedLogin(c)).toBe(true);
		expect(takeForcedLogin(c)).toBe(false);
	});
});
