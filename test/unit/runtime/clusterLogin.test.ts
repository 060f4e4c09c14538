/**
 * The login lease between processes, with an in-memory stand-in for n8n's credential table. Each
 * "process" is a separate module registry (jest.isolateModules): its own process id, single-flight
 * and memory of rejected tokens, as a queue worker has. Writes are read-modify-write with a delay,
 * like n8n's preAuthentication persistence.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { loginScope, tokenStateFields, type TokenState } from '../../../shared/engine';
import { leaseFields, readLease } from '../../../shared/engine/loginLease';
import type * as ClusterLoginModule from '../../../shared/runtime/clusterLogin';
import type * as ProcessLoginsModule from '../../../shared/runtime/processLogins';
import { config } from '../fixtures';

const c = config();
const delay = async (ms: number): Promise<void> =>
	await new Promise((resolve) => setTimeout(resolve, ms));

interface Process {
	cluster: typeof ClusterLoginModule;
	logins: typeof ProcessLoginsModule;
}

function newProcess(): Process {
	let process: Process | undefined;
	jest.isolateModules(() => {
		process = {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			cluster: require('../../../shared/runtime/clusterLogin') as typeof ClusterLoginModule,
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			logins: require('../../../shared/runtime/processLogins') as typeof ProcessLoginsModule,
		};
	});
	return process as Process;
}

/** The shared "database": one credential row, and the provider's login count. */
class Store {
	data: ICredentialDataDecryptedObject = {};
	logins = 0;
	writes = 0;

	io(loginMs = 200): ClusterLoginModule.ClusterIo {
		return {
			read: async () => {
				await delay(3);
				return { ...this.data };
			},
			write: async (fields) => {
				this.writes++;
				const token = this.data.sessionToken; // as read by the writer
				await delay(20);
				this.data = { ...this.data, sessionToken: token, ...fields };
				return true;
			},
			login: async () => {
				await delay(loginMs);
				const now = Date.now();
				const state: TokenState = {
					token: `token-${++this.logins}`,
					expiresAt: now + 300_000,
					obtainedAt: now,
					scope: loginScope(c),
				};
				this.data = { ...this.data, ...tokenStateFields(state), ...leaseFields(undefined) };
				return state;
			},
		};
	}
}

const need = { oldToken: '', acceptStillValid: true };

describe('clusterLogin across processes', () => {
	it('cold start: three processes, five callers each, one login, everyone gets its token', async () => {
		const store = new Store();
		const processes = [newProcess(), newProcess(), newProcess()];
		const results = await Promise.all(
			processes.flatMap((p) =>
				Array.from({ length: 5 }, async () => await p.cluster.clusterLogin(c, store.io(), need)),
			),
		);
		expect(store.logins).toBe(1);
		expect(new Set(results.map((r) => r.token))).toEqual(new Set(['token-1']));
		expect(store.data.sessionToken).toBe('token-1');
		expect(readLease(store.data)).toBeUndefined(); // the login released it
		expect(store.writes).toBeLessThanOrEqual(3); // one claim per process at most
	});

	it('after a rejection in two processes, one login replaces the token for both', async () => {
		const store = new Store();
		const [a, b] = [newProcess(), newProcess()];
		await a.cluster.clusterLogin(c, store.io(), need); // token-1 stored
		a.logins.processLogins.markRejected(c, 'token-1');
		b.logins.processLogins.markRejected(c, 'token-1');
		const again = { oldToken: 'token-1', acceptStillValid: true };
		const [ra, rb] = await Promise.all([
			a.cluster.clusterLogin(c, store.io(), again),
			b.cluster.clusterLogin(c, store.io(), again),
		]);
		expect(store.logins).toBe(2);
		expect([ra.token, rb.token]).toEqual(['token-2', 'token-2']);
	});

	it('while another process holds the lease, a still-valid token is used without waiting', async () => {
		const store = new Store();
		const [a, b] = [newProcess(), newProcess()];
		await a.cluster.clusterLogin(c, store.io(), need); // token-1
		store.data = {
			...store.data,
			...leaseFields({ owner: 'elsewhere', until: Date.now() + 10_000 }),
		};
		const writes = store.writes;
		const result = await b.cluster.clusterLogin(c, store.io(), {
			oldToken: 'token-1',
			acceptStillValid: true,
		});
		expect(result.token).toBe('token-1');
		expect(store.logins).toBe(1);
		expect(store.writes).toBe(writes); // no claim: it neither waited for nor took the lease
	});

	it('a waiting process takes the token the lease owner stores', async () => {
		const store = new Store();
		const [a, b] = [newProcess(), newProcess()];
		const first = a.cluster.clusterLogin(c, store.io(1_000), need);
		await delay(600); // a holds the lease and is logging in
		expect(readLease(store.data)?.owner).toBeDefined();
		const second = await b.cluster.clusterLogin(c, store.io(), need);
		expect(second.token).toBe('token-1');
		expect((await first).token).toBe('token-1');
		expect(store.logins).toBe(1);
	});

	it('a failed login releases the lease, so the next process logs in at once', async () => {
		const store = new Store();
		const [a, b] = [newProcess(), newProcess()];
		const failing: ClusterLoginModule.ClusterIo = {
			...store.io(),
			login: async () => {
				await delay(50);
				throw new Error('login refused');
			},
		};
		await expect(a.cluster.clusterLogin(c, failing, need)).rejects.toThrow('login refused');
		expect(readLease(store.data)).toBeUndefined();
		expect((await b.cluster.clusterLogin(c, store.io(), need)).token).toBe('token-1');
	});
});
