/**
 * `npm run bench:queue`: issue 9's scenarios in a real n8n queue-mode cluster (Redis, PostgreSQL,
 * main + 1..3 workers), for Token HTTP Request and for n8n's HTTP Request node with the Login Token
 * API credential. Prints a table and writes one row per scenario, worker count and node (the worst
 * of repeated runs, metric by metric) to .dev/bench/queue.json. Asserts nothing (the e2e test does).
 *
 * Knobs (environment): BENCH_WORKERS=1,2,3  BENCH_NODES=tokenHttpRequest,httpRequest
 * BENCH_SCENARIOS=cold-start,single-session,short-ttl  BENCH_REPEAT=5 (single-session runs)
 * BENCH_SHORT_TTL_SECONDS=30  BENCH_SHORT_TTL_RATE=5  BENCH_CHECK_STORED=1  BENCH_OUT=<file>
 * BENCH_KILLED_HOLDER=3 (killed-holder runs per cluster with 2 or more workers; 0 skips them)
 * BENCH_LATENCY_RUNS=5 (single-process login latency: `n8n execute` runs in regular mode; 0 skips)
 * A quick run: BENCH_WORKERS=2 BENCH_REPEAT=1 BENCH_SHORT_TTL_SECONDS=10 npm run bench:queue
 *
 * Besides the table: the single-process login cost (regular mode, no lease) beside the same login
 * when the credential shows another process (the lease), and the killed-holder scenario (the
 * worker logging in is killed during a 3 s login: the time until data flows again).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { packPackage } from '../../test/support/packPackage';
import { N8nInstance, repoRoot } from '../../test/support/realN8n';
import { QueueCluster } from '../../test/support/queue/cluster';
import { median, singleProcessLoginCosts } from '../../test/support/loginLatency';
import { startMockTokenApi } from '../../test/support/mock/tokenApi';
import {
	runKilledHolder,
	runScenario,
	scenarioSpecs,
	USER,
	type KilledHolderResult,
	type RunResult,
	type ScenarioName,
} from '../../test/support/queue/scenarios';
import { benchWorkflow, type BenchNode } from '../../test/support/queue/workflows';

const list = (name: string, fallback: string): string[] =>
	(process.env[name] ?? fallback)
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);

const WORKERS = list('BENCH_WORKERS', '1,2,3').map(Number);
const NODES = list('BENCH_NODES', 'tokenHttpRequest,httpRequest') as BenchNode[];
const SCENARIOS = list('BENCH_SCENARIOS', 'cold-start,single-session,short-ttl') as ScenarioName[];
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const CHECK_STORED = process.env.BENCH_CHECK_STORED !== '0';
const OUT = process.env.BENCH_OUT ?? path.join(repoRoot(), '.dev', 'bench', 'queue.json');
const SPECS = scenarioSpecs({
	shortTtlSeconds: Number(process.env.BENCH_SHORT_TTL_SECONDS ?? 30),
	shortTtlRate: Number(process.env.BENCH_SHORT_TTL_RATE ?? 5),
});
const ITEMS = 10;
const KILLED_HOLDER_RUNS = Number(process.env.BENCH_KILLED_HOLDER ?? 3);
const LATENCY_RUNS = Number(process.env.BENCH_LATENCY_RUNS ?? 5);
const LATENCY_LOGIN_MS = 200;

/** One row of the table: a run's figures, the worst of its repetitions. */
export type QueueBenchRow = Omit<RunResult, 'executions' | 'storedTokenNewest' | 'failures'>;

const target = (
	node: BenchNode,
): { node: BenchNode; credentialId: string; webhookPath: string } => ({
	node,
	credentialId: `queue-${node}`,
	webhookPath: `queue-${node.toLowerCase()}`,
});

function worst(runs: RunResult[]): QueueBenchRow {
	const max = (
		key: 'logins' | 'rejectedCalls' | 'failedItems' | 'failedExecutions' | 'wallMs',
	): number => Math.max(...runs.map((r) => r[key]));
	const { scenario, workers, node } = runs[0];
	return {
		scenario,
		workers,
		node,
		logins: max('logins'),
		rejectedCalls: max('rejectedCalls'),
		failedItems: max('failedItems'),
		failedExecutions: max('failedExecutions'),
		wallMs: max('wallMs'),
	};
}

function formatRun(run: RunResult): string {
	const stored =
		run.storedTokenNewest === undefined
			? ''
			: run.storedTokenNewest
				? ' stored=newest'
				: ' stored=OLDER';
	return `  ${run.scenario.padEnd(15)} w=${run.workers} ${run.node.padEnd(17)} logins=${run.logins} rejected=${run.rejectedCalls} failedItems=${run.failedItems}/${run.executions * ITEMS} failedExec=${run.failedExecutions}/${run.executions} ${run.wallMs} ms${stored}${run.failures.length ? `\n      ${run.failures.join('\n      ')}` : ''}`;
}

function table(rows: QueueBenchRow[]): string {
	const head = [
		'scenario',
		'workers',
		'node',
		'logins',
		'rejected',
		'failed items',
		'failed exec',
		'wall ms',
	];
	const lines = rows.map((r) => [
		r.scenario,
		String(r.workers),
		r.node,
		String(r.logins),
		String(r.rejectedCalls),
		String(r.failedItems),
		String(r.failedExecutions),
		String(r.wallMs),
	]);
	const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
	const fmt = (cells: string[]): string =>
		`| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	return [fmt(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join(
		'\n',
	);
}

/**
 * Login cost (ms beyond the provider's 200 ms) in one n8n in regular mode, `runs` times each: alone,
 * and with a credential that shows another process (so the node takes the lease), side by side.
 */
async function singleProcessLatency(
	tarball: string,
): Promise<{ alone: number[]; lease: number[] }> {
	if (LATENCY_RUNS <= 0) return { alone: [], lease: [] };
	process.stderr.write('[bench:queue] single-process login latency (regular mode, SQLite)\n');
	const api = await startMockTokenApi({ ...USER, loginDelayMs: LATENCY_LOGIN_MS });
	const n8n = await N8nInstance.create({ packageTarball: tarball });
	try {
		const alone: number[] = [];
		const lease: number[] = [];
		for (let i = 0; i < LATENCY_RUNS; i++) {
			alone.push(...(await singleProcessLoginCosts(n8n, api, LATENCY_LOGIN_MS, 1)));
			lease.push(
				...(await singleProcessLoginCosts(n8n, api, LATENCY_LOGIN_MS, 1, { anotherProcess: true })),
			);
		}
		return { alone, lease };
	} finally {
		await n8n.cleanup();
		await api.close();
	}
}

async function main(): Promise<void> {
	const tarball = packPackage();
	const rows: QueueBenchRow[] = [];
	const allRuns: RunResult[] = [];
	const killed: KilledHolderResult[] = [];
	let runOffset = 0;
	const single = await singleProcessLatency(tarball);
	for (const workers of WORKERS) {
		process.stderr.write(
			`[bench:queue] starting Redis, PostgreSQL, n8n main + ${workers} worker(s)\n`,
		);
		const cluster = await QueueCluster.start({
			workers,
			packageTarball: tarball,
			credentials: NODES.map((node) => ({
				id: target(node).credentialId,
				name: target(node).credentialId,
				type: 'loginTokenApi',
				data: { baseUrl: 'http://127.0.0.1:9', ...USER },
			})),
			workflows: NODES.map((node) =>
				benchWorkflow(target(node).webhookPath, node, target(node).credentialId, ITEMS),
			),
		});
		try {
			for (const node of NODES) {
				for (const scenario of SCENARIOS) {
					const runs: RunResult[] = [];
					const repeat = scenario === 'single-session' ? REPEAT : 1;
					for (let i = 0; i < repeat; i++) {
						const run = await runScenario(cluster, SPECS[scenario], target(node), {
							checkStoredToken:
								CHECK_STORED && node === 'tokenHttpRequest' && scenario !== 'short-ttl',
							runOffset,
						});
						runOffset += 1000;
						process.stderr.write(`${formatRun(run)}\n`);
						runs.push(run);
						allRuns.push(run);
					}
					rows.push(worst(runs));
				}
			}
			if (workers >= 2 && NODES.includes('tokenHttpRequest'))
				for (let i = 0; i < KILLED_HOLDER_RUNS; i++) {
					const result = await runKilledHolder(cluster, target('tokenHttpRequest'), { runOffset });
					runOffset += 1000;
					process.stderr.write(
						`  killed-holder   w=${workers} data again after ${result.dataAgainMs ?? 'never'} ms, logins=${result.logins}\n`,
					);
					killed.push(result);
				}
		} finally {
			await cluster.stop();
		}
	}
	fs.mkdirSync(path.dirname(OUT), { recursive: true });
	fs.writeFileSync(OUT, `${JSON.stringify(rows, null, 2)}\n`);
	fs.writeFileSync(OUT.replace(/\.json$/, '-runs.json'), `${JSON.stringify(allRuns, null, 2)}\n`);
	fs.writeFileSync(
		OUT.replace(/\.json$/, '-login.json'),
		`${JSON.stringify({ single, killed }, null, 2)}\n`,
	);
	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	console.log(
		`\nn8n queue mode, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} x ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GB` +
			`\nworst of ${REPEAT} single-session runs; short-ttl ${process.env.BENCH_SHORT_TTL_SECONDS ?? 30} s\n\n${table(rows)}\n\nrows: ${OUT}`,
	);
	const list = (values: number[]) =>
		values.length ? `${values.join(', ')} (median ${median(values)})` : 'not run';
	console.log(
		`\nlogin cost beyond the provider's ${LATENCY_LOGIN_MS} ms login, ms (from the node's start to its first call with the new token), alternating runs:` +
			`\n  one n8n process, regular mode (no lease):                   ${list(single.alone)}` +
			`\n  the same, the credential showing another process (the lease): ${list(single.lease)}` +
			`\nkilled holder (3 s login, the worker logging in killed): data again after ${list(killed.map((k) => k.dataAgainMs ?? Number.NaN))} ms; logins ${killed.map((k) => k.logins).join(', ') || '-'}`,
	);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exitCode = 1;
});
