import { LoginTokenError, loginScope, type TokenState } from '../../../shared/engine';
import {
	MAX_RETRY_AFTER_WAIT_MS,
	ProcessLogins,
	REFUSAL_BACKOFF_MAX_MS,
	REFUSAL_BACKOFF_MS,
	REUSE_WINDOW_MS,
	type RateLimited,
} from '../../../shared/runtime/processLogins';
import { config } from '../fixtures';

const c = config();
let counter = 0;
let clock = Date.now();
let logins: ProcessLogins;
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
const refused = async (): Promise<TokenState> => {
	counter++;
	throw new LoginTokenError('loginRefused', 'Login refused: the provider answered HTTP 401', {
		loginStatus: 401,
		description: 'Check Username.',
	});
};
const rateLimited = (retryAfterMs: number | undefined) => async (): Promise<TokenState> => {
	counter++;
	const error = new LoginTokenError('loginFailed', 'Login rate-limited', { loginStatus: 429 });
	(error as LoginTokenError & RateLimited).retryAfterMs = retryAfterMs;
	throw error;
};

async function failure(promise: Promise<unknown>): Promise<LoginTokenError> {
	try {
		await promise;
	} catch (error) {
		return error as LoginTokenError;
	}
	throw new Error('expected a failure');
}

beforeEach(() => {
	clock = Date.now();
	logins = new ProcessLogins(() => clock);
	counter = 0;
});

describe('ProcessLogins', () => {
	it('joins a login under way', async () => {
		const results = await Promise.all([
			logins.login(c, '', login),
			logins.login(c, 'old', login),
			logins.login(c, '', login, { force: true }),
		]);
		expect(counter).toBe(1);
		expect(results.map((r) => r.token)).toEqual(['token-1', 'token-1', 'token-1']);
	});

	it("reuses a recent token for a caller holding another one, never the caller's own", async () => {
		const first = await logins.login(c, '', login);
		expect((await logins.login(c, 'stale', login)).token).toBe(first.token);
		expect((await logins.login(c, first.token, login)).token).toBe('token-2');
		expect(counter).toBe(2);
	});

	it('never reuses a token marked rejected', async () => {
		const first = await logins.login(c, '', login);
		logins.markRejected(c, first.token);
		expect(logins.wasRejected(c, first.token)).toBe(true);
		expect(logins.recentToken(c, 'other')).toBeUndefined();
		expect((await logins.login(c, 'other', login)).token).toBe('token-2');
	});

	it('does not reuse past the reuse window, nor when forced', async () => {
		const first = await logins.login(c, '', login);
		clock = Date.now() + REUSE_WINDOW_MS + 1;
		expect(logins.recentToken(c, 'x')).toBeUndefined();
		clock = Date.now();
		expect((await logins.login(c, 'x', login, { force: true })).token).not.toBe(first.token);
	});

	it('keeps logins of different credentials apart', async () => {
		await Promise.all([
			logins.login(c, '', login),
			logins.login(config({ username: 'bob' }), '', login),
		]);
		expect(counter).toBe(2);
	});

	it('a failed login (not a refusal) is shared by those waiting, then forgotten', async () => {
		const failing = async (): Promise<TokenState> => {
			await new Promise((resolve) => setTimeout(resolve, 10));
			throw new Error('network');
		};
		const outcomes = await Promise.allSettled([
			logins.login(c, '', failing),
			logins.login(c, '', failing),
		]);
		expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
		expect((await logins.login(c, '', login)).token).toBe('token-1');
	});

	it('passes a forced-login request to the next preAuthentication once', () => {
		logins.requestForcedLogin(c);
		expect(logins.takeForcedLogin(c)).toBe(true);
		expect(logins.takeForcedLogin(c)).toBe(false);
	});

	it('a refused login blocks that login for the back-off, doubling, bounded; the same error for everyone', async () => {
		const first = await failure(logins.login(c, '', refused));
		const until = new Date(clock + REFUSAL_BACKOFF_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
		expect(first.message).toBe('Login refused: the provider answered HTTP 401');
		expect(first.description).toBe(
			`Check Username. No new login is tried before ${until} (60 s after 1 refusal(s)), so that retries cannot lock the account; a changed Password or login setting is tried at once.`,
		);
		expect(await failure(logins.login(c, '', login))).toBe(first);
		expect(counter).toBe(1);
		// another password is another login: tried at once
		expect((await logins.login(config({ password: 'new' }), '', login)).token).toBe('token-2');
		clock += REFUSAL_BACKOFF_MS + 1;
		const second = await failure(logins.login(c, '', refused));
		expect(second.description).toMatch(/\(120 s after 2 refusal\(s\)\)/);
		for (let i = 0; i < 10; i++) {
			clock += REFUSAL_BACKOFF_MAX_MS + 1;
			await failure(logins.login(c, '', refused));
		}
		expect((await failure(logins.login(c, '', refused))).description).toMatch(
			/\(900 s after 12 refusal\(s\)\)/,
		);
		clock += REFUSAL_BACKOFF_MAX_MS + 1;
		expect((await logins.login(c, '', login)).token).toBe('token-14');
		// a success resets the back-off
		clock += REUSE_WINDOW_MS + 1;
		expect((await failure(logins.login(c, 'x', refused))).description).toMatch(
			/\(60 s after 1 refusal\(s\)\)/,
		);
	});

	it('a 429 with a long Retry-After fails at once and blocks the login for that long', async () => {
		const error = await failure(logins.login(c, '', rateLimited(600_000)));
		expect(error.message).toBe(
			'Login rate-limited: POST https://api.example-bank.com/login answered HTTP 429 and asks to wait 600 s (Retry-After)',
		);
		expect(await failure(logins.login(c, '', login))).toBe(error);
		clock += 600_001;
		expect((await logins.login(c, '', login)).token).toBe('token-2');
		expect(counter).toBe(2);
	});

	it('a 429 with a short Retry-After is waited for once, then retried once', async () => {
		let attempts = 0;
		const state = await logins.login(c, '', async () => {
			attempts++;
			if (attempts === 1) return await rateLimited(50)();
			return await login(0);
		});
		expect(state.token).toBe('token-2');
		expect(attempts).toBe(2);
		const twice = await failure(logins.login(c, 'x', rateLimited(50), { force: true }));
		expect(twice.message).toMatch(/asks to wait 1 s \(Retry-After\)$/);
		expect(counter).toBe(4);
		expect(MAX_RETRY_AFTER_WAIT_MS).toBe(30_000);
	});

	it('a 429 without Retry-After blocks for the default minute', async () => {
		const error = await failure(logins.login(c, '', rateLimited(undefined)));
		expect(error.message).toBe(
			'Login rate-limited: POST https://api.example-bank.com/login answered HTTP 429 and named no wait (no Retry-After), so 60 s are assumed',
		);
		clock += 59_000;
		expect(await failure(logins.login(c, '', login))).toBe(error);
	});

	it('hands the last failure of a login to whoever waited for it since a mark', async () => {
		const mark = logins.failureMark();
		expect(logins.failureSince(c, mark)).toBeUndefined();
		const error = await failure(logins.login(c, '', refused));
		expect(logins.failureSince(c, mark)).toBe(error);
		const later = logins.failureMark();
		expect(logins.failureSince(c, later)).toBeUndefined();
		await failure(logins.login(c, '', login)); // blocked: the same error, handed again
		expect(logins.failureSince(c, later)).toBe(error);
	});
});
