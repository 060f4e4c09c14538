/**
 * `npm run bench`: n8n's own HTTP Request node (with the Login Token API credential) and Token HTTP
 * Request, side by side in one real n8n, against two identical mock token APIs. Prints what each
 * provider saw and the ratios; asserts nothing (the e2e tests do that).
 */
import {
	startMockTokenApi,
	type MockCounters,
	type MockTokenApi,
} from '../test/support/mock/tokenApi';
import { packPackage } from '../test/support/packPackage';
import { N8nInstance } from '../test/support/realN8n';
import {
	itemsOf,
	manualChain,
	stockHttpRequest,
	tokenRequest,
	type NodeJson,
} from '../test/support/workflows';
import { measureMemory } from './benchMemory';
import { measureSpeed, speedWorkflows, type SpeedSide } from './benchSpeed';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 50);
/** Items and alternating rounds of the speed table (BENCH_SPEED_ITEMS=0 skips it). */
const SPEED_ITEMS = Number(process.env.BENCH_SPEED_ITEMS ?? 2000);
const SPEED_ROUNDS = Math.max(3, Number(process.env.BENCH_SPEED_ROUNDS ?? 3));
/** Item counts of the memory table, smallest first (BENCH_MEMORY_ITEMS=0 skips it). */
const MEMORY_ITEMS = (process.env.BENCH_MEMORY_ITEMS ?? '2000,20000')
	.split(',')
	.map(Number)
	.filter((count) => count > 0);
const TTL_SECONDS = 10;
const USER = { username: 'bench-user', password: 'Bench-Passw0rd' };

/** One node under test: its provider, its credential, and its "Call" node for a URL expression. */
interface Side extends SpeedSide {
	api: MockTokenApi;
	credentialId: string;
	request(url: string, extra?: Record<string, unknown>): NodeJson;
}

interface Measure {
	counters: MockCounters;
	ms: number;
	failed: boolean;
}

async function measure(n8n: N8nInstance, side: Side, workflowId: string): Promise<Measure> {
	side.api.reset();
	const started = Date.now();
	const result = await n8n.execute(workflowId);
	return { counters: side.api.counters(), ms: Date.now() - started, failed: result.exitCode !== 0 };
}

function ratio(a: number, b: number): string {
	if (a === b) return '1x';
	if (b === 0) return `${a} vs 0`;
	return `${(a / b).toFixed(1)}x`;
}

function row(label: string, stock: number, ours: number): string {
	return `  ${label.padEnd(34)}${String(stock).padStart(10)}${String(ours).padStart(12)}${ratio(stock, ours).padStart(12)}`;
}

async function main(): Promise<void> {
	const provider = { ...USER, sessionLifetime: TTL_SECONDS, loginDelayMs: 100 };
	const tarball = packPackage(); // first: a failed build must not leave the mock APIs running
	const [stockApi, oursApi] = await Promise.all([
		startMockTokenApi(provider),
		startMockTokenApi(provider),
	]);
	const n8n = await N8nInstance.create({ packageTarball: tarball }).catch(
		async (error: unknown) => {
			await Promise.all([stockApi.close(), oursApi.close()]);
			throw error;
		},
	);
	try {
		const sides: Side[] = [
			{
				name: 'stock',
				api: stockApi,
				credentialId: 'cred-stock',
				request: (url, extra) =>
					stockHttpRequest('cred-stock', `={{ "${stockApi.url}" + ${url} }}`, 'Call', extra),
			},
			{
				name: 'ours',
				api: oursApi,
				credentialId: 'cred-ours',
				request: (url, extra) =>
					tokenRequest('cred-ours', { url: `={{ ${url} }}`, ...extra }, 'Call'),
			},
		];
		await n8n.importCredentials(
			sides.map((side) => ({
				id: side.credentialId,
				name: side.credentialId,
				type: 'loginTokenApi',
				data: { baseUrl: side.api.url, ...USER },
			})),
		);
		await n8n.importWorkflows(
			sides.flatMap((side) => [
				manualChain(`${side.name}-items`, ...itemsOf(ITEMS), side.request('"/items/" + $json.ids')),
				manualChain(
					`${side.name}-post`,
					side.request('"/payments?fail=500"', {
						method: 'POST',
						sendBody: true,
						specifyBody: 'json',
						jsonBody: '{"amount": 1}',
					}),
				),
			]),
		);

		const fixedUrl = tokenRequest('cred-ours', { url: '/items/1' }, 'Call');
		const speed = (items: number) => speedWorkflows(items, sides, fixedUrl);
		if (SPEED_ITEMS > 0) await n8n.importWorkflows(speed(SPEED_ITEMS));

		const results: Record<string, Measure[]> = { stock: [], ours: [] };
		for (const side of sides)
			results[side.name].push(await measure(n8n, side, `${side.name}-items`)); // cold start
		await new Promise((resolve) => setTimeout(resolve, TTL_SECONDS * 1000 + 500)); // every stored token has expired
		for (const side of sides)
			results[side.name].push(await measure(n8n, side, `${side.name}-items`)); // after expiry
		for (const side of sides)
			results[side.name].push(await measure(n8n, side, `${side.name}-post`)); // POST answered 500

		const [coldS, expS, postS] = results.stock;
		const [coldO, expO, postO] = results.ours;
		console.log(`
n8n ${n8n.install.version}: n8n's HTTP Request node + Login Token API credential ("stock") vs Token HTTP Request ("ours"),
${ITEMS} items per run, ${TTL_SECONDS}-second tokens, the same mock API behind each.

  ${'measured'.padEnd(34)}${'stock'.padStart(10)}${'ours'.padStart(12)}${'stock/ours'.padStart(12)}
  cold start, ${ITEMS} items
${row('logins', coldS.counters.logins, coldO.counters.logins)}
${row('calls rejected by the API', coldS.counters.rejectedCalls + coldS.counters.unauthenticatedCalls, coldO.counters.rejectedCalls + coldO.counters.unauthenticatedCalls)}
${row('run time (ms, incl. n8n start)', coldS.ms, coldO.ms)}
  after the token expired
${row('logins', expS.counters.logins, expO.counters.logins)}
${row('calls rejected by the API', expS.counters.rejectedCalls, expO.counters.rejectedCalls)}
${row('requests sent in all', expS.counters.requests, expO.counters.requests)}
  one POST answered with HTTP 500
${row('payments the provider booked', postS.counters.sideEffects, postO.counters.sideEffects)}
${row('logins', postS.counters.logins, postO.counters.logins)}
`);
		// Speed and memory with a warm token: from here on hour-long tokens, so no timed run logs in
		// (each login waits out the login lease's settle delay, about 1 s).
		for (const side of sides) side.api.configure({ sessionLifetime: 3600 });
		if (SPEED_ITEMS > 0) console.log(await measureSpeed(n8n, SPEED_ITEMS, SPEED_ROUNDS));
		if (MEMORY_ITEMS.length > 1) console.log(await measureMemory(n8n, MEMORY_ITEMS, speed));
	} finally {
		await n8n.cleanup();
		await Promise.all([stockApi.close(), oursApi.close()]);
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
});
