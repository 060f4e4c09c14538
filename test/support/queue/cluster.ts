/**
 * A real n8n queue-mode cluster on loopback: Redis, PostgreSQL 15, one main (`n8n start`, which
 * receives the webhooks and queues the executions) and N workers (`n8n worker`), sharing one
 * encryption key and one user folder with the packed package installed. Everything is stopped by
 * stop(), and by the exit/signal handlers of processes.ts and realN8n.ts should the caller die.
 *
 * Public functions of test/support/realN8n used: N8nInstance.create, .env, .importCredentials,
 * .importWorkflows, .exportCredentials, .startServer (and the N8nServer's
 * request), .cleanup, .install, .root; freePort, httpRequest.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	freePort,
	httpRequest,
	N8nInstance,
	type HttpResponse,
	type ImportCredential,
	type ImportWorkflow,
	type N8nServer,
} from '../realN8n';
import { registerFolder, sleepMs, spawnTracked, stopChild, waitUntil } from './processes';
import { startPostgres, startRedis, type Postgres, type Service } from './services';

export interface QueueClusterOptions {
	workers: number;
	packageTarball: string;
	/** Jobs one worker runs at once (`n8n worker --concurrency`). */
	concurrency?: number;
	credentials?: ImportCredential[];
	/** Imported, then activated (published) through the main process's REST API. */
	workflows?: ImportWorkflow[];
	/** The workers' N8N_LOG_LEVEL (default QUEUE_WORKER_LOG_LEVEL or info); debug shows the lease's steps. */
	workerLogLevel?: string;
}

export class QueueCluster {
	private readonly workerProcesses: ChildProcess[] = [];
	private main: N8nServer | undefined;
	private workerLogLevel = process.env.QUEUE_WORKER_LOG_LEVEL ?? 'info';
	private concurrency = 10;

	private constructor(
		readonly n8n: N8nInstance,
		readonly redis: Service,
		readonly postgres: Postgres,
	) {}

	/** Starts everything; on any failure stops what was started and rethrows. */
	static async start(options: QueueClusterOptions): Promise<QueueCluster> {
		const started: Array<{ stop(): Promise<void> }> = [];
		try {
			const redis = await startRedis();
			started.push(redis);
			const postgres = await startPostgres();
			started.push(postgres);
			const n8n = await N8nInstance.create({
				packageTarball: options.packageTarball,
				env: {
					EXECUTIONS_MODE: 'queue',
					QUEUE_BULL_REDIS_HOST: '127.0.0.1',
					QUEUE_BULL_REDIS_PORT: String(redis.port),
					DB_TYPE: 'postgresdb',
					DB_POSTGRESDB_HOST: '127.0.0.1',
					DB_POSTGRESDB_PORT: String(postgres.port),
					DB_POSTGRESDB_USER: postgres.user,
					DB_POSTGRESDB_PASSWORD: '',
					DB_POSTGRESDB_DATABASE: postgres.database,
					QUEUE_HEALTH_CHECK_ACTIVE: 'false',
				},
			});
			registerFolder(n8n.root); // removed on exit or signal too, not only by cleanup()
			started.push({ stop: async () => await n8n.cleanup() });
			const cluster = new QueueCluster(n8n, redis, postgres);
			started.splice(0, started.length, cluster);
			if (options.credentials?.length) await n8n.importCredentials(options.credentials);
			if (options.workflows?.length) await n8n.importWorkflows(options.workflows);
			cluster.main = await n8n.startServer({ timeoutMs: 180_000 });
			await cluster.activateWorkflows((options.workflows ?? []).map((w) => w.id));
			if (options.workerLogLevel) cluster.workerLogLevel = options.workerLogLevel;
			cluster.concurrency = options.concurrency ?? 10;
			for (let i = 0; i < options.workers; i++) await cluster.startWorker(i);
			return cluster;
		} catch (error) {
			for (const service of started.reverse()) await service.stop().catch(() => undefined);
			throw error;
		}
	}

	get mainUrl(): string {
		if (!this.main) throw new Error('the main process is not running');
		return this.main.url;
	}

	get workerCount(): number {
		return this.workerProcesses.length;
	}

	/**
	 * The editor's "Publish" toggle, through REST as the owner. (`import:workflow --activeState=fromJson`
	 * cannot do it before the owner exists: "User attempted to activate a workflow without permissions".)
	 */
	private async activateWorkflows(ids: string[]): Promise<void> {
		const main = this.main;
		if (!main) throw new Error('the main process is not running');
		for (const id of ids) {
			const workflow = await main.request('GET', `/rest/workflows/${id}`);
			const versionId = (workflow.json as { data?: { versionId?: string } } | undefined)?.data
				?.versionId;
			const activated = await main.request('POST', `/rest/workflows/${id}/activate`, { versionId });
			if (activated.status !== 200)
				throw new Error(
					`activating workflow ${id}: ${activated.status} ${activated.text.slice(0, 500)}`,
				);
		}
	}

	/** Starts worker `slot` (0-based; its log is worker-<slot + 1>.log, appended to on a restart). */
	private async startWorker(slot: number): Promise<void> {
		const logFile = this.workerLogFile(slot);
		const before = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
		const env = this.n8n.env({
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			// QUEUE_WORKER_LOG_LEVEL=debug shows the login lease's steps in worker-<n>.log.
			N8N_LOG_LEVEL: this.workerLogLevel,
		});
		const child = spawnTracked(
			this.n8n.install.node,
			[this.n8n.install.n8nBin, 'worker', `--concurrency=${this.concurrency}`],
			{ cwd: this.n8n.root, env, logFile },
		);
		this.workerProcesses[slot] = child;
		await waitUntil(
			`n8n worker ${slot + 1}`,
			async () =>
				fs.readFileSync(logFile, 'utf8').slice(before).includes('n8n worker is now ready'),
			{ child, logFile, timeoutMs: 180_000 },
		);
	}

	private workerLogFile(slot: number): string {
		return path.join(this.n8n.root, `worker-${slot + 1}.log`);
	}

	/** The workers' process ids, by slot. */
	workerPids(): number[] {
		return this.workerProcesses.map((child) => child.pid ?? -1);
	}

	/** kill -9 of worker `slot`'s process group: no shutdown, no cleanup, as a crashed host. */
	killWorker(slot: number): void {
		const child = this.workerProcesses[slot];
		if (child?.pid) process.kill(-child.pid, 'SIGKILL');
	}

	/** Starts worker `slot` again (after killWorker). */
	async restartWorker(slot: number): Promise<void> {
		await this.startWorker(slot);
	}

	/** Re-imports credentials (same ids): how a scenario starts again from "no token stored". */
	async importCredentials(credentials: ImportCredential[]): Promise<void> {
		await this.n8n.importCredentials(credentials);
	}

	async exportCredentials(): Promise<ImportCredential[]> {
		return await this.n8n.exportCredentials();
	}

	/** POST to a production webhook on the main process, which queues the execution for a worker. */
	async trigger(webhookPath: string, body: unknown, timeoutMs = 60_000): Promise<HttpResponse> {
		return await httpRequest('POST', `${this.mainUrl}/webhook/${webhookPath}`, {
			body,
			timeoutMs,
		});
	}

	/** The highest execution id so far (0 if none): executions after it are "new". */
	lastExecutionId(): number {
		return Number(this.postgres.sql('select coalesce(max(id), 0) from execution_entity')) || 0;
	}

	/**
	 * Waits until `count` executions of `workflowId` after `afterId` have finished and returns their
	 * statuses and stop times (epoch ms), read from n8n's database.
	 */
	async finishedExecutions(
		workflowId: string,
		afterId: number,
		count: number,
		timeoutMs = 180_000,
	): Promise<Array<{ id: number; status: string; stoppedAt: number }>> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const rows = this.postgres
				.sql(
					`select id, status, coalesce(extract(epoch from "stoppedAt") * 1000, 0)::bigint from execution_entity where id > ${Number(afterId)} and "workflowId" = '${workflowId.replace(/'/g, "''")}' order by id`,
				)
				.split('\n')
				.filter(Boolean)
				.map((line) => {
					const [id, status, stoppedAt] = line.split('|');
					return { id: Number(id), status, stoppedAt: Number(stoppedAt) };
				});
			const finished = rows.filter((r) => !['new', 'running', 'waiting'].includes(r.status));
			if (finished.length >= count) return finished;
			if (Date.now() > deadline)
				throw new Error(
					`${finished.length} of ${count} executions finished in ${timeoutMs} ms (${rows.length} started)`,
				);
			await sleepMs(250);
		}
	}

	/** Worker logs, for failure reports and the lease's debug steps. */
	workerLogs(): string[] {
		return this.workerProcesses.map((_, i) => {
			const file = this.workerLogFile(i);
			return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
		});
	}

	async stop(): Promise<void> {
		await Promise.all(this.workerProcesses.map(async (child) => await stopChild(child)));
		await this.n8n.cleanup(); // the main server, then the folder
		await this.postgres.stop();
		await this.redis.stop();
	}
}
