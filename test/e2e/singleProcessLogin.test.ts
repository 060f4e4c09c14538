/**
 * Issue 16 in a real n8n in regular mode (one process, SQLite): a login pays no lease and no
 * settle delay. Each `n8n execute` starts from a credential without a token, so it logs in once,
 * as a long-running n8n does; the provider answers the login after 200 ms and measures the rest,
 * from a mark the workflow sends just before the node to the first call with the new token
 * (test/support/loginLatency.ts). Side by side, the same login when the credential shows another
 * n8n process (as after a restart, or beside queue workers): the lease's settle delay.
 */
import { median, singleProcessLoginCosts } from '../support/loginLatency';
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

it('a single n8n process logs in within the provider’s login time plus 50 ms; with another process in the credential it takes the lease', async () => {
	const alone = await singleProcessLoginCosts(
		n8n as N8nInstance,
		api as MockTokenApi,
		LOGIN_DELAY_MS,
		5,
	);
	const shared = await singleProcessLoginCosts(
		n8n as N8nInstance,
		api as MockTokenApi,
		LOGIN_DELAY_MS,
		3,
		{
			anotherProcess: true,
		},
	);
	console.log(
		`login cost beyond the provider's login (ms): alone ${alone.join(', ')} (median ${median(alone)}); another process in the credential ${shared.join(', ')} (median ${median(shared)})`,
	);
	expect(median(alone)).toBeLessThanOrEqual(50);
	expect(Math.max(...alone)).toBeLessThan(500); // no run paid a settle delay
	// the lease: a claim, the 1 s settle delay, a read-back
	expect(Math.min(...shared)).toBeGreaterThanOrEqual(1_000);
});
