import type { IDataObject } from 'n8n-workflow';

import { TokenHttpRequest } from '../../nodes/TokenHttpRequest/TokenHttpRequest.node';
import { startApiFront, type ApiFront } from '../support/mock/apiFront';
import { makeTestCertificates } from '../support/mock/certs';
import { startForwardProxy, type ForwardProxy } from '../support/mock/forwardProxy';
import { caught, jsonOf, world, type World } from './setup';

const node = new TokenHttpRequest();
let w: World;
let proxy: ForwardProxy | undefined;
let front: ApiFront | undefined;

afterEach(async () => {
	await proxy?.close();
	proxy = undefined;
	await front?.close();
	front = undefined;
	await w?.api.close();
});

const run = async (parameters: IDataObject) =>
	await w.n8n.runNode(node, { parameters, credentialId: w.credentialId });

describe('Options > Proxy', () => {
	it('every call goes through the proxy, with its credentials; the login goes as n8n sends it', async () => {
		w = await world();
		proxy = await startForwardProxy({ credentials: 'proxy-user:proxy-Secret-1' });
		const output = await run({
			url: '/me',
			options: { proxy: `http://proxy-user:proxy-Secret-1@127.0.0.1:${proxy!.port}` },
		});
		expect(jsonOf(output)).toEqual([{ id: 1, username: 'alice' }]);
		expect(proxy!.seen()).toEqual([
			{ method: 'GET', target: `${w.api.url}/me`, proxyUser: 'proxy-user:proxy-Secret-1' },
		]);
		expect(w.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 1 });
	});

	it('an https API through the proxy: a CONNECT tunnel, the private CA still applies', async () => {
		const certs = makeTestCertificates();
		w = await world();
		front = await startApiFront(w.api, { tls: certs.server });
		w.n8n.addCredential({
			baseUrl: front.url,
			username: 'alice',
			password: 'correct-horse-battery',
			caCertificate: certs.ca.cert,
		});
		proxy = await startForwardProxy();
		await run({ url: '/me', options: { proxy: proxy!.url } });
		expect(proxy!.seen()).toEqual([
			{ method: 'CONNECT', target: `127.0.0.1:${new URL(front.url).port}`, proxyUser: '' },
		]);
		expect(w.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 1 });
	});

	it('the proxy refusing (407): the method, full URL and proxy in the error, never its password', async () => {
		w = await world();
		proxy = await startForwardProxy({ credentials: 'proxy-user:right' });
		const error = await caught(
			run({
				method: 'POST',
				url: '/payments?ref=7',
				options: { proxy: `http://proxy-user:Wrong-Passw0rd@127.0.0.1:${proxy!.port}` },
			}),
		);
		expect(error.message).toBe(
			`The proxy 127.0.0.1:${proxy!.port} refused the request (HTTP 407 Proxy Authentication Required): check the user and password in Options > Proxy. The API did not receive it.`,
		);
		expect(error.description).toContain(
			`Request: POST ${w.api.url}/payments?ref=7 (through the proxy 127.0.0.1:${proxy!.port})`,
		);
		// (the node's parameters, which n8n attaches to every error, hold the proxy URL as typed)
		expect(`${error.message}\n${error.description}`).not.toContain('Wrong-Passw0rd');
		expect(w.api.counters().sideEffects).toBe(0);
	});

	it('a proxy that is not a URL: said by shape, not by value', async () => {
		w = await world();
		proxy = await startForwardProxy();
		const error = await caught(run({ url: '/me', options: { proxy: 'user:Pa55word@nowhere' } }));
		expect(error.message).toBe(
			'Proxy: expected a URL such as http://proxy.example.com:3128 or http://user:password@proxy:3128, got a user: URL (only http:// and https:// proxies are supported)',
		);
		expect(`${error.message}\n${error.description}`).not.toContain('Pa55word');
	});
});

describe('Options > Lowercase Headers', () => {
	const headers = {
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'X-Request-ID', value: 'r-1' }] },
	};

	it('on by default (names in lower case); off: names as written', async () => {
		w = await world();
		const captured: string[] = [];
		const seen = await import('node:http');
		const server = seen.createServer((req, res) => {
			captured.push(...req.rawHeaders.filter((_, i) => i % 2 === 0));
			res.end();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		// a stand-in proxy that records the raw header names (and answers nothing useful)
		const port = (server.address() as { port: number }).port;
		try {
			await run({
				url: '/echo',
				...headers,
				options: { lowercaseHeaders: false, proxy: `http://127.0.0.1:${port}` },
			}).catch(() => undefined);
			expect(captured).toContain('X-Request-ID');
			captured.length = 0;
			await run({ url: '/echo', ...headers, options: { proxy: `http://127.0.0.1:${port}` } }).catch(
				() => undefined,
			);
			expect(captured).toContain('x-request-id');
			expect(captured).not.toContain('X-Request-ID');
		} finally {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});
});

describe('Errors name the request', () => {
	it('method and full URL with the query, never the token even when it travels in the query', async () => {
		w = await world(
			{ sendSessionAs: 'query', sendSessionName: 'token' },
			{ sendSessionAs: 'query', sendSessionName: 'token' },
		);
		const error = await caught(
			run({
				method: 'POST',
				url: '/payments?fail=502',
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'ref', value: 'inv 7' }] },
			}),
		);
		expect(error.message).toBe('The API answered HTTP 502; the request was not sent again');
		expect(error.description).toBe(
			`{"error":"upstream failure"}\nRequest: POST ${w.api.url}/payments?fail=502&ref=inv+7`,
		);
		const [token] = w.api.issuedTokens();
		expect(token.length).toBeGreaterThan(8);
		expect(`${error.message}\n${error.description}`).not.toContain(token);
		expect(w.api.counters().sideEffects).toBe(1);
	});
});
