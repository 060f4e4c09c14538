/**
 * The memory part of `npm run bench`: the live memory of the n8n process that runs a workflow, for
 * the floor (Set node) and Token HTTP Request at growing item counts. Live memory is V8's heap plus
 * external memory right after a forced full garbage collection, sampled every 250 ms during the
 * run; the table shows the largest sample. (Peak RSS says little here: 20 000 requests through
 * n8n's request helper leave garbage that V8 collects when it pleases.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { ImportWorkflow, N8nInstance } from '../test/support/realN8n';

/** Loaded with `--require` into `n8n execute` (only: the task runner it spawns has no `--id`). */
const SAMPLER = `
if (process.argv.some((arg) => arg.startsWith('--id='))) {
	let largest = 0;
	setInterval(() => {
		global.gc();
		const { heapUsed, external } = process.memoryUsage();
		largest = Math.max(largest, heapUsed + external);
	}, 250).unref();
	process.on('exit', () => {
		require('node:fs').writeFileSync(process.env.LOGIN_TOKEN_LIVE_MEMORY_FILE, String(largest));
	});
}
`;

async function liveMemoryMb(
	n8n: N8nInstance,
	workflowId: string,
	sampler: string,
): Promise<number> {
	const file = `${sampler}.${workflowId}`;
	// `n8n execute` crashes on exit now and then, after its work (see test/support/realN8n): once more
	for (let attempt = 0; attempt < 2; attempt++) {
		fs.rmSync(file, { force: true });
		const result = await n8n.execute(workflowId, {
			timeoutMs: 10 * 60_000,
			env: {
				NODE_OPTIONS: `--expose-gc --require ${sampler}`,
				LOGIN_TOKEN_LIVE_MEMORY_FILE: file,
			},
		});
		if (result.exitCode !== 0) throw new Error(`${workflowId} failed: ${result.error()}`);
		if (fs.existsSync(file)) return Math.round(Number(fs.readFileSync(file, 'utf8')) / 1e6);
	}
	throw new Error(`${workflowId}: no memory sample (n8n exited without running its exit handlers)`);
}

/**
 * `workflows(n)` gives the floor's and our workflow for n items (ids `speed-floor`, `speed-ours`);
 * each is imported as `mem-floor-<n>` and `mem-ours-<n>` and run once.
 */
export async function measureMemory(
	n8n: N8nInstance,
	counts: number[],
	workflows: (items: number) => ImportWorkflow[],
): Promise<string> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'login-token-memory-'));
	const sampler = path.join(dir, 'sampler.cjs');
	fs.writeFileSync(sampler, SAMPLER);
	try {
		const names = ['floor', 'ours'] as const;
		for (const count of counts)
			await n8n.importWorkflows(
				workflows(count)
					.filter((workflow) => names.some((name) => workflow.id === `speed-${name}`))
					.map((workflow) => ({ ...workflow, id: `mem-${workflow.id.slice(6)}-${count}` })),
			);
		const mb: Record<string, number[]> = { floor: [], ours: [] };
		for (const count of counts)
			for (const name of names)
				mb[name].push(await liveMemoryMb(n8n, `mem-${name}-${count}`, sampler));
		const cell = (value: number | string) => String(value).padStart(16);
		const last = counts.length - 1;
		const growth = (name: (typeof names)[number]) =>
			`${mb[name][last] - mb[name][0]} MB (${(((mb[name][last] - mb[name][0]) * 1e6) / (counts[last] - counts[0]) / 1e3).toFixed(2)} kB per item)`;
		return [
			`  live memory of the n8n process (heap + external after a full GC, largest sample), MB`,
			`  ${'items'.padEnd(10)}${cell('floor (Set node)')}${cell('ours')}`,
			...counts.map(
				(count, i) => `  ${String(count).padEnd(10)}${cell(mb.floor[i])}${cell(mb.ours[i])}`,
			),
			`  growth ${counts[0]} -> ${counts[last]} items: floor ${growth('floor')}, ours ${growth('ours')}`,
		].join('\n');
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}
