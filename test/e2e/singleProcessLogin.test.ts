/**
 * Issue 16 in a real n8n in regular mode (one process, SQLite): a login pays no lease and no
 * settle delay. Each `n8n execute` starts from a credential without a token or any trace of another
 * process, so it logs in once, as a long-running n8n does; the provider answers the login after
 * 200 ms and measures the rest (test/support/loginLatency.ts).
 */
import { median, singleProcessLoginOverheads } from '../support/loginLatency';
import { startMockTokenApi, type MockTokenApi } from '../support/mock/tokenApi';
import { packPackage } from '../support/packPackage';
import { N8nInstance } from '../support/realN8n';

const LOGIN_DELAY_MS = 200;
const PASSWORD = 'e2e-latency-Pa55word';

let n8n: N8nInstance | undefined;
let api: MockTokenApi | undefined;

beforeAll(async () => {
	api = await startMockTokenApi({
		username: 'alice',
		password: PASSWORD,
		loginDelayMs: LOGIN_DELAY_MS,
	});
	n8n = await N8nInstance.create({ packageTarball: packPackage() });
});

afterAll(async () => {
	await n8n?.cleanup();
	await api?.close();
});

it('a single n8n process logs in within the provider’s login time plus 50 ms', async () => {
	const overheads = await singleProcessLoginOverheads(
		n8n as N8nInstance,
		api as MockTokenApi,
		LOGIN_DELAY_MS,
		5,
	);
	console.log(
		`single-process login overhead (ms): ${overheads.join(', ')}; median ${median(overheads)}`,
	);
	expect(median(overheads)).toBeLessThanOrEqual(50);
	// no run paid a settle delay (1 s) or a lease round
	expect(Math.max(...overheads)).toBeLessThan(500);
});
