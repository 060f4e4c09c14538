// Token HTTP Request, continued from tokenHttpRequest.test.ts: where the token goes and how the
// request and its answer are shaped.
import type { IDataObject } from 'n8n-workflow';

import { startCaptureServer } from '../support/mock/captureServer';
import { captureConsole, caught, items, jsonOf, PASSWORD, visible, worldPerTest } from './setup';

const { start, run } = worldPerTest();

describe('Token HTTP Request: the token stays with its API', () => {
	it('refuses a URL on another host, and nothing reaches that host', async () => {
		const w = await start();
		const other = await startCaptureServer();
		try {
			const error = await caught(run({ url: `${other.url}/steal` }));
			expect(error.message).toBe(
				`Refusing to send the token to ${other.url}: only ${w.api.url} (the credential's Base URL) receives it`,
			);
			expect(other.requests()).toHaveLength(0);
		} finally {
			await other.close();
		}
	});

	it('accepts an absolute URL on the credential host', async () => {
		const w = await start();
		expect(jsonOf(await run({ url: `${w.api.url}/me` }))[0]).toEqual({ id: 1, username: 'alice' });
	});

	it('follows a redirect to another host without the token, and one on its own host with it', async () => {
		const w = await start(
			{ sendSessionAs: 'query', sendSessionName: 'token' },
			{ sendSessionAs: 'query', sendSessionName: 'token' },
		);
		const other = await startCaptureServer();
		try {
			const output = await run({
				url: '/redirect',
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'to', value: `${other.url}/landing` }] },
			});
			expect(jsonOf(output)[0]).toEqual({ ok: true });
			const [received] = other.requests();
			const tokens = w.api.issuedTokens();
			expect(tokens).toHaveLength(1);
			expect(JSON.stringify(received)).not.toContain(tokens[0]);
			expect(received.headers.authorization).toBeUndefined();

			const same = await run({
				url: '/redirect',
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'to', value: '/me' }] },
			});
			expect(jsonOf(same)[0]).toEqual({ id: 1, username: 'alice' });
		} finally {
			await other.close();
		}
	});

	it('scrubs a token the API echoes back from output, headers included, and logs nothing of it', async () => {
		const w = await start();
		const console = captureConsole();
		let output;
		try {
			output = await run({
				url: '/session',
				options: { response: { response: { fullResponse: true } } },
			});
		} finally {
			console.restore();
		}
		const [token] = w.api.issuedTokens();
		const json = jsonOf(output)[0] as {
			body: { session: string; note: string };
			headers: Record<string, string>;
		};
		expect(json.body.session).toBe('[redacted]');
		expect(json.body.note).toBe('Bearer [redacted]');
		expect(json.headers['x-echo-token']).toBe('[redacted]');
		expect(visible(output, console.text())).not.toContain(token);
		expect(visible(output, console.text())).not.toContain(PASSWORD);
	});

	it('a wrong password fails with a clear error, one login attempt, and no secret', async () => {
		const w = await start({}, { password: 'wrong-password-123' });
		const console = captureConsole();
		let error;
		try {
			error = await caught(run({ url: '/me' }, items(10)));
		} finally {
			console.restore();
		}
		expect(error.message).toBe(
			`Login refused: POST ${w.api.url}/login answered HTTP 401 with "Bad credentials" (invalid_grant). Check Username, Password and Send Credentials As (now: JSON Body).`,
		);
		expect(error.description).toMatch(
			/^Content type application\/json; the response had keys: error, error_description\. No new login is tried before \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(60 s after 1 refusal\(s\)\), so that retries cannot lock the account; a changed Password or login setting is tried at once\.$/,
		);
		expect(w.api.counters()).toMatchObject({ failedLogins: 1, acceptedCalls: 0 });
		expect(visible(error, console.text())).not.toMatch(/wrong-password-123|correct-horse/);
	});
});

describe('Token HTTP Request: token placement and sources', () => {
	it.each([
		[
			{ sendSessionAs: 'header', sendSessionName: 'X-Session', sendSessionPrefix: 'Token ' },
			{ sendSessionAs: 'header', sendSessionName: 'X-Session', sendSessionPrefix: 'Token ' },
		],
		[
			{ sendSessionAs: 'query', sendSessionName: 'access_token' },
			{ sendSessionAs: 'query', sendSessionName: 'access_token' },
		],
		[
			{ sendSessionAs: 'cookie', sendSessionName: 'SESSIONID' },
			{ sendSessionAs: 'cookie', sendSessionName: 'SESSIONID' },
		],
	] as const)('places the token as the API expects: %j', async (provider, credential) => {
		const w = await start(provider, credential);
		expect(jsonOf(await run({ url: '/me' }))[0]).toEqual({ id: 1, username: 'alice' });
		expect(w.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 1, rejectedCalls: 0 });
	});

	it.each([
		[
			'Basic-auth login, nested token, absolute expiry',
			{
				sessionPath: 'data.session.token',
				expirySource: 'expiresAt',
				expiresAtPath: 'data.session.expires',
			},
			{
				loginCredentialsIn: 'basicAuth',
				sessionPath: 'data.session.token',
				expiresAtPath: 'data.session.expires',
			},
		],
		[
			'form login with extra fields (OAuth2 password grant)',
			{ requireBody: { grant_type: 'password' } },
			{ loginCredentialsIn: 'formBody', loginBody: '{"grant_type":"password"}' },
		],
		[
			'token in a response header',
			{ sessionSource: 'header', sessionHeaderName: 'X-Auth-Token' },
			{ sessionSource: 'header', sessionHeaderName: 'X-Auth-Token' },
		],
		[
			'cookie session',
			{
				sessionSource: 'cookie',
				sessionCookieName: 'SESSIONID',
				sendSessionAs: 'cookie',
				sendSessionName: 'SESSIONID',
				expirySource: 'none',
			},
			{
				sessionSource: 'cookie',
				sessionCookieName: 'SESSIONID',
				sendSessionAs: 'cookie',
				sendSessionName: 'SESSIONID',
				sessionLifetime: 1800,
			},
		],
		[
			'JWT with exp, no expiry field',
			{ tokenFormat: 'jwt', expirySource: 'none' },
			{ expirySource: 'jwt' },
		],
	] as const)('%s', async (_name, provider, credential) => {
		const w = await start(provider, credential);
		await run({ url: '/me' }, items(3));
		expect(w.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 3 });
		const stored = w.n8n.store.get(w.credentialId).data;
		expect(
			Date.parse(String(stored.sessionExpiresAt)) - Date.parse(String(stored.sessionObtainedAt)),
		).toBeGreaterThan(1700_000);
	});
});

describe('Token HTTP Request: request and response options', () => {
	const oneParameter = (name: string, value: string) => ({ parameters: [{ name, value }] });
	/** The mock's /echo answers what reached it. */
	const echo = (parameters: IDataObject) => run({ url: '/echo', ...parameters });

	it('sends query, headers and a JSON body built from fields', async () => {
		await start();
		const output = await echo({
			method: 'PATCH',
			sendQuery: true,
			queryParameters: oneParameter('page', '2'),
			sendHeaders: true,
			headerParameters: oneParameter('X-Trace', 't1'),
			sendBody: true,
			bodyParameters: oneParameter('name', 'Ada'),
		});
		expect(jsonOf(output)[0]).toMatchObject({
			method: 'PATCH',
			query: { page: '2' },
			body: { name: 'Ada' },
			contentType: 'application/json',
		});
		expect((jsonOf(output)[0].headerNames as string[]).includes('x-trace')).toBe(true);
	});

	it('sends a form body and a raw body', async () => {
		await start();
		const form = await echo({
			method: 'POST',
			sendBody: true,
			contentType: 'form-urlencoded',
			bodyParameters: { parameters: [{ name: 'a', value: '1 2' }] },
		});
		expect(jsonOf(form)[0]).toMatchObject({
			body: { a: '1 2' },
			contentType: 'application/x-www-form-urlencoded',
		});
		const raw = await run({
			method: 'PUT',
			url: '/echo',
			sendBody: true,
			contentType: 'raw',
			rawContentType: 'text/plain',
			body: 'hello raw',
		});
		expect(jsonOf(raw)[0]).toMatchObject({ body: 'hello raw', contentType: 'text/plain' });
	});

	it('reads text and files, and neverError returns error statuses as data', async () => {
		await start();
		expect(jsonOf(await run({ url: '/text' }))[0]).toEqual({ data: 'hello' });
		const file = await run({ url: '/binary' });
		expect(file[0][0].binary?.data.mimeType).toBe('application/octet-stream');
		const notFound = await run({
			url: '/nowhere',
			options: { response: { response: { neverError: true, fullResponse: true } } },
		});
		expect(jsonOf(notFound)[0]).toMatchObject({ statusCode: 404, body: { error: 'not_found' } });
	});

	it('a bad JSON parameter names the field', async () => {
		await start();
		const error = await caught(
			run({ url: '/echo', method: 'POST', sendBody: true, specifyBody: 'json', jsonBody: '{oops' }),
		);
		expect(error.message).toBe('Body JSON: expected a JSON object');
	});

	it('runs items in batches, checking the token before each', async () => {
		const w = await start({ sessionLifetime: 2 });
		const output = await run(
			{ url: '/me', options: { batching: { batch: { batchSize: 2, batchInterval: 700 } } } },
			items(6),
		);
		expect(output[0]).toHaveLength(6);
		// 2 s tokens are stale 1 s after login: the third batch (1.4 s in) logs in first
		expect(w.api.counters()).toMatchObject({ logins: 2, rejectedCalls: 0 });
	});
});
