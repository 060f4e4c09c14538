import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { TokenHttpRequest } from '../../nodes/TokenHttpRequest/TokenHttpRequest.node';
import { newProcess } from '../support/processLogins';
import { N8nHarness } from '../support/n8nHarness';
import { startApiFront, type ApiFront } from '../support/mock/apiFront';
import { startMockTokenApi } from '../support/mock/tokenApi';
import type { MockTokenApi, MockTokenApiOptions } from '../support/mock/tokenApi';

export const USERNAME = 'alice';
export const PASSWORD = 'correct-horse-battery';

export interface World {
	api: MockTokenApi;
	n8n: N8nHarness;
	credentialId: string;
}

/** A fresh provider and a fresh n8n (empty credential store, no logins remembered by this process). */
export async function world(
	provider: MockTokenApiOptions = {},
	credential: IDataObject = {},
): Promise<World> {
	newProcess();
	const api = await startMockTokenApi({ username: USERNAME, password: PASSWORD, ...provider });
	const n8n = new N8nHarness();
	const credentialId = n8n.addCredential({
		baseUrl: api.url,
		username: USERNAME,
		password: PASSWORD,
		...credential,
	});
	return { api, n8n, credentialId };
}

/** A world whose credential calls the mock through an API front (uploads, pages), as alice. */
async function frontWorld(
	provider: MockTokenApiOptions = {},
	frontOptions: Parameters<typeof startApiFront>[1] = {},
): Promise<{ w: World; front: ApiFront }> {
	const w = await world(provider);
	const front = await startApiFront(w.api, frontOptions);
	w.n8n.addCredential({ baseUrl: front.url, username: USERNAME, password: PASSWORD });
	return { w, front };
}

/** One Token HTTP Request execution in the world `w`, with these parameters and input items. */
async function runTokenRequest(
	w: World,
	parameters: IDataObject,
	inputs = items(1),
	continueOnFail = false,
): Promise<INodeExecutionData[][]> {
	return await w.n8n.runNode(new TokenHttpRequest(), {
		parameters,
		credentialId: w.credentialId,
		items: inputs,
		continueOnFail,
	});
}

/**
 * For a file whose tests each start a world of their own: `start` makes one (`startWithFront`: one
 * behind an API front), `current` is the latest, `run` runs Token HTTP Request in it, and after each
 * test every server it started is closed (fronts before their provider).
 */
export function worldPerTest() {
	let latest: World | undefined;
	const servers: Array<{ close(): Promise<void> }> = [];
	afterEach(async () => {
		for (const server of servers.splice(0).reverse()) await server.close();
		latest = undefined;
	});
	const current = (): World => {
		if (!latest) throw new Error('this test has started no world');
		return latest;
	};
	return {
		async start(provider?: MockTokenApiOptions, credential?: IDataObject): Promise<World> {
			latest = await world(provider, credential);
			servers.push(latest.api);
			return latest;
		},
		async startWithFront(
			provider?: MockTokenApiOptions,
			frontOptions?: Parameters<typeof startApiFront>[1],
		): Promise<{ w: World; front: ApiFront }> {
			const started = await frontWorld(provider, frontOptions);
			latest = started.w;
			servers.push(started.w.api, started.front);
			return started;
		},
		current,
		run: async (parameters: IDataObject, inputs = items(1), continueOnFail = false) =>
			await runTokenRequest(current(), parameters, inputs, continueOnFail),
	};
}

export function items(count: number, make: (i: number) => IDataObject = () => ({})): IDataObject[] {
	return Array.from({ length: count }, (_, i) => make(i));
}

export const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** Everything a user could see of a run: output items, error messages and descriptions, and console output. */
export function visible(...values: unknown[]): string {
	return values
		.map((value) =>
			value instanceof Error
				? JSON.stringify({
						...value,
						message: value.message,
						description: (value as { description?: unknown }).description,
						stack: value.stack,
					})
				: JSON.stringify(value),
		)
		.join('\n');
}

export async function caught(
	promise: Promise<unknown>,
): Promise<Error & { description?: string; httpCode?: string; context?: IDataObject }> {
	try {
		await promise;
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('expected the run to fail');
}

export function jsonOf(output: INodeExecutionData[][]): IDataObject[] {
	return output[0].map((item) => item.json);
}

/** Collects everything written to the console and stdout/stderr while a test runs. */
export function captureConsole(): { text(): string; restore(): void } {
	const chunks: string[] = [];
	const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
		jest
			.spyOn(console, level)
			.mockImplementation((...args: unknown[]) => void chunks.push(args.map(String).join(' '))),
	);
	const out = jest
		.spyOn(process.stdout, 'write')
		.mockImplementation((chunk: string | Uint8Array) => chunks.push(String(chunk)) > 0);
	const err = jest
		.spyOn(process.stderr, 'write')
		.mockImplementation((chunk: string | Uint8Array) => chunks.push(String(chunk)) > 0);
	return {
		text: () => chunks.join('\n'),
		restore: () => [...spies, out, err].forEach((spy) => spy.mockRestore()),
	};
}
