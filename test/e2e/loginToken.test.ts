/**
 * The package inside a real n8n (the release N8N_VERSION names, default package.json
 * config.n8nVersion; Node 24), installed the way a self-hoster installs it
 * (npm pack, npm install into ~/.n8n/nodes). Workflows run headless with `n8n execute`, each in a
 * new n8n process, against mock token APIs on 127.0.0.1; the credential test runs through n8n's
 * REST API. Counts come from the mock APIs.
 */
import * as fs from 'node:fs';

import { startCaptureServer, type CaptureServer } from '../support/mock/captureServer';
import { startMockTokenApi, type MockTokenApi } from '../support/mock/tokenApi';
import { packPackage } from '../support/packPackage';
import { executeRecorded, loginTokenCredential } from '../support/e2eRuns';
import { N8nInstance, type ExecuteResult } from '../support/realN8n';
import {
	itemsOf,
	manualChain,
	stockHttpRequest,
	tokenRequest,
	tokenStatus,
} from '../support/workflows';

const PASSWORD = 'e2e-Pa55word-PLAINTEXT';
const WRONG_PASSWORD = 'e2e-WRONG-pass-PLAINTEXT';

let n8n: N8nInstance;
let main: MockTokenApi; // default provider
let expiring: MockTokenApi; // 8-second tokens
let revoking: MockTokenApi; // answers 403 to revoked tokens
let status: MockTokenApi; // for Token Status scenarios
let stock: MockTokenApi; // used by n8n's own HTTP Request node
let other: CaptureServer; // a foreign host
const outputs: string[] = []; // everything n8n printed, for the leak check

const credential = (id: string, api: MockTokenApi, extra: Record<string, unknown> = {}) =>
	loginTokenCredential(id, api, PASSWORD, extra);

/** What a wrong password gets from the mock provider, as the user reads it. */
function refusedBy(api: MockTokenApi): string {
	return `Login refused: POST ${api.url}/login answered HTTP 401 with "Bad credentials" (invalid_grant). Check Username, Password and Send Credentials As (now: JSON Body).`;
}

const execute = (id: string): Promise<ExecuteResult> => executeRecorded(n8n, id, outputs);

beforeAll(async () => {
	const tarball = packPackage();
	const provider = { username: 'alice', password: PASSWORD };
	[main, expiring, revoking, status] = await Promise.all([
		startMockTokenApi({ ...provider, tokenFormat: 'jwt' }),
		startMockTokenApi({ ...provider, sessionLifetime: 8 }),
		startMockTokenApi({
			...provider,
			refreshOnStatus: 403,
			sessionSource: 'body',
			sessionPath: 'data.session.token',
			expirySource: 'expiresAt',
			expiresAtPath: 'data.session.expires',
		}),
		startMockTokenApi(provider),
	]);
	stock = await startMockTokenApi({ ...provider, loginDelayMs: 100 });
	other = await startCaptureServer();
	n8n = await N8nInstance.create({ packageTarball: tarball });
	await n8n.importCredentials([
		credential('cred-main', main),
		credential('cred-expiring', expiring),
		credential('cred-revoking', revoking, {
			advancedSettings: true, // Expired-Token Status Codes and Expires-At Path are advanced: without it n8n drops them
			loginCredentialsIn: 'basicAuth',
			sessionPath: 'data.session.token',
			expiresAtPath: 'data.session.expires',
			refreshOnStatus: '401,403',
		}),
		credential('cred-status', status),
		credential('cred-wrong', main, { password: WRONG_PASSWORD }),
		credential('cred-test', status, { testPath: '/me' }),
		credential('cred-stock', stock),
	]);
	await n8n.importWorkflows([
		manualChain(
			'wf-cold',
			...itemsOf(50),
			tokenRequest('cred-main', { url: '={{ "/items/" + $json.ids }}' }),
		),
		manualChain('wf-me', tokenRequest('cred-main', { url: '/me' })),
		manualChain('wf-expiring', ...itemsOf(5), tokenRequest('cred-expiring', { url: '/me' })),
		manualChain(
			'wf-revoking',
			...itemsOf(20),
			tokenRequest('cred-revoking', { url: '={{ "/items/" + $json.ids }}' }),
		),
		manualChain(
			'wf-payment',
			tokenRequest('cred-main', {
				method: 'POST',
				url: '/payments?fail=500',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '{"amount": 125}',
			}),
		),
		manualChain('wf-status-refresh', tokenStatus('cred-status', { operation: 'refresh' })),
		manualChain('wf-status-get', tokenStatus('cred-status', { operation: 'getStatus' })),
		manualChain('wf-status-use', ...itemsOf(3), tokenRequest('cred-status', { url: '/accounts' })),
		manualChain('wf-wrong', tokenRequest('cred-wrong', { url: '/me' })),
		manualChain('wf-offhost', tokenRequest('cred-main', { url: `${other.url}/steal` })),
		manualChain(
			'wf-stock',
			...itemsOf(50),
			stockHttpRequest('cred-stock', `={{ "${stock.url}/items/" + $json.ids }}`),
		),
		manualChain('wf-stock-offhost', stockHttpRequest('cred-stock', `${other.url}/steal`)),
		manualChain(
			'wf-stock-payment',
			stockHttpRequest('cred-stock', `${stock.url}/payments?fail=500`, 'Stock HTTP Request', {
				method: 'POST',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '{"amount": 125}',
			}),
		),
	]);
});

afterAll(async () => {
	await n8n?.cleanup();
	await Promise.all(
		[main, expiring, revoking, status, stock, other].map(async (server) => await server?.close()),
	);
});

describe('in a real n8n', () => {
	it('cold start, 50 items in one node: exactly 1 login, 0 rejected calls, 50 correct items', async () => {
		const result = await execute('wf-cold');
		expect(result.error()).toBeUndefined();
		const items = result.nodeOutput('Call API') ?? [];
		expect(items).toHaveLength(50);
		expect(items.map((item) => item.id)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
		expect(main.counters()).toMatchObject({
			logins: 1,
			rejectedCalls: 0,
			unauthenticatedCalls: 0,
			acceptedCalls: 50,
		});
	});

	it('the next execution (a new n8n process) reuses the persisted token: 0 logins', async () => {
		main.reset();
		const result = await execute('wf-me');
		expect(result.nodeOutput('Call API')).toEqual([{ id: 1, username: 'alice' }]);
		expect(main.counters()).toMatchObject({ logins: 0, acceptedCalls: 1 });
	});

	it('token expires between two executions: the second refreshes first, 0 rejected calls', async () => {
		await execute('wf-expiring');
		expect(expiring.counters()).toMatchObject({ logins: 1, rejectedCalls: 0 });
		const [{ at: loggedInAt }] = expiring.requests();
		await new Promise((resolve) =>
			setTimeout(resolve, Math.max(0, loggedInAt + 8500 - Date.now())),
		);
		expiring.reset();
		const result = await execute('wf-expiring');
		expect(result.nodeOutput('Call API')).toHaveLength(5);
		expect(expiring.counters()).toMatchObject({ logins: 1, rejectedCalls: 0, acceptedCalls: 5 });
	});

	it('token revoked server-side, 403, refreshOnStatus 401,403: every item succeeds with exactly 1 re-login', async () => {
		await execute('wf-revoking');
		revoking.revokeAll();
		revoking.reset();
		const result = await execute('wf-revoking');
		expect(result.error()).toBeUndefined();
		expect(result.nodeOutput('Call API')).toHaveLength(20);
		expect(revoking.counters()).toMatchObject({ logins: 1, rejectedCalls: 20, acceptedCalls: 20 });
	});

	it('a POST that gets a 500: the execution fails and the provider saw it once', async () => {
		main.reset();
		const result = await execute('wf-payment');
		expect(result.exitCode).toBe(1);
		expect(result.nodeError('Call API')).toBe(
			'The API answered HTTP 500; the request was not sent again',
		);
		expect(main.counters().sideEffects).toBe(1);
	});

	it('Token Status refresh in one workflow: another workflow uses that token with 0 logins; getStatus reports it without a login', async () => {
		const refreshed = await execute('wf-status-refresh');
		const [report] = refreshed.nodeOutput('Token Status') ?? [];
		expect(report).toMatchObject({
			credential: 'cred-status',
			hasToken: true,
			isFresh: true,
			refreshed: true,
		});
		expect(status.counters().logins).toBe(1);
		status.reset();

		const used = await execute('wf-status-use');
		expect(used.nodeOutput('Call API')).toHaveLength(3);
		const got = await execute('wf-status-get');
		expect(got.nodeOutput('Token Status')).toEqual([
			{ ...report, refreshed: false, isFresh: true, expiresInSeconds: expect.any(Number) },
		]);
		expect(status.counters()).toMatchObject({ logins: 0, acceptedCalls: 3 });
	});

	it('wrong password: the execution fails saying the login was refused, and shows no secret', async () => {
		main.reset();
		const result = await execute('wf-wrong');
		expect(result.exitCode).toBe(1);
		expect(result.nodeError('Call API')).toBe(refusedBy(main));
		expect(main.counters()).toMatchObject({ failedLogins: 1, acceptedCalls: 0 });
		expect(result.stdout + result.stderr).not.toContain(WRONG_PASSWORD);
	});

	it('a URL on another host is refused, and no request reaches it', async () => {
		const result = await execute('wf-offhost');
		expect(result.exitCode).toBe(1);
		expect(result.nodeError('Call API')).toBe(
			`Refusing to send the token to ${other.url}: only ${main.url} (the credential's Base URL) receives it`,
		);
		expect(other.requests()).toHaveLength(0);
	});

	it("n8n's own HTTP Request node can use the credential: logins are shared, and other hosts are refused", async () => {
		const result = await execute('wf-stock');
		expect(result.error()).toBeUndefined();
		expect(result.nodeOutput('Stock HTTP Request')).toHaveLength(50);
		// n8n calls preAuthentication for all 50 items at once; the credential makes them share one login
		expect(stock.counters()).toMatchObject({ logins: 1, acceptedCalls: 50 });
		const offHost = await execute('wf-stock-offhost');
		expect(offHost.exitCode).toBe(1);
		expect(offHost.nodeError('Stock HTTP Request')).toMatch(/Refusing to send the token to/);
		expect(other.requests()).toHaveLength(0);
	});

	it("why the package has its own node: n8n's HTTP Request node logs in again and re-sends a POST that got a 500", async () => {
		// n8n 2.41.1 requestWithAuthentication (the stock node's path) runs preAuthentication and sends
		// again after ANY error. Token HTTP Request sent the same payment once (see above).
		stock.reset();
		const result = await execute('wf-stock-payment');
		expect(result.exitCode).toBe(1);
		expect(stock.counters()).toMatchObject({ sideEffects: 2, logins: 1 });
	});

	it('the credential test (the editor Test button, through the REST API) passes, and fails clearly with a wrong password; the editor lists the nodes', async () => {
		const server = await n8n.startServer();
		try {
			status.reset();
			expect(await n8n.testCredential(server, 'cred-test')).toMatchObject({
				status: 'OK',
				message: 'Connection successful!',
			});
			expect(status.counters()).toMatchObject({ logins: 1, acceptedCalls: 1 });
			const wrong = await n8n.testCredential(server, 'cred-wrong');
			expect(wrong).toMatchObject({
				status: 'Error',
				message: refusedBy(main),
			});
			outputs.push(fs.readFileSync(server.logFile, 'utf8'), JSON.stringify(wrong));

			// the editor offers both nodes and the credential; usableAsTool gives AI agents a tool variant
			const nodeTypes = JSON.parse(
				(await server.request('GET', '/types/nodes.json')).text,
			) as Array<{ name: string }>;
			const ours = nodeTypes
				.map((type) => type.name)
				.filter((name) => name.startsWith('n8n-nodes-login-token.'));
			expect(ours.sort()).toEqual([
				'n8n-nodes-login-token.tokenHttpRequest',
				'n8n-nodes-login-token.tokenHttpRequestTool',
				'n8n-nodes-login-token.tokenStatus',
				'n8n-nodes-login-token.tokenStatusTool',
			]);
			const credentialTypes = JSON.parse(
				(await server.request('GET', '/types/credentials.json')).text,
			) as Array<{ name: string }>;
			expect(credentialTypes.some((type) => type.name === 'loginTokenApi')).toBe(true);
		} finally {
			await server.stop();
		}
	});

	it("afterwards, no issued token and no password is in plaintext in n8n's database files or output", async () => {
		// stock: the 50 items, then one login after each of the stock node's failures (off-host, 500)
		const issued = { main, expiring, revoking, status, stock };
		expect(
			Object.fromEntries(
				Object.entries(issued).map(([name, api]) => [name, api.issuedTokens().length]),
			),
		).toEqual({ main: 1, expiring: 2, revoking: 2, status: 2, stock: 3 });
		const tokens = Object.values(issued).flatMap((api) => api.issuedTokens());
		for (const secret of [...tokens, PASSWORD, WRONG_PASSWORD]) {
			expect(await n8n.databaseContains(secret)).toBe(false);
			expect(outputs.some((text) => text.includes(secret))).toBe(false);
		}
	});
});
