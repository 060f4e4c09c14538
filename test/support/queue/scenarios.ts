/**
 * The queue-mode scenarios of issue 9, run against a QueueCluster. Each run gets a provider of its
 * own (a new address, so no process remembers a login from an earlier run) and starts from a
 * credential with no token stored.
 *
 * What is counted, from the provider's side: logins; rejected calls (a token that was revoked,
 * expired or unknown, or none at all); failed items (item ids the provider never answered with
 * data); failed executions (not queued, or not 'success' in n8n's execution table: n8n's default
 * stop-on-error fails the execution at the first item that fails).
 */
import { startMockTokenApi, type MockTokenApi, type MockTokenApiOptions } from '../mock/tokenApi';
import type { QueueCluster } from './cluster';
import { sleepMs } from './processes';
import { pidConnectedTo } from './socketOwner';
import { itemIdsOf, type BenchNode } from './workflows';

export type ScenarioName = 'cold-start' | 'single-session' | 'short-ttl';

export interface ScenarioLoad {
	/** Executions started at once (burst), or per second (rate) for `seconds`. */
	kind: 'burst' | 'rate';
	executions: number;
	seconds?: number;
	items: number;
}

export interface ScenarioSpec {
	name: ScenarioName;
	/** Mock provider behaviour (the only place the bench names mock options). */
	provider: MockTokenApiOptions;
	load: ScenarioLoad;
}

export interface RunResult {
	scenario: ScenarioName;
	workers: number;
	node: BenchNode;
	logins: number;
	rejectedCalls: number;
	failedItems: number;
	failedExecutions: number;
	wallMs: number;
	/** Executions started. */
	executions: number;
	/** The token n8n stored at the end is the newest the provider issued (undefined: not checked). */
	storedTokenNewest?: boolean;
	/** First distinct failure messages, for the report (never token values: n8n's messages). */
	failures: string[];
}

export const USER = { username: 'queue-user', password: 'Queue-Passw0rd-1' };

export function scenarioSpecs(options: {
	shortTtlSeconds?: number;
	shortTtlRate?: number;
}): Record<ScenarioName, ScenarioSpec> {
	const burst: ScenarioLoad = { kind: 'burst', executions: 20, items: 10 };
	return {
		'cold-start': {
			name: 'cold-start',
			provider: { sessionLifetime: 300, loginDelayMs: 200 },
			load: burst,
		},
		'single-session': {
			name: 'single-session',
			provider: {
				sessionLifetime: 300,
				loginDelayMs: 200,
				singleSession: true,
				refreshOnStatus: 401,
			},
			load: burst,
		},
		'short-ttl': {
			name: 'short-ttl',
			provider: { sessionLifetime: 5, loginDelayMs: 200 },
			load: {
				kind: 'rate',
				executions: options.shortTtlRate ?? 5,
				seconds: options.shortTtlSeconds ?? 30,
				items: 10,
			},
		},
	};
}

export function credentialFor(
	id: string,
	api: Pick<MockTokenApi, 'url'>,
): {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
} {
	return {
		id,
		name: id,
		type: 'loginTokenApi',
		data: { baseUrl: api.url, ...USER, sessionToken: '' },
	};
}

/** One run: a new provider, the credential re-imported without a token, the load, the counts. */
export async function runScenario(
	cluster: QueueCluster,
	spec: ScenarioSpec,
	target: { node: BenchNode; credentialId: string; webhookPath: string },
	options: {
		checkStoredToken?: boolean;
		runOffset?: number;
		/** Receives every token the provider issued (for a leak check), before the provider stops. */
		onIssuedTokens?: (tokens: string[]) => void;
	} = {},
): Promise<RunResult> {
	const api = await startMockTokenApi({ ...USER, ...spec.provider });
	try {
		await cluster.importCredentials([credentialFor(target.credentialId, api)]);
		api.reset();
		const before = cluster.lastExecutionId();
		const started = Date.now();
		const answers = await applyLoad(
			cluster,
			spec.load,
			target.webhookPath,
			api.url,
			options.runOffset ?? 0,
		);
		const queued = answers.filter((a) => a.status === 200).length;
		const executions = await cluster.finishedExecutions(target.webhookPath, before, queued);
		const wallMs =
			executions.length > 0
				? Math.max(...executions.map((e) => e.stoppedAt)) - started
				: Date.now() - started;
		const counters = api.counters();
		const served = new Set(
			api
				.requests()
				.filter((r) => r.status === 200 && /^\/items\/\d+$/.test(r.path))
				.map((r) => Number(r.path.slice('/items/'.length))),
		);
		let failedItems = 0;
		for (const answer of answers)
			for (const id of itemIdsOf(answer.run, spec.load.items)) if (!served.has(id)) failedItems++;
		const notQueued = answers.filter((a) => a.status !== 200);
		const failedRuns = executions.filter((e) => e.status !== 'success');
		const result: RunResult = {
			scenario: spec.name,
			workers: cluster.workerCount,
			node: target.node,
			logins: counters.logins,
			rejectedCalls: counters.rejectedCalls + counters.unauthenticatedCalls,
			failedItems,
			failedExecutions: notQueued.length + failedRuns.length,
			wallMs,
			executions: answers.length,
			failures: [
				...new Set([
					...notQueued.map((a) => `webhook ${a.status} ${a.text.slice(0, 200)}`),
					...failedRuns.map((e) => `execution ${e.status}`),
				]),
			].slice(0, 3),
		};
		if (options.checkStoredToken) {
			const stored = (await cluster.exportCredentials()).find((c) => c.id === target.credentialId);
			const issued = api.issuedTokens();
			result.storedTokenNewest =
				issued.length > 0 && stored?.data.sessionToken === issued[issued.length - 1];
		}
		options.onIssuedTokens?.(api.issuedTokens());
		return result;
	} finally {
		await api.close();
	}
}

interface Answer {
	run: number;
	status: number;
	text: string;
}

export async function applyLoad(
	cluster: QueueCluster,
	load: ScenarioLoad,
	webhookPath: string,
	base: string,
	runOffset: number,
): Promise<Answer[]> {
	const fire = async (run: number): Promise<Answer> => {
		try {
			const response = await cluster.trigger(webhookPath, { run, base });
			return { run, status: response.status, text: response.text };
		} catch (error) {
			return { run, status: 0, text: (error as Error).message };
		}
	};
	if (load.kind === 'burst') {
		return await Promise.all(
			Array.from({ length: load.executions }, async (_, i) => await fire(runOffset + i + 1)),
		);
	}
	const pending: Array<Promise<Answer>> = [];
	const started = Date.now();
	const total = load.executions * (load.seconds ?? 30);
	for (let i = 0; i < total; i++) {
		const due = started + (i * 1000) / load.executions;
		const wait = due - Date.now();
		if (wait > 0) await sleepMs(wait);
		pending.push(fire(runOffset + i + 1));
	}
	return await Promise.all(pending);
}

/** The killed-holder scenario: how long the cluster waits after the worker logging in dies. */
export interface KilledHolderResult {
	workers: number;
	/** ms from the kill to the first API call the provider answered with data; undefined: none in time */
	dataAgainMs: number | undefined;
	/** login requests the provider answered (the dead holder's login completes there too) */
	logins: number;
	/** the worker slot that was killed (it is started again before this returns) */
	killedWorker: number;
}

const HOLDER_LOGIN_MS = 3_000;

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`${what}: not seen in ${timeoutMs} ms`);
		await sleepMs(20);
	}
}

/**
 * 20 executions at once against a provider whose login takes 3 s; once the lease holder has sent
 * its login (the worker with a connection open to the provider), it is killed with SIGKILL.
 * Measured: the time until the provider answers an API call with data again.
 */
export async function runKilledHolder(
	cluster: QueueCluster,
	target: { node: BenchNode; credentialId: string; webhookPath: string },
	options: { runOffset?: number } = {},
): Promise<KilledHolderResult> {
	const api = await startMockTokenApi({
		...USER,
		sessionLifetime: 300,
		loginDelayMs: HOLDER_LOGIN_MS,
	});
	try {
		await cluster.importCredentials([credentialFor(target.credentialId, api)]);
		api.reset();
		const load = { kind: 'burst' as const, executions: 20, items: 10 };
		const answers = applyLoad(cluster, load, target.webhookPath, api.url, options.runOffset ?? 0);
		// While the 3 s login is under way, the holder is the worker with a connection open to the provider.
		const port = Number(new URL(api.url).port);
		const holder = await waitFor(
			'a worker with its login under way at the provider',
			() => {
				if (!api.requests().some((r) => r.path === '/login')) return undefined;
				const pid = pidConnectedTo(port, cluster.workerPids());
				return pid === undefined ? undefined : cluster.workerPids().indexOf(pid);
			},
			60_000,
		);
		cluster.killWorker(holder);
		const killedAt = Date.now();
		const served = await waitFor(
			'an API call answered with data after the kill',
			() =>
				api
					.requests()
					.find((r) => r.status === 200 && r.path.startsWith('/items/') && r.at >= killedAt),
			30_000,
		).catch(() => undefined);
		await answers;
		await cluster.restartWorker(holder);
		return {
			workers: cluster.workerCount,
			dataAgainMs: served ? served.at - killedAt : undefined,
			logins: api.counters().logins,
			killedWorker: holder,
		};
	} finally {
		await api.close();
	}
}
