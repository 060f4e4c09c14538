/**
 * Issue 15 in queue mode: rotating refresh tokens across the cluster. A provider whose access
 * tokens live `accessSeconds` and whose refresh tokens are good once (test/support/mock/
 * loginShapesApi.ts); a burst of executions logs in once, then, once that token expired, a second
 * burst must renew it with exactly one refresh for the whole cluster, never sending a used refresh
 * token again (the provider counts a reuse), and lose nothing.
 */
import { startLoginShapesApi, type LoginShapesCounters } from '../mock/loginShapesApi';
import type { QueueCluster } from './cluster';
import { sleepMs } from './processes';
import { applyLoad, USER } from './scenarios';
import { itemIdsOf, type BenchNode } from './workflows';

export interface RefreshRotationResult {
	workers: number;
	/** the provider's counts for the second burst (after the token expired) */
	renewal: Pick<
		LoginShapesCounters,
		'logins' | 'refreshes' | 'refreshReuses' | 'refusedRefreshes' | 'rejectedCalls'
	>;
	failedItems: number;
	failedExecutions: number;
}

const ITEMS = 10;

export async function runRefreshRotation(
	cluster: QueueCluster,
	target: { node: BenchNode; credentialId: string; webhookPath: string },
	options: { runOffset?: number; accessSeconds?: number } = {},
): Promise<RefreshRotationResult> {
	const accessSeconds = options.accessSeconds ?? 4;
	const api = await startLoginShapesApi({ ...USER, accessLifetime: accessSeconds });
	try {
		await cluster.importCredentials([
			{
				id: target.credentialId,
				name: target.credentialId,
				type: 'loginTokenApi',
				data: {
					baseUrl: api.url,
					loginUrl: '/oauth/token',
					loginCredentialsIn: 'formBody',
					...USER,
					advancedSettings: true,
					loginBody: '{"grant_type": "password"}',
					useRefresh: true,
				},
			},
		]);
		const load = { kind: 'burst' as const, executions: 20, items: ITEMS };
		let offset = options.runOffset ?? 0;
		const burst = async () => {
			const before = cluster.lastExecutionId();
			const answers = await applyLoad(cluster, load, target.webhookPath, api.url, offset);
			offset += load.executions;
			const queued = answers.filter((a) => a.status === 200).length;
			const executions = await cluster.finishedExecutions(target.webhookPath, before, queued);
			return {
				answers,
				failed: answers.length - queued + executions.filter((e) => e.status !== 'success').length,
			};
		};
		await burst(); // logs in
		await sleepMs(accessSeconds * 1000 + 500); // the stored token is now expired; its refresh token is good
		api.reset();
		const { answers, failed } = await burst();
		const served = new Set(
			api
				.seen()
				.map((line) => /^GET \/items\/(\d+) → 200$/.exec(line)?.[1])
				.filter((id): id is string => id !== undefined)
				.map(Number),
		);
		let failedItems = 0;
		for (const answer of answers)
			for (const id of itemIdsOf(answer.run, ITEMS)) if (!served.has(id)) failedItems++;
		const { logins, refreshes, refreshReuses, refusedRefreshes, rejectedCalls } = api.counters();
		return {
			workers: cluster.workerCount,
			renewal: { logins, refreshes, refreshReuses, refusedRefreshes, rejectedCalls },
			failedItems,
			failedExecutions: failed,
		};
	} finally {
		await api.close();
	}
}
