/**
 * n8n's queue mode with the packed package: Redis, PostgreSQL 15, one main and two workers on
 * loopback (test/support/queue/cluster.ts), executions started through a production webhook, 20 at once
 * with 10 items each, against mock providers with a 200 ms login. Token HTTP Request must log in
 * once for the whole cluster, also when the provider keeps one live session only (each login
 * revokes the previous token), lose nothing, and store the newest token. When the worker holding
 * the login lease is killed during a 3 s login, data flows again within 5 s (median of 3; issue 16). Rotating
 * refresh tokens are renewed once for the cluster, and no refresh token is sent twice (issue 15).
 */
import { packPackage } from '../support/packPackage';
import { defaultN8nVersion, n8nVersion } from '../support/realN8n';
import { QueueCluster } from '../support/queue/cluster';
import {
	credentialFor,
	runKilledHolder,
	runScenario,
	scenarioSpecs,
	type RunResult,
} from '../support/queue/scenarios';
import { runRefreshRotation } from '../support/queue/refreshScenario';
import { benchWorkflow } from '../support/queue/workflows';

jest.setTimeout(10 * 60_000);

const target = {
	node: 'tokenHttpRequest' as const,
	credentialId: 'queue-e2e',
	webhookPath: 'queue-e2e',
};
const specs = scenarioSpecs({});
const issued: string[] = [];
let cluster: QueueCluster | undefined;
let runOffset = 0;

async function run(name: 'cold-start' | 'single-session'): Promise<RunResult> {
	runOffset += 1000;
	return await runScenario(cluster as QueueCluster, specs[name], target, {
		checkStoredToken: true,
		runOffset,
		onIssuedTokens: (tokens) => issued.push(...tokens),
	});
}

const outcome = (result: RunResult): Record<string, unknown> => ({
	logins: result.logins,
	rejectedCalls: result.rejectedCalls,
	failedItems: result.failedItems,
	failedExecutions: result.failedExecutions,
	storedTokenNewest: result.storedTokenNewest,
	executions: result.executions,
});
const target1Login = {
	logins: 1,
	rejectedCalls: 0,
	failedItems: 0,
	failedExecutions: 0,
	storedTokenNewest: true,
	executions: 20,
};

beforeAll(async () => {
	cluster = await QueueCluster.start({
		workers: 2,
		packageTarball: packPackage(),
		credentials: [credentialFor(target.credentialId, { url: 'http://127.0.0.1:9' })],
		workflows: [benchWorkflow(target.webhookPath, target.node, target.credentialId, 10)],
	});
});

afterAll(async () => {
	await cluster?.stop();
});

// Run once, against the default n8n release (.ci/run runs the e2e suite for every release; queue
// mode is the same package code on both, and the cluster takes a few minutes).
const describeOnce = n8nVersion() === defaultN8nVersion() ? describe : describe.skip;

describeOnce('queue mode: main + 2 workers, PostgreSQL, Redis', () => {
	it('cold start, 20 executions at once: one login for the cluster, nothing fails', async () => {
		expect(outcome(await run('cold-start'))).toEqual(target1Login);
		// Both workers ran executions: the login was shared across processes, not inside one.
		const started = (cluster as QueueCluster)
			.workerLogs()
			.map((log) => (log.match(/Worker started execution/g) ?? []).length);
		expect(started.every((count) => count > 0)).toBe(true);
	});

	it('single-session provider, 5 runs: one login each, no rejected call, nothing lost', async () => {
		const results: Array<Record<string, unknown>> = [];
		for (let i = 0; i < 5; i++) results.push(outcome(await run('single-session')));
		expect(results).toEqual(Array.from({ length: 5 }, () => target1Login));
	});

	it('rotating refresh tokens: an expired token is renewed with one refresh for the cluster, no refresh token sent twice', async () => {
		runOffset += 1000;
		const result = await runRefreshRotation(cluster as QueueCluster, target, { runOffset });
		expect(result).toEqual({
			workers: 2,
			renewal: { logins: 0, refreshes: 1, refreshReuses: 0, refusedRefreshes: 0, rejectedCalls: 0 },
			failedItems: 0,
			failedExecutions: 0,
		});
	});

	it('the worker logging in is killed (3 s login), 3 times: data again within 5 s (median), never after a lease ran out', async () => {
		const results = [];
		for (let i = 0; i < 3; i++) {
			runOffset += 1000;
			results.push(await runKilledHolder(cluster as QueueCluster, target, { runOffset }));
		}
		console.log(`killed-holder: ${JSON.stringify(results)}`);
		const times = results
			.map((r) => r.dataAgainMs ?? Number.POSITIVE_INFINITY)
			.sort((a, b) => a - b);
		// The floor is a lease, the takeover settle and the 3 s login (3.7 s). A kill right at the
		// login's start, as here, can wait up to about a second more on a loaded machine: the holder's
		// first renewal leases for 4x its (slow) claim write. Measured: 3.7-4.8 s in 20 bench runs,
		// 4.7 and 4.9 s in two CI runs. A median is what a timing target can assert without flaking.
		expect(times[1]).toBeLessThanOrEqual(5_000);
		expect(times[2]).toBeLessThanOrEqual(8_000);
		// the dead holder's login still completed at the provider; one more replaced its lost token
		expect(results.map((r) => r.logins)).toEqual([2, 2, 2]);
	});

	it('no token in plain text in PostgreSQL or in any n8n log', async () => {
		const c = cluster as QueueCluster;
		expect(issued.length).toBe(6);
		const dump = c.postgres.sql(
			"select string_agg(t, ' ') from (select data::text as t from credentials_entity union all select data::text from execution_data) x",
		);
		const logs = c.workerLogs().join('\n');
		expect(issued.filter((token) => dump.includes(token) || logs.includes(token))).toEqual([]);
	});
});
