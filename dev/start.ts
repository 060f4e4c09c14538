/**
 * `npm start`: the package in a real n8n, with a demo token API, the example workflows and an
 * offline stand-in for the AI example's model.
 *   npm start                 editor on http://localhost:5678, owner account ready; Ctrl-C stops everything
 *   npm start -- --headless   runs the example workflows once and prints what happened
 * The first run installs n8n into ~/.cache/n8n-nodes-login-token (about 5 minutes).
 */
import * as path from 'node:path';

import { readTokenState, tokenPreview } from '../shared/engine';
import {
	DEMO_CREDENTIAL_ID,
	DEMO_CREDENTIAL_NAME,
	DEMO_LOGIN,
	demoCredential,
	startDemoBank,
} from '../test/support/demoBank';
import { exampleWorkflows } from '../test/support/examples';
import { startFakeOpenAi } from '../test/support/mock/fakeOpenAi';
import type { MockTokenApi } from '../test/support/mock/tokenApi';
import { packPackage } from '../test/support/packPackage';
import {
	E2E_OWNER,
	ensureN8n,
	installProcessCleanup,
	N8nInstance,
	repoRoot,
	type ExecuteResult,
	type ImportCredential,
	type ImportWorkflow,
} from '../test/support/realN8n';

const DEMO_API_PORT = Number(process.env.DEMO_API_PORT ?? 5680);
/** The example AI agent's model: a scripted OpenAI-compatible stand-in on 127.0.0.1 (test/support/mock/fakeOpenAi.ts), so the demo runs offline. */
const DEMO_OPENAI_PORT = Number(process.env.DEMO_OPENAI_PORT ?? 5681);

function demoOpenAiCredential(fakeOpenAiUrl: string): ImportCredential {
	return {
		id: 'demoOpenAi',
		name: 'OpenAI',
		type: 'openAiApi',
		data: { apiKey: 'sk-demo-not-real', url: `${fakeOpenAiUrl}/v1` },
	};
}

const started = Date.now();
const step = (text: string): void =>
	console.log(`[start +${Math.round((Date.now() - started) / 1000)}s] ${text}`);

function describeRun(workflow: ImportWorkflow, result: ExecuteResult): string {
	const runData = result.execution?.data.resultData.runData ?? {};
	const last = result.execution?.data.resultData.lastNodeExecuted ?? '';
	const items = result.nodeOutput(last) ?? [];
	const mark = result.exitCode === 0 ? 'OK  ' : 'FAIL';
	const lines = [
		`  ${mark} ${workflow.name}  (${Object.keys(runData).length} nodes ran, last: "${last}", ${items.length} item(s))`,
	];
	for (const item of items.slice(0, 5)) lines.push(`         ${JSON.stringify(item)}`);
	if (result.exitCode !== 0) lines.push(`         error: ${result.error() ?? 'unknown'}`);
	return lines.join('\n');
}

async function tokenSummary(n8n: N8nInstance): Promise<string> {
	const stored = (await n8n.exportCredentials()).find(
		(credential) => credential.id === DEMO_CREDENTIAL_ID,
	);
	const state = readTokenState(stored?.data ?? {});
	if (state.token === '') return 'no token stored';
	const left =
		state.expiresAt === null ? '?' : `${Math.round((state.expiresAt - Date.now()) / 1000)} s`;
	return `${tokenPreview(state.token)}, expires ${state.expiresAt ? new Date(state.expiresAt).toISOString() : '?'} (in ${left})`;
}

async function headless(
	n8n: N8nInstance,
	api: MockTokenApi,
	workflows: ImportWorkflow[],
): Promise<boolean> {
	const results: string[] = [];
	let ok = true;
	for (const workflow of workflows) {
		step(`running "${workflow.name}"`);
		const result = await n8n.execute(workflow.id);
		ok &&= result.exitCode === 0;
		results.push(describeRun(workflow, result));
	}
	const counters = api.counters();
	console.log(`
Demo results (n8n ${n8n.install.version}, package n8n-nodes-login-token, demo API ${api.url})
${results.join('\n')}
Provider saw: ${counters.logins} login(s), ${counters.acceptedCalls} API call(s) accepted, ${counters.rejectedCalls} rejected, ${counters.failedLogins} failed login(s)
Token in n8n's credential store: ${await tokenSummary(n8n)}
Each workflow ran in its own n8n process; after the first login, the others used the token n8n stored.
`);
	return ok;
}

async function editor(
	n8n: N8nInstance,
	api: MockTokenApi,
	workflows: ImportWorkflow[],
): Promise<void> {
	const port = Number(process.env.N8N_PORT ?? 5678);
	step(`starting n8n on port ${port}`);
	const server = await n8n.startServer({ port });
	console.log(`
n8n is running with n8n-nodes-login-token installed.

  Open      http://localhost:${port}
  Log in    ${E2E_OWNER.email}  /  ${E2E_OWNER.password}
  Open the workflows ${workflows.map((w) => `"${w.name}"`).join(', ')}, then "Execute workflow".
  (The AI agent's "OpenAI" credential points at a scripted offline stand-in; put a real key and
  https://api.openai.com/v1 in it to talk to a real model.)
  The credential "${DEMO_CREDENTIAL_NAME}" logs in to the demo bank API at ${api.url}
  (user ${DEMO_LOGIN.username}); open it and press "Test" (retry) to see the login checked.
  Add "Token HTTP Request" or "Token Status" nodes to your own workflows with that credential.

  The provider's counters: ${api.url}/__mock/counters     n8n's data: ${n8n.userFolder}
  Ctrl-C stops n8n and the demo APIs.
`);
	await new Promise<void>((resolve) => {
		process.once('SIGINT', resolve);
		process.once('SIGTERM', resolve);
	});
	step('stopping');
	await server.stop();
}

async function main(): Promise<void> {
	const isHeadless = process.argv.includes('--headless');
	installProcessCleanup(); // Ctrl-C stops n8n and everything else this script started
	step('checking the local n8n (the first run installs it: about 5 minutes)');
	await ensureN8n();
	step('building and packing the package (npm pack), as users install it');
	const tarball = packPackage();
	const api = await startDemoBank(DEMO_API_PORT);
	step(`demo bank API listening on ${api.url}`);
	const openAi = await startFakeOpenAi({ port: DEMO_OPENAI_PORT });
	step(`scripted stand-in for the OpenAI API (for the AI agent example) on ${openAi.url}`);
	// Headless runs start clean; the editor keeps its data (your own workflows) between starts.
	const n8n = await N8nInstance.create({
		packageTarball: tarball,
		root: isHeadless ? undefined : path.join(repoRoot(), '.dev', 'n8n'),
	});
	try {
		step('importing the demo credential and the example workflows');
		const workflows = exampleWorkflows();
		await n8n.importCredentials([demoCredential(api.url), demoOpenAiCredential(openAi.url)]);
		await n8n.importWorkflows(workflows);
		if (isHeadless) process.exitCode = (await headless(n8n, api, workflows)) ? 0 : 1;
		else await editor(n8n, api, workflows);
	} finally {
		await n8n.cleanup();
		await api.close();
		await openAi.close();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
});
