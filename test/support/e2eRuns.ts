/** What the end-to-end suites share: their credential, runs that keep n8n's output, the cleanup. */
import type { ExecuteResult, ImportCredential, N8nInstance } from './realN8n';

/** A Login Token API credential for alice on this API, as `n8n import:credentials` takes it. */
export function loginTokenCredential(
	id: string,
	api: { url: string },
	password: string,
	extra: Record<string, unknown> = {},
): ImportCredential {
	return {
		id,
		name: id,
		type: 'loginTokenApi',
		data: { baseUrl: api.url, username: 'alice', password, ...extra },
	};
}

/** Runs a workflow and keeps everything n8n printed, for the suite's final leak check. */
export async function executeRecorded(
	n8n: N8nInstance,
	id: string,
	outputs: string[],
): Promise<ExecuteResult> {
	const result = await n8n.execute(id);
	outputs.push(result.stdout, result.stderr);
	return result;
}

/** Stops what a suite started, n8n first; whatever never started is skipped. */
export async function stopAll(
	n8n: N8nInstance | undefined,
	...servers: Array<{ close(): Promise<void> } | undefined>
): Promise<void> {
	await n8n?.cleanup();
	for (const server of servers) await server?.close();
}
