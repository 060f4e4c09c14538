/**
 * `npm run bench:queue`: issue 9's scenarios in a real n8n queue-mode cluster (Redis, PostgreSQL,
 * main + 1..3 workers), for Token HTTP Request and for n8n's HTTP Request node with the Login Token
 * API credential. Prints a table and writes one row per scenario, worker count and node (the worst
 * of repeated runs, metric by metric) to .dev/bench/queue.json. Asserts nothing (the e2e test does).
 *
 * Knobs (environment): BENCH_WORKERS=1,2,3  BENCH_NODES=tokenHttpRequest,httpRequest
 * BENCH_SCENARIOS=cold-start,single-session,short-ttl  BENCH_REPEAT=5 (single-session runs)
 * BENCH_SHORT_TTL_SECONDS=30  BENCH_SHORT_TTL_RATE=5  BENCH_CHECK_STORED=1  BENCH_OUT=<file>
 * A quick run: BENCH_WORKERS=2 BENCH_REPEAT=1 BENCH_SHORT_TTL_SECONDS=10 npm run bench:queue
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { packPackage } from '../../test/support/packPackage';
import { repoRoot } from '../../test/support/realN8n';
import { QueueCluster } from '../../test/support/queue/cluster';
import {
	runScenario,
	scenarioSpecs,
	USER,
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

async function main(): Promise<void> {
	const tarball = packPackage();
	const rows: QueueBenchRow[] = [];
	const allRuns: RunResult[] = [];
	let runOffset = 0;
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
		} finally {
			await cluster.stop();
		}
	}
	fs.mkdirSync(path.dirname(OUT), { recursive: true });
	fs.writeFileSync(OUT, `${JSON.stringify(rows, null, 2)}\n`);
	fs.writeFileSync(OUT.replace(/\.json$/, '-runs.json'), `${JSON.stringify(allRuns, null, 2)}\n`);
	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	console.log(
		`\nn8n queue mode, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} x ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GB` +
			`\nworst of ${REPEAT} single-session runs; short-ttl ${process.env.BENCH_SHORT_TTL_SECONDS ?? 30} s\n\n${table(rows)}\n\nrows: ${OUT}`,
	);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exitCode = 1;
});
