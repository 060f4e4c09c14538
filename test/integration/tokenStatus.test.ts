import { TokenHttpRequest } from '../../nodes/TokenHttpRequest/TokenHttpRequest.node';
import { TokenStatus } from '../../nodes/TokenStatus/TokenStatus.node';
import { newProcess } from '../support/processLogins';
import { caught, items, jsonOf, PASSWORD, visible, world, type World } from './setup';

const status = new TokenStatus();
let w: World;
afterEach(async () => await w?.api.close());

const run = async (
	operation: string,
	extra: Record<string, unknown> = {},
	continueOnFail = false,
) =>
	jsonOf(
		await w.n8n.runNode(status, {
			parameters: { operation, ...extra },
			credentialId: w.credentialId,
			items: items(3),
			continueOnFail,
		}),
	);

describe('Token Status', () => {
	it('getStatus on a new credential: no token, no network call, one item for all inputs', async () => {
		w = await world();
		const output = await w.n8n.runNode(status, {
			parameters: { operation: 'getStatus' },
			credentialId: w.credentialId,
			items: items(3),
		});
		expect(output[0]).toHaveLength(1);
		expect(output[0][0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0][0].json).toEqual({
			credential: 'Bank API',
			hasToken: false,
			isFresh: false,
			expiresAt: null,
			expiresInSeconds: null,
			obtainedAt: null,
			refreshed: false,
			lastRenewal: null,
			tokenPreview: '',
		});
		expect(w.api.counters().requests).toBe(0);
	});

	it('refresh logs in now and persists: another workflow then needs no login; getStatus reports it without one', async () => {
		w = await world();
		const [refreshed] = await run('refresh');
		expect(refreshed).toMatchObject({
			hasToken: true,
			isFresh: true,
			refreshed: true,
			lastRenewal: 'login',
		});
		expect(refreshed.expiresInSeconds).toBeGreaterThanOrEqual(3598);
		expect(refreshed.expiresInSeconds).toBeLessThanOrEqual(3600);
		expect(refreshed.tokenPreview).toMatch(/^tok_…[0-9a-f]{4} \(44 chars\)$/);
		newProcess(); // the other workflow runs in a new process
		await w.n8n.runNode(new TokenHttpRequest(), {
			parameters: { url: '/me' },
			credentialId: w.credentialId,
			items: items(5),
		});
		const [reported] = await run('getStatus');
		expect(reported).toMatchObject({
			hasToken: true,
			isFresh: true,
			refreshed: false,
			expiresAt: refreshed.expiresAt,
			obtainedAt: refreshed.obtainedAt,
		});
		expect(w.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 5 });
	});

	it('refresh logs in even when the token is fresh', async () => {
		w = await world();
		await run('refresh');
		const [second] = await run('refresh');
		expect(second.refreshed).toBe(true);
		expect(w.api.counters().logins).toBe(2);
		expect(w.api.liveTokens()).toHaveLength(2);
	});

	it('ensureFresh logs in only when the token expires within Min Validity', async () => {
		w = await world({ sessionLifetime: 600 });
		expect((await run('ensureFresh'))[0].refreshed).toBe(true); // no token yet
		expect((await run('ensureFresh', { minValidity: 300 }))[0].refreshed).toBe(false); // 600 s left
		// 200 s later (the stored token aged): 400 s left, Min Validity 500 (< the 600 s lifetime)
		const stored = w.n8n.store.get(w.credentialId).data;
		const now = Date.now();
		w.n8n.store.update(w.credentialId, {
			...stored,
			sessionObtainedAt: new Date(now - 200_000).toISOString(),
			sessionExpiresAt: new Date(now + 400_000).toISOString(),
		});
		const [report] = await run('ensureFresh', { minValidity: 500 });
		expect(report).toMatchObject({ refreshed: true, isFresh: true });
		expect(report).not.toHaveProperty('warning');
		expect(w.api.counters().logins).toBe(2);
	});

	it('never outputs the token or the password', async () => {
		w = await world({ tokenFormat: 'jwt' });
		const output = await run('refresh');
		const [token] = w.api.issuedTokens();
		expect(output[0].tokenPreview).toBe(
			`${token.slice(0, 4)}…${token.slice(-4)} (${token.length} chars)`,
		);
		expect(visible(output)).not.toContain(token);
		expect(visible(output)).not.toContain(PASSWORD);
	});

	it('a failed login fails the node with the reason, or with continueOnFail returns it for an alert branch', async () => {
		w = await world({}, { password: 'wrong-password-123' });
		const error = await caught(run('ensureFresh'));
		const refused = `Login refused: POST ${w.api.url}/login answered HTTP 401 with "Bad credentials" (invalid_grant). Check Username, Password and Send Credentials As (now: JSON Body).`;
		expect(error.message).toBe(refused);
		const output = await w.n8n.runNode(status, {
			parameters: { operation: 'ensureFresh' },
			credentialId: w.credentialId,
			items: items(1),
			continueOnFail: true,
		});
		expect(output[0][0].error?.message).toBe(refused);
		const [item] = jsonOf(output);
		expect(item).toMatchObject({
			hasToken: false,
			refreshed: false,
			error: refused,
		});
		expect(visible(error, item)).not.toContain('wrong-password-123');
		// the second run is refused from memory: one attempt at the provider in all
		expect(w.api.counters()).toMatchObject({ failedLogins: 1, logins: 0 });
	});

	it('Ensure Fresh with a Min Validity no token can meet: one login, then a warning instead of a login per run', async () => {
		// 10-minute tokens, the README's old keep-warm example (Min Validity 900)
		w = await world({ sessionLifetime: 600 });
		const [first] = await run('ensureFresh', { minValidity: 900 });
		const warning =
			"Min Validity (900 s) is not shorter than the lifetime of this credential's tokens (600 s at the last login): no login can satisfy it, so Ensure Fresh logs in only when the token is missing or within the Refresh Margin of its expiry. Set Min Validity below 600 s.";
		expect(first).toMatchObject({ refreshed: true, isFresh: true, warning });
		for (let run2 = 0; run2 < 3; run2++) {
			newProcess();
			const [again] = await run('ensureFresh', { minValidity: 900 });
			expect(again).toMatchObject({ refreshed: false, isFresh: true, warning });
		}
		expect(w.api.counters().logins).toBe(1);
		// a Min Validity the tokens can meet: no warning
		const [fine] = await run('ensureFresh', { minValidity: 300 });
		expect(fine).not.toHaveProperty('warning');
		expect(w.api.counters().logins).toBe(1);
	});

	it('Ensure Fresh on a new credential with tokens shorter than the Refresh Margin: one login, no warning for a Min Validity they meet', async () => {
		w = await world({ sessionLifetime: 20 });
		const [first] = await run('ensureFresh', { minValidity: 1 });
		expect(first).toMatchObject({ refreshed: true, isFresh: true });
		expect(first.warning).toBeUndefined();
		expect(w.api.counters().logins).toBe(1);
	});

	it('a broken credential configuration is reported with the field', async () => {
		w = await world({}, { loginBody: '{not json' });
		const error = await caught(run('getStatus'));
		expect(error.message).toBe(
			'Extra Login Body: expected a JSON object such as {"grant_type": "password"}, got text that is not valid JSON',
		);
	});
});
