/**
 * Issue 14: what real servers do that the fault matrix cannot stage in one run on one provider:
 * proxies and APIs that echo what they received (Proxy-Authorization, the client certificate), a
 * login answer that trickles in or holds a 10 MB key, Directus' expiry in milliseconds across a real
 * expiry (and Token Status's warning for the wrong unit), a closed proxy port, a TLS failure where a
 * redirect led, relative and user:password@ Next URLs, and a separate login server. Every test runs
 * through n8n-core's request path against servers on 127.0.0.1 and asserts the exact outcome, the
 * exact message, what each server saw, and that no secret is shown anywhere.
 */
import * as https from 'node:https';

import type { IDataObject } from 'n8n-workflow';

import { TokenStatus } from '../../nodes/TokenStatus/TokenStatus.node';
import { startApiFront } from '../support/mock/apiFront';
import { startCaptureServer, type CaptureServer } from '../support/mock/captureServer';
import { makeTestCertificates, type TestCertificates } from '../support/mock/certs';
import { startForwardProxy, type ForwardProxy } from '../support/mock/forwardProxy';
import { closedPort, closeServer, listen } from '../support/mock/http';
import { byNextUrl, paginated } from '../support/requestParameters';
import {
	captureConsole,
	caught,
	items,
	jsonOf,
	PASSWORD,
	sleep,
	USERNAME,
	worldPerTest,
	type World,
} from './setup';

const { start, startWithFront, run } = worldPerTest();

/** Closed after each test, beside the worlds worldPerTest closes. */
const extra: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
	for (const server of extra.splice(0).reverse()) await server.close();
});
const later = <T extends { close(): Promise<void> }>(server: T): T => {
	extra.push(server);
	return server;
};

/**
 * Every string a user could see of a run: output, error (message, description and every other own
 * property, causes included) and the console. Not the error's `node`: n8n attaches the node with its
 * parameters as the user typed them (a proxy URL with its password, say); that is n8n's, not ours.
 */
function shown(...values: unknown[]): string {
	const seen = new Set<unknown>();
	const walk = (value: unknown, depth: number): string[] => {
		if (typeof value === 'string') return [value];
		if (typeof value !== 'object' || value === null)
			return value === undefined ? [] : [String(value)];
		if (seen.has(value) || depth > 8) return [];
		seen.add(value);
		return Object.getOwnPropertyNames(value)
			.filter((key) => key !== 'node')
			.flatMap((key) => {
				const inner = (value as Record<string, unknown>)[key];
				return typeof inner === 'function' ? [] : [key, ...walk(inner, depth + 1)];
			});
	};
	return values.flatMap((value) => [JSON.stringify(value) ?? '', ...walk(value, 0)]).join('\n');
}

/** None of these (nor the password, nor any token the provider issued) appears in what is shown. */
function expectNoSecrets(w: World, text: string, more: string[] = []): void {
	for (const secret of [PASSWORD, ...w.api.issuedTokens(), ...more])
		expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
}

/** The requests the provider saw, as "METHOD /path → status". */
const saw = (w: World) => w.api.requests().map((r) => `${r.method} ${r.path} → ${r.status}`);

const PROXY_USER = 'proxy-user';
const PROXY_PASSWORD = 'proxy-Secret-4711';
const PROXY_SECRETS = [
	PROXY_PASSWORD,
	`${PROXY_USER}:${PROXY_PASSWORD}`,
	Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64'),
];

describe('defect 3b: a proxy that echoes what it received (Proxy-Authorization)', () => {
	async function echoingProxy(
		echo: 'answer' | 'error',
	): Promise<{ w: World; proxy: ForwardProxy }> {
		const w = await start();
		const proxy = later(
			await startForwardProxy({ credentials: `${PROXY_USER}:${PROXY_PASSWORD}`, echo }),
		);
		return { w, proxy };
	}
	const through = (proxy: ForwardProxy): IDataObject => ({
		url: '/me',
		options: { proxy: `http://${PROXY_USER}:${PROXY_PASSWORD}@127.0.0.1:${proxy.port}` },
	});

	it('in its answer: the output shows neither the password, nor user:password, nor their base64', async () => {
		const { w, proxy } = await echoingProxy('answer');
		const console = captureConsole();
		let output: IDataObject[];
		try {
			output = jsonOf(await run(through(proxy)));
		} finally {
			console.restore();
		}
		expect(output).toHaveLength(1);
		const received = output[0].received as { method: string; target: string; headers: IDataObject };
		expect({ method: received.method, target: received.target }).toEqual({
			method: 'GET',
			target: `${w.api.url}/me`,
		});
		expect(received.headers['proxy-authorization']).toBe('Basic [redacted]');
		expect(received.headers.authorization).toBe('Bearer [redacted]');
		expect(proxy.seen()).toEqual([
			{ method: 'GET', target: `${w.api.url}/me`, proxyUser: `${PROXY_USER}:${PROXY_PASSWORD}` },
		]);
		expect(saw(w)).toEqual(['POST /login → 200']);
		expectNoSecrets(w, shown(output, console.text()), PROXY_SECRETS);
	});

	it('in an error body: the error shows none of them either', async () => {
		const { w, proxy } = await echoingProxy('error');
		const console = captureConsole();
		let error: Awaited<ReturnType<typeof caught>>;
		try {
			error = await caught(run(through(proxy)));
		} finally {
			console.restore();
		}
		expect(error.message).toBe('The API answered HTTP 502; the request was not sent again');
		expect(error.description).toContain('"proxy-authorization":"Basic [redacted]"');
		expect(error.description).toContain(
			`Request: GET ${w.api.url}/me (through the proxy 127.0.0.1:${proxy.port})`,
		);
		expect(proxy.seen()).toHaveLength(1);
		expect(saw(w)).toEqual(['POST /login → 200']);
		expectNoSecrets(w, shown(error, console.text()), PROXY_SECRETS);
	});
});

describe('defect 3e: an API that echoes the client certificate in an error', () => {
	let certs: TestCertificates;
	beforeAll(() => {
		certs = makeTestCertificates();
	});

	it('the certificate (and every line of it) is not in the error', async () => {
		const w = await start();
		const front = later(
			await startApiFront(w.api, { tls: { ...certs.server, clientCa: certs.ca.cert } }),
		);
		w.n8n.addCredential({
			baseUrl: front.url,
			username: USERNAME,
			password: PASSWORD,
			caCertificate: certs.ca.cert,
			clientCertificate: certs.client.cert,
			clientPrivateKey: certs.client.key,
		});
		const error = await caught(run({ url: '/client-cert' }));
		expect(error.message).toBe('The API answered HTTP 403; the request was not sent again');
		expect(error.description).toMatch(
			/^\{"error":"certificate not allowed","certificate":"-----BEGIN CERTIFICATE-----\\n\[redacted\]\\n/,
		);
		// the front checked the token with a GET /me before it answered
		expect(saw(w)).toEqual(['POST /login → 200', 'GET /me → 200']);
		const lines = [certs.client.cert, certs.client.key]
			.flatMap((pem) => pem.split('\n'))
			.filter((line) => line.length >= 16 && !line.startsWith('-----'));
		expect(lines.length).toBeGreaterThan(4);
		expectNoSecrets(w, shown(error), lines);
	});
});

describe('defect 8: bounds on what a login answer can do', () => {
	it('a login answer that trickles in 2 bytes every 2 s fails after 30 s in all: 1 attempt', async () => {
		const w = await start({ loginMisbehaviour: 'trickle' });
		const started = Date.now();
		const error = await caught(run({ url: '/me' }, items(3), false));
		const elapsed = Date.now() - started;
		expect(error.message).toBe(
			`Login failed: the login request to 127.0.0.1:${w.api.port} did not finish within 30 s, the limit for a whole login (the answer never came, or kept trickling in); it may have reached the server`,
		);
		expect(elapsed).toBeGreaterThanOrEqual(29_500);
		expect(elapsed).toBeLessThan(40_000);
		expect(saw(w)).toEqual(['POST /login → 200']);
		expectNoSecrets(w, shown(error));
	}, 90_000);

	it('a 10 MB key in a login answer: an error of a few hundred characters', async () => {
		const key = 'k'.repeat(10 * 1024 * 1024);
		const w = await start({ loginAnswer: { body: `{"${key}":1}` } });
		const error = await caught(run({ url: '/me' }));
		expect(error.message.length).toBeLessThan(2000);
		expect(error.message).toBe(
			'Token Path: not found in the login response (the path stops after (top level), which has keys: (a key of 10485760 characters))',
		);
		expect((error.description ?? '').length).toBeLessThan(2000);
		expect(saw(w)).toEqual(['POST /login → 200']);
	});
});

/** Directus: the login answers `{"data":{"access_token":"<JWT>","expires":<ms>,"refresh_token":"…"}}`. */
const directus = (seconds: number) => ({
	tokenFormat: 'jwt' as const,
	sessionLifetime: seconds,
	loginAnswer: {
		body: `{"data":{"access_token":"{token}","expires":${seconds * 1000},"refresh_token":"directus-refresh-0123456789"}}`,
	},
});
const DIRECTUS_CREDENTIAL = { sessionPath: 'data.access_token', expiresInPath: 'data.expires' };
const lifetimeOf = (data: IDataObject) =>
	(Date.parse(String(data.sessionExpiresAt)) - Date.parse(String(data.sessionObtainedAt))) / 1000;

describe('defect 5: Directus answers its expiry in milliseconds', () => {
	it('with Expires-In Unit milliseconds, 10 calls spread across the real expiry (2 s): 0 rejected', async () => {
		const w = await start(directus(2), { ...DIRECTUS_CREDENTIAL, expiresInUnit: 'milliseconds' });
		for (let call = 0; call < 10; call++) {
			if (call > 0) await sleep(250);
			expect(jsonOf(await run({ url: '/me' }))).toEqual([{ id: 1, username: 'alice' }]);
			expect(lifetimeOf(w.n8n.store.get(w.credentialId).data)).toBe(2);
		}
		const counters = w.api.counters();
		expect(counters).toMatchObject({
			acceptedCalls: 10,
			rejectedCalls: 0,
			unauthenticatedCalls: 0,
		});
		// the calls span more than one token lifetime, each token refreshed before it ran out
		expect(counters.logins).toBeGreaterThanOrEqual(2);
		expect(w.n8n.store.get(w.credentialId).data.sessionExpiryWarning).toBe('');
	});

	it('with Expires-In Unit seconds (wrong), the JWT exp wins and Token Status warns', async () => {
		const w = await start(directus(20), DIRECTUS_CREDENTIAL);
		const [report] = jsonOf(
			await w.n8n.runNode(new TokenStatus(), {
				parameters: { operation: 'refresh' },
				credentialId: w.credentialId,
			}),
		);
		const data = w.n8n.store.get(w.credentialId).data;
		// the JWT's exp is in whole seconds: 19 or 20 s after the login
		const fromJwt = Math.round(lifetimeOf(data));
		expect([19, 20]).toContain(fromJwt);
		const warning = `Expires-In Path says the token lives 20000 s (Expires-In Unit is seconds), but the token's own JWT exp says ${fromJwt} s: the JWT exp is used. Check the unit, or choose Expiry Source: JWT Exp Claim.`;
		expect(data.sessionExpiryWarning).toBe(warning);
		expect(report).toMatchObject({ hasToken: true, isFresh: true, refreshed: true, warning });
		expect(saw(w)).toEqual(['POST /login → 200']);
	});
});

describe('defect 7: messages that name the right host', () => {
	it('a closed proxy port: the proxy refused the connection, nothing was sent', async () => {
		const w = await start();
		const port = await closedPort();
		const error = await caught(run({ url: '/me', options: { proxy: `http://127.0.0.1:${port}` } }));
		expect(error.message).toBe(
			`The proxy 127.0.0.1:${port} (Options > Proxy) refused the connection (nothing was sent); it was not sent again`,
		);
		expect(saw(w)).toEqual(['POST /login → 200']);
	});

	it('a TLS failure on a redirect to another host names that host, not the credential’s TLS fields', async () => {
		const certs = makeTestCertificates();
		let handshakes = 0;
		const tlsServer = https.createServer(certs.selfSigned, (_req, res) => res.end('{}'));
		tlsServer.on('secureConnection', () => handshakes++);
		const tlsPort = await listen(tlsServer, 0);
		later({ close: async () => await closeServer(tlsServer) });
		const w = await start();
		const to = `https://127.0.0.1:${tlsPort}/landing`;
		const error = await caught(run({ url: `/redirect?to=${encodeURIComponent(to)}` }));
		expect(error.message).toBe(
			`The request to 127.0.0.1:${tlsPort}, where a redirect led, failed: the TLS connection to that host failed (DEPTH_ZERO_SELF_SIGNED_CERT). The credential's TLS settings (its CA and client certificates, Ignore SSL Issues) apply to the Base URL's host only; another host is checked against the public CAs (nothing was sent there); it was not sent again`,
		);
		expect(error.message).not.toContain('Paste');
		expect(handshakes).toBe(0);
		expect(saw(w)).toEqual(['POST /login → 200', 'GET /redirect → 302']);
	});
});

describe('defect 7: Next URLs of Response Contains Next URL', () => {
	it('a relative Next URL (/pages?…&page=2) fetches every page', async () => {
		const { w, front } = await startWithFront();
		const output = jsonOf(await run(paginated('/pages?next=relative', byNextUrl)));
		expect(output.map((page) => page.page)).toEqual([1, 2, 3]);
		expect(output.flatMap((page) => page.items as IDataObject[])).toEqual(
			Array.from({ length: 25 }, (_, i) => ({ id: i + 1 })),
		);
		expect(output[0].nextUrl).toBe('/pages?next=relative&page=2');
		expect(front.pagesServed()).toEqual(['page=1', 'page=2', 'page=3']);
		expect(w.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 3, rejectedCalls: 0 });
	});

	it('a Next URL with user:password@ on the API’s origin is refused: nothing with Basic auth is sent', async () => {
		const { w, front } = await startWithFront();
		const error = await caught(
			run(
				paginated('/pages', {
					...byNextUrl,
					nextURL: '={{ $response.body.nextUrl.replace("http://", "http://bob:url-Secret-99@") }}',
				}),
			),
		);
		expect(error.message).toBe(
			'Refusing a URL with user:password@ in it: the HTTP client would send them as an Authorization header beside the token. Nothing was sent',
		);
		expect(front.pagesServed()).toEqual(['page=1']);
		expect(w.api.requests().map((r) => `${r.method} ${r.path} ${r.hadToken}`)).toEqual([
			'POST /login false',
			'GET /me true',
		]);
		expectNoSecrets(w, shown(error), ['url-Secret-99']);
	});
});

describe('defect 6: Headers for Every Call go to the Base URL’s origin only', () => {
	it('not to a login server on another host (Extra Login Headers do)', async () => {
		const w = await start();
		const loginServer: CaptureServer = later(await startCaptureServer());
		w.n8n.addCredential({
			baseUrl: w.api.url,
			username: USERNAME,
			password: PASSWORD,
			loginUrl: `${loginServer.url}/login`,
			apiHeaders: '{"X-Parse-Application-Id":"myParseApp"}',
			loginHeaders: '{"X-Login-Client":"n8n"}',
		});
		const error = await caught(run({ url: '/me' }));
		expect(error.message).toBe(
			'Token Path: not found in the login response (the path stops after (top level), which has keys: ok)',
		);
		const [login] = loginServer.requests();
		expect(loginServer.requests()).toHaveLength(1);
		expect(login.headers['x-login-client']).toBe('n8n');
		expect(Object.keys(login.headers)).not.toContain('x-parse-application-id');
		expect(saw(w)).toEqual([]);
	});
});
