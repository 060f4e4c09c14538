/**
 * Issue 6 at the edges, in a real n8n (packed package, `n8n execute` per run, each a new n8n
 * process; the credential test through the REST API): the stock HTTP Request node and an off-host
 * redirect, a wrong password with batch size 1, a login answered 429, a POST whose connection is
 * reset after the provider booked it, and the credential test with a fresh token.
 */
import * as fs from 'node:fs';

import { startCaptureServer, type CaptureServer } from '../support/mock/captureServer';
import { executeRecorded, loginTokenCredential } from '../support/e2eRuns';
import { startMockTokenApi } from '../support/mock/tokenApi';
import type { MockTokenApi, MockTokenApiOptions } from '../support/mock/tokenApi';
import { packPackage } from '../support/packPackage';
import { N8nInstance, type ExecuteResult } from '../support/realN8n';
import { itemsOf, manualChain, stockHttpRequest, tokenRequest } from '../support/workflows';

const PASSWORD = 'e2e-edges-Pa55word-PLAINTEXT';
const WRONG_PASSWORD = 'e2e-edges-WRONG-PLAINTEXT';
const RETRY_ADVICE = /retry the request immediately/i;

let n8n: N8nInstance;
const apis: Record<string, MockTokenApi> = {};
let other: CaptureServer; // a foreign host, reached as `localhost` (the APIs are 127.0.0.1)
const outputs: string[] = [];

const credential = (id: string, api: MockTokenApi, extra: Record<string, unknown> = {}) =>
	loginTokenCredential(id, api, PASSWORD, extra);

const execute = (id: string): Promise<ExecuteResult> => executeRecorded(n8n, id, outputs);

const logins = (api: MockTokenApi) => api.requests().filter((r) => r.path === '/login').length;

function continuing(node: Record<string, unknown> & { name: string }) {
	return { ...node, onError: 'continueRegularOutput' };
}

const batchOfOne = { options: { batching: { batch: { batchSize: 1 } } } };

beforeAll(async () => {
	const tarball = packPackage();
	const provider: MockTokenApiOptions = { username: 'alice', password: PASSWORD };
	const started = await Promise.all([
		startMockTokenApi(provider), // bearer, for the stock node
		startMockTokenApi({ ...provider, sendSessionAs: 'header', sendSessionName: 'X-Session' }),
		startMockTokenApi(provider), // wrong password
		startMockTokenApi({
			...provider,
			loginScript: [{ status: 429, headers: { 'Retry-After': '2' } }],
		}),
		startMockTokenApi({
			...provider,
			loginScript: [{ status: 429, headers: { 'Retry-After': '600' } }],
		}),
		startMockTokenApi(provider), // payments
		startMockTokenApi(provider), // credential test
	]);
	[apis.bearer, apis.header, apis.wrong, apis.shortWait, apis.longWait, apis.payments, apis.test] =
		started;
	other = await startCaptureServer();
	const offHost = `http://localhost:${other.port}/steal`;
	const redirectTo = (api: MockTokenApi, to: string) =>
		`${api.url}/redirect?to=${encodeURIComponent(to)}`;

	n8n = await N8nInstance.create({ packageTarball: tarball });
	await n8n.importCredentials([
		credential('cred-bearer', apis.bearer),
		credential('cred-header', apis.header, {
			sendSessionAs: 'header',
			sendSessionName: 'X-Session',
		}),
		credential('cred-wrong', apis.wrong, { password: WRONG_PASSWORD }),
		credential('cred-short', apis.shortWait),
		credential('cred-long', apis.longWait),
		credential('cred-payments', apis.payments),
		credential('cred-test', apis.test, { testPath: '/me' }),
	]);
	await n8n.importWorkflows([
		manualChain('wf-reach-other', {
			id: 'plain',
			name: 'Plain Request',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [600, 0],
			parameters: { url: `http://localhost:${other.port}/ping`, options: {} },
		}),
		manualChain(
			'wf-stock-bearer-off',
			stockHttpRequest('cred-bearer', redirectTo(apis.bearer, offHost)),
		),
		manualChain(
			'wf-stock-header-off',
			stockHttpRequest('cred-header', redirectTo(apis.header, offHost)),
		),
		manualChain(
			'wf-stock-bearer-same',
			stockHttpRequest('cred-bearer', redirectTo(apis.bearer, '/me')),
		),
		manualChain(
			'wf-stock-header-same',
			stockHttpRequest('cred-header', redirectTo(apis.header, '/me')),
		),
		manualChain(
			'wf-wrong',
			...itemsOf(50),
			continuing(tokenRequest('cred-wrong', { url: '/me', ...batchOfOne })),
		),
		manualChain('wf-short', ...itemsOf(5), tokenRequest('cred-short', { url: '/me' })),
		manualChain(
			'wf-long',
			...itemsOf(20),
			continuing(tokenRequest('cred-long', { url: '/me', ...batchOfOne })),
		),
		manualChain(
			'wf-payment',
			tokenRequest('cred-payments', {
				method: 'POST',
				url: '/payments?reset=1',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '{"amount": 125}',
			}),
		),
		manualChain('wf-test-login', tokenRequest('cred-test', { url: '/me' })),
	]);
});

afterAll(async () => {
	await n8n?.cleanup();
	await Promise.all([...Object.values(apis), other].map(async (server) => await server?.close()));
});

describe('issue 6 edges, in a real n8n', () => {
	it('the other host is reachable from n8n as localhost (so "nothing arrived" below means something)', async () => {
		const result = await execute('wf-reach-other');
		expect(result.error()).toBeUndefined();
		expect(other.requests().map((r) => r.path)).toEqual(['/ping']);
		other.clear();
	});

	it('the stock HTTP Request node following an off-host 302: the other host sees nothing, bearer or custom header', async () => {
		for (const [workflow, api] of [
			['wf-stock-bearer-off', apis.bearer],
			['wf-stock-header-off', apis.header],
		] as const) {
			const result = await execute(workflow);
			expect(result.exitCode).toBe(1);
			expect(result.nodeError('Stock HTTP Request')).toMatch(
				// n8n 2.41 names the host, 1.123 the whole URL
				/^Redirected request failed: Domain not allowed: This credential is restricted from accessing (http:\/\/)?localhost:\d+(\/steal)?\. Only the following domains are allowed: 127\.0\.0\.1$/,
			);
			expect(api.requests().filter((r) => r.path === '/redirect').length).toBeGreaterThan(0);
		}
		expect(other.requests()).toEqual([]);
	});

	it('the stock node still follows a same-origin redirect with the token', async () => {
		for (const [workflow, api] of [
			['wf-stock-bearer-same', apis.bearer],
			['wf-stock-header-same', apis.header],
		] as const) {
			api.reset();
			const result = await execute(workflow);
			expect(result.error()).toBeUndefined();
			expect(result.nodeOutput('Stock HTTP Request')).toEqual([{ id: 1, username: 'alice' }]);
			// (n8n 1.123's stock node logs in first here; 2.41 uses the stored token)
			const hops = api.requests().filter((r) => r.path !== '/login');
			expect(hops.map((r) => `${r.path} ${r.status}`)).toEqual(['/redirect 302', '/me 200']);
		}
	});

	it('wrong password, 50 items, batch size 1, On Error: Continue: 1 login attempt, 50 clear errors', async () => {
		const result = await execute('wf-wrong');
		expect(result.error()).toBeUndefined();
		const items = result.nodeOutput('Call API') ?? [];
		expect(items).toHaveLength(50);
		expect(new Set(items.map((item) => item.error))).toEqual(
			new Set([
				`Login refused: POST ${apis.wrong.url}/login answered HTTP 401 with "Bad credentials" (invalid_grant). Check Username, Password and Send Credentials As (now: JSON Body).`,
			]),
		);
		expect(logins(apis.wrong)).toBe(1);
		expect(apis.wrong.counters()).toMatchObject({ failedLogins: 1, requests: 1 });
	});

	it('login 429 with Retry-After 2: waited once, retried once, every item succeeds', async () => {
		const result = await execute('wf-short');
		expect(result.error()).toBeUndefined();
		expect(result.nodeOutput('Call API')).toHaveLength(5);
		expect(logins(apis.shortWait)).toBe(2);
		expect(apis.shortWait.counters()).toMatchObject({
			rateLimitedLogins: 1,
			logins: 1,
			acceptedCalls: 5,
		});
	});

	it('login 429 with Retry-After 600, 20 items, batch size 1: 1 attempt, the error names the wait', async () => {
		const result = await execute('wf-long');
		const items = result.nodeOutput('Call API') ?? [];
		expect(items).toHaveLength(20);
		expect(new Set(items.map((item) => item.error))).toEqual(
			new Set([
				`Login rate-limited: POST ${apis.longWait.url}/login answered HTTP 429 and asks to wait 600 s (Retry-After)`,
			]),
		);
		expect(logins(apis.longWait)).toBe(1);
	});

	it('a POST whose connection is reset after the provider booked it: booked once, no retry advice', async () => {
		const result = await execute('wf-payment');
		expect(result.exitCode).toBe(1);
		const host = apis.payments.url.replace('http://', '');
		expect(result.nodeError('Call API')).toBe(
			`The request to ${host} got no answer: the connection was closed; it may have reached the server; it was not sent again`,
		);
		expect(apis.payments.counters().sideEffects).toBe(1);
		expect(result.stdout + result.stderr).not.toMatch(RETRY_ADVICE);
	});

	it('opening/testing a credential twice with a fresh token: 0 logins, the Test Path is called', async () => {
		await execute('wf-test-login');
		expect(logins(apis.test)).toBe(1);
		apis.test.reset();
		const server = await n8n.startServer();
		try {
			for (let i = 0; i < 2; i++) {
				expect(await n8n.testCredential(server, 'cred-test')).toEqual({
					status: 'OK',
					message: 'Connection successful!',
				});
			}
			expect(apis.test.requests().map((r) => `${r.path} ${r.status}`)).toEqual([
				'/me 200',
				'/me 200',
			]);
			// a changed password in the form is still tested with a login
			const stored = await server.request('GET', '/rest/credentials/cred-test?includeData=true');
			const data = (stored.json.data as { data: Record<string, unknown> }).data;
			expect(
				await n8n.testCredential(server, 'cred-test', { ...data, password: WRONG_PASSWORD }),
			).toEqual({
				status: 'Error',
				message: `Login refused: POST ${apis.test.url}/login answered HTTP 401 with "Bad credentials" (invalid_grant). Check Username, Password and Send Credentials As (now: JSON Body).`,
			});
			expect(logins(apis.test)).toBe(1);
			outputs.push(fs.readFileSync(server.logFile, 'utf8'));
		} finally {
			await server.stop();
		}
	});

	it("no token and no password in plaintext in n8n's database files or output", async () => {
		const tokens = Object.values(apis).flatMap((api) => api.issuedTokens());
		expect(tokens.length).toBeGreaterThan(0);
		for (const secret of [...tokens, PASSWORD, WRONG_PASSWORD]) {
			expect(await n8n.databaseContains(secret)).toBe(false);
			expect(outputs.some((text) => text.includes(secret))).toBe(false);
		}
		expect(outputs.some((text) => RETRY_ADVICE.test(text))).toBe(false);
	});
});
