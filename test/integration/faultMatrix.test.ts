/**
 * The fault matrix: every case runs through n8n-core's real request path (test/harness) against
 * the mock provider, and asserts the outcome, the exact message, every request the provider and
 * another host saw, and that no token or password appears in output, errors (every property and
 * cause) or console output. Cases live in faultMatrix/*.cases.ts by category.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { TokenHttpRequest } from '../../nodes/TokenHttpRequest/TokenHttpRequest.node';
import { startCaptureServer } from '../support/mock/captureServer';
import type { MockRequestRecord } from '../support/mock/tokenApi';
import { apiFaultCases } from './faultMatrix/apiFaults.cases';
import { configurationCases } from './faultMatrix/configuration.cases';
import { expiryCases } from './faultMatrix/expiry.cases';
import { lazy, type FaultCase, type FaultEnv } from './faultMatrix/faultCase';
import { loginAnswerCases } from './faultMatrix/loginAnswers.cases';
import { realServerShapeCases } from './faultMatrix/realServerShapes.cases';
import { redirectCases } from './faultMatrix/redirects.cases';
import { secretCases } from './faultMatrix/secrets.cases';
import { urlTrickCases } from './faultMatrix/urlTricks.cases';
import { captureConsole, items, jsonOf, PASSWORD, world } from './setup';

const node = new TokenHttpRequest();

const MATRIX: Array<[string, FaultCase[]]> = [
	['login answers', loginAnswerCases],
	['expiry formats', expiryCases],
	['API faults', apiFaultCases],
	['redirects', redirectCases],
	['configuration', configurationCases],
	['URL tricks', urlTrickCases],
	['secrets (issue 14)', secretCases],
	['real server shapes (issue 14)', realServerShapeCases],
];

function seen(record: MockRequestRecord, loginPath: string): string {
	const line = `${record.method} ${record.path} → ${record.status}`;
	if (record.path === loginPath) return line;
	return `${line} ${record.hadToken ? (record.tokenValid ? '[token]' : '[stale token]') : '[no token]'}`;
}

/** Every string an error carries: own properties (enumerable or not), causes, nested objects. */
function everything(value: unknown, seenObjects = new Set<unknown>(), depth = 0): string[] {
	if (typeof value === 'string') return [value];
	if (typeof value !== 'object' || value === null || depth > 8 || seenObjects.has(value)) {
		return value === undefined || value === null ? [] : [String(value)];
	}
	seenObjects.add(value);
	const out: string[] = [];
	for (const key of Object.getOwnPropertyNames(value)) {
		let inner: unknown;
		try {
			inner = (value as Record<string, unknown>)[key];
		} catch {
			continue;
		}
		if (typeof inner === 'function') continue;
		out.push(key, ...everything(inner, seenObjects, depth + 1));
	}
	return out;
}

async function runCase(c: FaultCase): Promise<void> {
	const other = await startCaptureServer();
	const w = await world(c.provider ?? {}, {});
	const env: FaultEnv = { api: w.api, other, n8n: w.n8n, credentialId: w.credentialId };
	try {
		const stored = w.n8n.store.get(w.credentialId).data;
		w.n8n.store.put(w.credentialId, 'Bank API', {
			...stored,
			...(lazy(c.credential, env) ?? {}),
		} as ICredentialDataDecryptedObject);
		if (c.prepare) {
			await c.prepare(env);
			w.api.reset();
			other.clear();
		}
		const loginPath = w.api.options.loginPath;
		const console = captureConsole();
		let output: IDataObject[] | undefined;
		let error: unknown;
		let test: { status: 'OK' | 'Error'; message: string } | undefined;
		try {
			if (c.run === 'credentialTest') test = await w.n8n.testCredential(w.credentialId);
			else
				output = jsonOf(
					await w.n8n.runNode(node, {
						parameters: lazy(c.run, env) ?? {},
						credentialId: w.credentialId,
						items: items(c.items ?? 1),
					}),
				);
		} catch (caught) {
			error = caught;
		} finally {
			console.restore();
		}

		if (c.expect.test) expect(test).toEqual(lazy(c.expect.test, env));
		const expectedError = lazy(c.expect.error, env);
		if (expectedError !== undefined) {
			expect(output).toBeUndefined();
			expect((error as Error | undefined)?.message).toBe(expectedError);
		} else if (c.run !== 'credentialTest') {
			if (error) throw error;
			expect(output).toEqual(lazy(c.expect.items, env));
		}
		expect(w.api.requests().map((r) => seen(r, loginPath))).toEqual(c.expect.provider);
		expect(other.requests().map((r) => `${r.method} ${r.path}`)).toEqual(c.expect.other ?? []);

		if (c.expect.lifetimeSeconds !== undefined) {
			const data = w.n8n.store.get(w.credentialId).data;
			const lifetime =
				(Date.parse(String(data.sessionExpiresAt)) - Date.parse(String(data.sessionObtainedAt))) /
				1000;
			expect(Math.abs(lifetime - c.expect.lifetimeSeconds)).toBeLessThan(5);
		}
		c.expect.also?.(env);

		const secrets = [
			...w.api.issuedTokens(),
			...(c.provider?.loginAnswer?.token ? [c.provider.loginAnswer.token] : []),
			PASSWORD,
			...(lazy(c.secrets, env) ?? []),
		]
			// a token with control characters is also looked for piece by piece
			.flatMap((secret) => [
				secret,
				// eslint-disable-next-line no-control-regex -- splitting on control characters is the point
				...secret.split(/[\x00-\x1f]/).filter((part) => part.length >= 6),
			])
			.filter((secret) => secret.trim().length >= 4);
		const visible = [
			JSON.stringify(output ?? null),
			JSON.stringify(test ?? null),
			...everything(error),
			console.text(),
		].join('\n');
		for (const secret of secrets) expect(visible.includes(secret.trim())).toBe(false);
		for (const request of other.requests()) {
			const carried = JSON.stringify(request);
			for (const secret of secrets) expect(carried.includes(secret.trim())).toBe(false);
		}
	} finally {
		await w.api.close();
		await other.close();
	}
}

it('holds at least 45 cases', () => {
	expect(MATRIX.reduce((sum, [, cases]) => sum + cases.length, 0)).toBeGreaterThanOrEqual(45);
});

describe.each(MATRIX)('fault matrix: %s', (_category, cases) => {
	it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => await runCase(c));
});
