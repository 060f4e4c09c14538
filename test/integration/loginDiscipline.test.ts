/**
 * Login discipline, circuit breaker and honest network errors, as a table: each case runs one or
 * more executions (in one simulated n8n process) through n8n-core's real request path against the
 * mock provider, and asserts every item's outcome with its exact message, the login attempts and
 * API requests the provider saw, and that no secret appears in output, errors (every property and
 * cause) or the console. Cases live in loginDiscipline/*.cases.ts by topic.
 */

import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { TokenHttpRequest } from '../../nodes/TokenHttpRequest/TokenHttpRequest.node';
import { TokenStatus } from '../../nodes/TokenStatus/TokenStatus.node';
import { closedPort } from '../support/mock/http';
import { newProcess } from '../support/processLogins';
import { breakerAndFaultCases } from './loginDiscipline/breakerAndFaults.cases';
import { REJECTED_AGAIN, RETRY_ADVICE, WRONG } from './loginDiscipline/disciplineCase';
import { realServerRefusalCases } from './loginDiscipline/realServerRefusals.cases';
import { refusalCases } from './loginDiscipline/refusals.cases';
import { captureConsole, items, PASSWORD, world, type World } from './setup';

const cases = [...refusalCases, ...realServerRefusalCases, ...breakerAndFaultCases];

/** Every string reachable from a value: own properties (enumerable or not), causes, nested objects. */
function everything(value: unknown, seen = new Set<unknown>()): string {
	if (value === null || value === undefined) return '';
	if (typeof value !== 'object') return String(value);
	if (seen.has(value)) return '';
	seen.add(value);
	const parts: string[] = [];
	for (const key of Object.getOwnPropertyNames(value)) {
		parts.push(key, everything((value as Record<string, unknown>)[key], seen));
	}
	return parts.join('\n');
}

function compress(outcomes: string[]): string[] {
	const runs: Array<{ text: string; count: number }> = [];
	for (const text of outcomes) {
		const last = runs[runs.length - 1];
		if (last && last.text === text) last.count++;
		else runs.push({ text, count: 1 });
	}
	return runs.map(({ text, count }) => (count > 1 ? `${count}× ${text}` : text));
}

let w: World;
afterEach(async () => {
	jest.restoreAllMocks();
	await w?.api.close();
});

describe('login discipline, circuit breaker, honest errors', () => {
	it('has at least 20 cases', () => expect(cases.length).toBeGreaterThanOrEqual(20));

	it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		const closed = c.closedApi ? await closedPort() : undefined;
		w = await world(
			typeof c.provider === 'function' ? c.provider() : (c.provider ?? {}),
			c.credential ?? {},
		);
		if (closed !== undefined) {
			const stored = w.n8n.store.get(w.credentialId).data;
			w.n8n.store.update(w.credentialId, {
				...stored,
				baseUrl: `http://127.0.0.1:${closed}`,
				loginUrl: `${w.api.url}/login`,
			});
		}
		let offset = 0;
		newProcess(() => Date.now() + offset);
		const host = w.api.url.replace('http://', '');
		const apiHost = closed === undefined ? host : `127.0.0.1:${closed}`;
		const seen: unknown[] = [];
		const console = captureConsole();
		const outcomes: string[][] = [];
		try {
			for (const step of c.steps) {
				offset += step.advanceMs ?? 0;
				if (step.credential) {
					const stored = w.n8n.store.get(w.credentialId).data;
					w.n8n.store.update(w.credentialId, {
						...stored,
						...(step.credential as ICredentialDataDecryptedObject),
					});
				}
				if (step.dropCause) {
					const original = w.n8n.credentialsHelper.preAuthentication.bind(w.n8n.credentialsHelper);
					jest
						.spyOn(w.n8n.credentialsHelper, 'preAuthentication')
						.mockImplementation(async (...args) => {
							try {
								return await original(...args);
							} catch (error) {
								// n8n-workflow 1.x: the wrapper keeps the message, loses the error itself
								throw Object.assign(new Error((error as Error).message), { name: 'NodeApiError' });
							}
						});
				}
				const executions = Array.from({ length: step.parallel ?? 1 }, async () => {
					if (step.kind === 'test') {
						const result = await w.n8n.testCredential(w.credentialId);
						seen.push(result);
						return [`test ${result.status}: ${result.message}`];
					}
					const status = step.kind === 'status';
					try {
						const output: INodeExecutionData[][] = await w.n8n.runNode(
							status ? new TokenStatus() : new TokenHttpRequest(),
							{
								parameters: status
									? { operation: 'ensureFresh' }
									: {
											url: '/me',
											...step.parameters,
											options: {
												...((step.parameters?.options as IDataObject) ?? {}),
												batching: { batch: { batchSize: step.batchSize ?? 50 } },
											},
										},
								credentialId: w.credentialId,
								items: items(step.items ?? 1),
								continueOnFail: step.continueOnFail,
							},
						);
						seen.push(output);
						return output[0].map((item) => (item.error ? item.error.message : 'ok'));
					} catch (error) {
						seen.push(error);
						return [`thrown: ${(error as Error).message}`];
					}
				});
				outcomes.push(compress((await Promise.all(executions)).flat()));
				jest.restoreAllMocks();
			}
		} finally {
			console.restore();
		}

		const expected = c.outcomes.map((step) =>
			step.map((text) =>
				text
					.replace(/\{host\}/g, host)
					.replace(/\{apiHost\}/g, apiHost)
					.replace(/\{login\}/g, `POST ${w.api.url}/login`)
					.replace(/\{rejectedAgain\}/g, REJECTED_AGAIN),
			),
		);
		outcomes.forEach((step, i) =>
			step.forEach((text, k) =>
				expected[i][k].startsWith('^')
					? expect(text).toMatch(new RegExp(expected[i][k]))
					: expect(text).toBe(expected[i][k]),
			),
		);
		expect(outcomes.map((step) => step.length)).toEqual(expected.map((step) => step.length));

		const requests = w.api.requests();
		expect({
			attempts: requests.filter((r) => r.path === '/login').length,
			api: requests.filter((r) => r.path !== '/login').length,
		}).toEqual({ attempts: c.saw.attempts, api: c.saw.api });
		if (c.saw.logins !== undefined) expect(w.api.counters().logins).toBe(c.saw.logins);
		if (c.saw.sideEffects !== undefined)
			expect(w.api.counters().sideEffects).toBe(c.saw.sideEffects);

		const text = `${everything(seen)}\n${console.text()}\n${JSON.stringify(w.n8n.store.get(w.credentialId).data.sessionLoginHash ?? '')}`;
		for (const secret of [PASSWORD, WRONG, ...w.api.issuedTokens()])
			expect(text).not.toContain(secret);
		expect(text).not.toMatch(RETRY_ADVICE);
	});
});
