/** The example workflows (examples/) with the demo credential, as `npm start -- --headless` runs them. */
import { demoCredential, startDemoBank } from '../support/demoBank';
import { exampleWorkflows } from '../support/examples';
import type { MockTokenApi } from '../support/mock/tokenApi';
import { packPackage } from '../support/packPackage';
import { N8nInstance } from '../support/realN8n';

jest.setTimeout(10 * 60_000);

let n8n: N8nInstance;
let api: MockTokenApi;

beforeAll(async () => {
	api = await startDemoBank();
	n8n = await N8nInstance.create({ packageTarball: packPackage() });
	await n8n.importCredentials([demoCredential(api.url)]);
	await n8n.importWorkflows(exampleWorkflows());
});

afterAll(async () => {
	await n8n?.cleanup();
	await api?.close();
});

it('the daily report lists the accounts, logging in once', async () => {
	const result = await n8n.execute('exDailyAccounts');
	expect(result.error()).toBeUndefined();
	expect(result.nodeOutput('Report Line')).toEqual([
		{ account: 'acc-1', balance: 100.5, low: false },
		{ account: 'acc-2', balance: 20, low: true },
	]);
	expect(api.counters()).toMatchObject({ logins: 1, acceptedCalls: 1 });
});

it('the keep-warm job finds the stored token fresh (no login) and takes the success branch', async () => {
	const result = await n8n.execute('exKeepTokenWarm');
	expect(result.nodeOutput('Token OK')).toEqual([
		expect.objectContaining({ hasToken: true, isFresh: true, refreshed: false }),
	]);
	expect(result.nodeOutput('Alert: Login Failed')).toBeUndefined();
	expect(api.counters().logins).toBe(1);
});

it('the keep-warm job takes the alert branch when the login fails', async () => {
	api.revokeAll();
	api.configure({ password: 'changed-by-the-bank-1' });
	// the stored token is still fresh by its expiry, so ask for more validity than it has left, but
	// less than the demo's 600 s lifetime (a Min Validity no token can meet only warns, see README)
	const workflow = exampleWorkflows().find((w) => w.id === 'exKeepTokenWarm')!;
	const strict = {
		...workflow,
		id: 'exKeepWarmStrict',
		nodes: workflow.nodes.map((node) =>
			node.name === 'Ensure Fresh Token'
				? { ...node, parameters: { operation: 'ensureFresh', minValidity: 599 } }
				: node,
		),
	};
	await n8n.importWorkflows([strict]);
	const result = await n8n.execute('exKeepWarmStrict');
	expect(result.nodeOutput('Alert: Login Failed')).toEqual([
		expect.objectContaining({
			alert: `Demo Bank login failed: Login refused: POST ${api.url}/v1/sessions answered HTTP 401 with "Bad credentials" (invalid_grant). Check Username, Password and Send Credentials As (now: Basic Auth Header).`,
		}),
	]);
});
