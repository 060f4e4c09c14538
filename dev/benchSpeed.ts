/**
 * The speed part of `npm run bench`: each node's own execution time (n8n's `executionTime` of that
 * node in the run data) for N warm items, ours vs n8n's HTTP Request node with the same credential
 * vs the floor (a Set node evaluating the same per-item URL expression, no HTTP), and ours with a
 * fixed URL (no expression: n8n's request path and the package alone). Runs alternate, and the table
 * shows medians.
 */
import { workflowNode } from '../test/support/nodeJson';
import type { ImportWorkflow, N8nInstance } from '../test/support/realN8n';
import { itemsOf, manualChain, type NodeJson } from '../test/support/workflows';

/** A side of the bench as the speed part needs it: its name and its "Call" node for a URL expression. */
export interface SpeedSide {
	name: 'stock' | 'ours';
	request(url: string): NodeJson;
}

const EXPRESSION = '"/items/" + $json.ids';

function floorNode(): NodeJson {
	const url = { id: 'url', name: 'url', value: `={{ ${EXPRESSION} }}`, type: 'string' };
	const parameters = { mode: 'manual', assignments: { assignments: [url] }, options: {} };
	return workflowNode('floor', 'Call', 'n8n-nodes-base.set', parameters, [600, 0], 3.4);
}

/**
 * `speed-floor`, `speed-stock`, `speed-ours`: N items, then the floor or the side's call for each;
 * `speed-fixed`: N items, then `fixed` (our node with a URL that holds no expression: the request
 * path alone, n8n's and the package's).
 */
export function speedWorkflows(
	items: number,
	sides: SpeedSide[],
	fixed?: NodeJson,
): ImportWorkflow[] {
	return [
		manualChain('speed-floor', ...itemsOf(items), floorNode()),
		...sides.map((side) =>
			manualChain(`speed-${side.name}`, ...itemsOf(items), side.request(EXPRESSION)),
		),
		...(fixed ? [manualChain('speed-fixed', ...itemsOf(items), fixed)] : []),
	];
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function nodeTime(n8n: N8nInstance, workflowId: string): Promise<number> {
	const result = await n8n.execute(workflowId, { timeoutMs: 10 * 60_000 });
	if (result.exitCode !== 0) throw new Error(`${workflowId} failed: ${result.error()}`);
	const run = result.execution?.data.resultData.runData.Call?.[0] as
		| { executionTime?: number; data?: { main?: unknown[][] } }
		| undefined;
	if (typeof run?.executionTime !== 'number') throw new Error(`${workflowId}: no executionTime`);
	return run.executionTime;
}

/** Runs the four workflows `rounds` times, alternating, after one warm-up run each; prints the table. */
export async function measureSpeed(
	n8n: N8nInstance,
	items: number,
	rounds: number,
): Promise<string> {
	const names = ['floor', 'ours', 'stock', 'fixed'] as const;
	for (const name of names) await nodeTime(n8n, `speed-${name}`); // warm: token stored, caches filled
	const times: Record<(typeof names)[number], number[]> = {
		floor: [],
		ours: [],
		stock: [],
		fixed: [],
	};
	for (let round = 0; round < rounds; round++)
		for (const name of names) times[name].push(await nodeTime(n8n, `speed-${name}`));
	const m = Object.fromEntries(names.map((name) => [name, median(times[name])])) as Record<
		(typeof names)[number],
		number
	>;
	const cell = (value: number | string) => String(value).padStart(16);
	const row = (label: string, value: (name: (typeof names)[number]) => number | string) =>
		`  ${label.padEnd(10)}${names.map((name) => cell(value(name))).join('')}`;
	return [
		`  node's own time, ${items} warm items, ms (median of ${rounds} alternating runs)`,
		`  ${''.padEnd(10)}${cell('floor (Set node)')}${cell('ours')}${cell('stock')}${cell('ours, fixed URL')}`,
		row('median', (name) => m[name]),
		...times.floor.map((_, i) => row(i === 0 ? 'runs' : '', (name) => times[name][i])),
		`  ours / floor  ${(m.ours / m.floor).toFixed(2)}  (target <= 1.5)`,
		`  ours / stock  ${(m.ours / m.stock).toFixed(2)}  (target <= 0.3)`,
		`  ours / (floor + ours with a fixed URL)  ${(m.ours / (m.floor + m.fixed)).toFixed(2)}  (below 1: the expression and the requests overlap)`,
	].join('\n');
}
