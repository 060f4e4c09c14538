/**
 * How long a login costs beyond the provider's own login time, seen from the provider: from the
 * login request's arrival to the first API call that carries the new token, minus the time the
 * provider took to answer the login. In one n8n process this is the package's and n8n's own work
 * (reading the answer, n8n storing the token, placing it, sending); with the queue-mode login
 * lease it includes the lease's claim, settle delay and read-back (issue 16).
 */
import type { MockTokenApi } from './mock/tokenApi';
import type { N8nInstance } from './realN8n';
import { manualChain, tokenRequest } from './workflows';

export function loginOverheadMs(api: MockTokenApi, loginDelayMs: number): number | undefined {
	const requests = api.requests();
	const login = requests.find((r) => r.path === api.options.loginPath && r.status === 200);
	const call = requests.find(
		(r) =>
			r.path !== api.options.loginPath && r.tokenValid && login !== undefined && r.at > login.at,
	);
	return login && call ? call.at - login.at - loginDelayMs : undefined;
}

/**
 * `runs` executions (`n8n execute`, each a new process) in one n8n in regular mode, each from a
 * credential with no token and no trace of another process: every run logs in once, as a single
 * long-running n8n does. Returns each run's login overhead in ms.
 */
export async function singleProcessLoginOverheads(
	n8n: N8nInstance,
	api: MockTokenApi,
	loginDelayMs: number,
	runs: number,
	ids = { credential: 'latency-credential', workflow: 'wf-latency' },
): Promise<number[]> {
	await n8n.importWorkflows([
		manualChain(ids.workflow, tokenRequest(ids.credential, { url: '/me' })),
	]);
	const overheads: number[] = [];
	for (let i = 0; i < runs; i++) {
		await n8n.importCredentials([
			{
				id: ids.credential,
				name: ids.credential,
				type: 'loginTokenApi',
				data: { baseUrl: api.url, username: api.options.username, password: api.options.password },
			},
		]);
		api.reset();
		const result = await n8n.execute(ids.workflow);
		const overhead = loginOverheadMs(api, loginDelayMs);
		if (overhead === undefined)
			throw new Error(
				`latency run ${i + 1}: no login and call seen\n${result.stdout.slice(-2000)}`,
			);
		overheads.push(overhead);
	}
	return overheads;
}

export const median = (values: number[]): number => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
