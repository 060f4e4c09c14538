/**
 * What a login costs beyond the provider's own login time, from the provider's clock: the workflow
 * first sends a plain request to the provider's `/mark` (n8n's HTTP Request node, no credential),
 * then Token HTTP Request calls the API. Run once without a token (it logs in) and once more with
 * the token stored (no login), the difference of the two mark-to-call times, minus the time the
 * provider took to answer the login, is what the login added: reading and checking the stored
 * credential again, the queue-mode lease if it is taken (its claim, settle delay and read-back),
 * n8n running the login and storing the token (issue 16). The node's own cost of a call, the same
 * in both runs, is left out.
 */
import type { MockTokenApi } from './mock/tokenApi';
import { workflowNode } from './nodeJson';
import type { N8nInstance } from './realN8n';
import { manualChain, tokenRequest } from './workflows';

const MARK = '/mark';

/** ms from the mark to the first API call with a valid token (undefined if either is missing). */
function markToCallMs(api: MockTokenApi): number | undefined {
	const requests = api.requests();
	const mark = requests.find((r) => r.path === MARK);
	const call = requests.find(
		(r) => r.path !== api.options.loginPath && r.path !== MARK && r.tokenValid,
	);
	return mark && call ? call.at - mark.at : undefined;
}

/** n8n's HTTP Request node: GET <provider>/mark, whatever it answers (the mock says 401: no token). */
function markNode(api: MockTokenApi) {
	const parameters = { url: `${api.url}${MARK}`, options: {} };
	const node = workflowNode(
		'mark',
		'Mark',
		'n8n-nodes-base.httpRequest',
		parameters,
		[400, 0],
		4.2,
	);
	return { ...node, onError: 'continueRegularOutput' };
}

/**
 * `runs` executions (`n8n execute`, each a new process) in one n8n in regular mode, each from a
 * credential with no token: every run logs in once. `anotherProcess`: the credential shows a token
 * stored by another process (`sessionLoggedInBy`), as after a restart or beside queue workers, so
 * the node takes the lease. Returns each run's login cost in ms.
 */
export async function singleProcessLoginCosts(
	n8n: N8nInstance,
	api: MockTokenApi,
	loginDelayMs: number,
	runs: number,
	options: { anotherProcess?: boolean; id?: string } = {},
): Promise<number[]> {
	const id = options.id ?? (options.anotherProcess ? 'latency-lease' : 'latency');
	await n8n.importWorkflows([
		manualChain(`wf-${id}`, markNode(api), tokenRequest(id, { url: '/me' })),
	]);
	const costs: number[] = [];
	for (let i = 0; i < runs; i++) {
		const data: Record<string, unknown> = {
			baseUrl: api.url,
			username: api.options.username,
			password: api.options.password,
		};
		if (options.anotherProcess) data.sessionLoggedInBy = 'another-n8n-process';
		await n8n.importCredentials([{ id, name: id, type: 'loginTokenApi', data }]);
		const timed = async (what: string, logins: number): Promise<number> => {
			api.reset();
			const result = await n8n.execute(`wf-${id}`);
			const ms = markToCallMs(api);
			if (ms === undefined || api.counters().logins !== logins)
				throw new Error(
					`latency run ${i + 1} (${what}): expected a mark, ${logins} login(s) and a call\n${result.stdout.slice(-2000)}`,
				);
			return ms;
		};
		const cold = await timed('no token', 1);
		const warm = await timed('token stored', 0);
		costs.push(cold - warm - loginDelayMs);
	}
	return costs;
}

export const median = (values: number[]): number => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
