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
	loginsStarted = 0;
	writes = 0;
	/** lease owners that wrote a lease (a claim, then its renewals) */
	claimants = new Set<string>();

	/**
	 * `owner`: the process whose login this io runs; its lease renewal is stopped before the token
	 * is stored, as the credential's preAuthentication does. `alive`: false stops its writes and
	 * leaves its login hanging (kill -9 of the holder).
	 */
	io(
		owner: Process,
		loginMs = 200,
		alive: () => boolean = () => true,
	): ClusterLoginModule.ClusterIo {
		return {
			read: async () => {
				await delay(3);
				return { ...this.data };
			},
			write: async (fields) => {
				if (!alive()) return await new Promise<boolean>(() => undefined);
				this.writes++;
				if (fields.sessionLeaseOwner) this.claimants.add(String(fields.sessionLeaseOwner));
				const token = this.data.sessionToken; // as read by the writer
				await delay(20);
				this.data = { ...this.data, sessionToken: token, ...fields };
				return true;
			},
			login: async () => {
				this.loginsStarted++;
				await delay(loginMs);
				if (!alive()) return await new Promise<TokenState>(() => undefined);
				await owner.logins.processLogins.stopLeaseRenewal(c);
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
				Array.from({ length: 5 }, async () => await p.cluster.clusterLogin(c, store.io(p), need)),
			),
		);
		expect(store.logins).toBe(1);
		expect(new Set(results.map((r) => r.token))).toEqual(new Set(['token-1']));
		expect(store.data.sessionToken).toBe('token-1');
		expect(readLease(store.data)).toBeUndefined(); // the login released it
		expect(store.claimants.size).toBeLessThanOrEqual(3); // one claim per process at most
	});

	it('after a rejection in two processes, one login replaces the token for both', async () => {
		const store = new Store();
		const [a, b] = [newProcess(), newProcess()];
		await a.cluster.clusterLogin(c, store.io(a), need); // token-1 stored
		a.logins.processLogins.markRejected(c, 'token-1');
		b.logins.processLogins.markRejected(c, 'token-1');
		const again = { oldToken: 'token-1', acceptStillValid: true };
		const [ra, rb] = await Promise.all([
			a.cluster.clusterLogin(c, store.io(a), again),
			b.cluster.clusterLogin(c, store.io(b), again),
		]);
		expect(store.logins).toBe(2);
		expect([ra.token, rb.token]).toEqual(['token-2', 'token-2']);
	});

	it('while another process holds the lease, a still-valid token is used without waiting', async () => {
		const store = new Store();
		const [a, b] = [newProcess(), newProcess()];
		await a.cluster.clusterLogin(c, store.io(a), need); // token-1
		store.data = {
			...store.data,
			...leaseFields({ owner: 'elsewhere', until: Date.now() + 10_000 }),
		};
		const writes = store.writes;
		const result = await b.cluster.clusterLogin(c, store.io(b), {
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
		const first = a.cluster.clusterLogin(c, store.io(a, 1_000), need);
		await delay(600); // a holds the lease and is logging in
		expect(readLease(store.data)?.owner).toBeDefined();
		const second = await b.cluster.clusterLogin(c, store.io(b), need);
		expect(second.token).toBe('token-1');
		expect((await first).token).toBe('token-1');
		expect(store.logins).toBe(1);
	});

	it('a failed login releases the lease, so the next process logs in at once', async () => {
		const store = new Store();
		const [a, b] = [newProcess(), newProcess()];
		const failing: ClusterLoginModule.ClusterIo = {
			...store.io(a),
			login: async () => {
				await delay(50);
				throw new Error('login refused');
			},
		};
		await expect(a.cluster.clusterLogin(c, failing, need)).rejects.toThrow('login refused');
		expect(readLease(store.data)).toBeUndefined();
		expect((await b.cluster.clusterLogin(c, store.io(b), need)).token).toBe('token-1');
	});

	it('a login slower than the lease: the holder renews it, nobody else logs in while it lives', async () => {
		const store = new Store();
		const [a, b] = [newProcess(), newProcess()];
		const first = a.cluster.clusterLogin(c, store.io(a, 3_000), need);
		await delay(1_300); // a confirmed its lease (1 s settle) and is logging in
		const second = await b.cluster.clusterLogin(c, store.io(b), need);
		expect((await first).token).toBe('token-1');
		expect(second.token).toBe('token-1');
		expect(store.loginsStarted).toBe(1);
		expect(store.data.sessionToken).toBe('token-1'); // no renewal landed after the token
		expect(readLease(store.data)).toBeUndefined();
	});

	it('the holder dies during its login: another process takes over within a lease and a settle', async () => {
		const store = new Store();
		const [a, b] = [newProcess(), newProcess()];
		let aAlive = true;
		void a.cluster.clusterLogin(
			c,
			store.io(a, 3_000, () => aAlive),
			need,
		);
		await delay(1_300); // a holds the lease, renewed every 200 ms, and is logging in
		const waiting = b.cluster.clusterLogin(c, store.io(b, 200), need);
		await delay(500); // b is waiting for a
		aAlive = false; // kill -9: no more renewals, its login never stores anything
		const killed = Date.now();
		const result = await waiting;
		const tookOverMs = Date.now() - killed;
		expect(result.token).toBe('token-1');
		expect(store.logins).toBe(1); // a's login never completed here
		expect(store.loginsStarted).toBe(2);
		// at most one lease (0.8 s) + a poll + the takeover settle (0.4 s) + b's 200 ms login + writes
		expect(tookOverMs).toBeLessThan(2_300);
		expect(tookOverMs).toBeGreaterThan(500); // not before a's last lease ran out
	});

	it('a claim lost to a process that then dies: the next claim is a takeover, with the short settle', async () => {
		const store = new Store();
		const b = newProcess();
		const started = Date.now();
		const result = b.cluster.clusterLogin(c, store.io(b), need);
		await delay(300); // b claimed and is in its first settle (1 s)
		// another claim lands after b's, and its owner dies before renewing it
		store.data = {
			...store.data,
			...leaseFields({ owner: 'elsewhere', until: Date.now() + 300 }),
		};
		expect((await result).token).toBe('token-1');
		const took = Date.now() - started;
		expect(store.loginsStarted).toBe(1);
		// the first settle (1 s), then the takeover settle (0.25 s) and the 200 ms login; a second
		// first-claim settle would take 0.75 s more
		expect(took).toBeGreaterThan(1_400);
		expect(took).toBeLessThan(1_900);
	});

	it('a lease further ahead than any holder writes (an imported credential) is ignored', async () => {
		const store = new Store();
		store.data = leaseFields({ owner: 'imported', until: Date.now() + 3_600_000 });
		const b = newProcess();
		const started = Date.now();
		expect((await b.cluster.clusterLogin(c, store.io(b), need)).token).toBe('token-1');
		expect(Date.now() - started).toBeLessThan(1_800); // one settle (1 s) and a login, no wait
	});
});

describe('processRole: what n8n says about this process', () => {
	it("reads the execution context's instance settings; anything else is unknown", () => {
		const { processRole } = newProcess().cluster;
		const role = (instanceSettings: unknown) => processRole({ instanceSettings });
		expect(role({ instanceType: 'worker', isMultiMain: false })).toBe('worker');
		expect(role({ instanceType: 'webhook' })).toBe('webhook');
		expect(role({ instanceType: 'main', isMultiMain: true })).toBe('multiMain');
		expect(role({ instanceType: 'main', isMultiMain: false })).toBe('main');
		expect(role({ instanceType: 'runner' })).toBe('unknown');
		expect(role(undefined)).toBe('unknown');
		expect(processRole({})).toBe('unknown');
	});
});
