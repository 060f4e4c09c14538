/** The mock token API's calls: how a token is accepted, the endpoints, the counters, the capture server. */
import { startCaptureServer } from './captureServer';
import type { MockTokenApiOptions } from './tokenApi';
import {
	bearer,
	closeAll,
	closeLater,
	json,
	loginJson,
	loginToken,
	PASS,
	start,
} from './tokenApiClient';

afterEach(closeAll);

describe('accepting the token', () => {
	it('bearer (default), and no token at all', async () => {
		const api = await start();
		const token = await loginToken(api);
		expect((await fetch(`${api.url}/accounts`, { headers: bearer(token) })).status).toBe(200);
		const none = await fetch(`${api.url}/accounts`);
		expect(none.status).toBe(401);
		expect(api.counters()).toMatchObject({
			acceptedCalls: 1,
			unauthenticatedCalls: 1,
			rejectedCalls: 0,
		});
	});

	it('custom header with a prefix', async () => {
		const api = await start({
			sendSessionAs: 'header',
			sendSessionName: 'Authorization',
			sendSessionPrefix: 'Token ',
		});
		const token = await loginToken(api);
		expect(
			(await fetch(`${api.url}/me`, { headers: { authorization: `Token ${token}` } })).status,
		).toBe(200);
		// The right token without the prefix, or as a Bearer, is refused.
		expect((await fetch(`${api.url}/me`, { headers: { authorization: token } })).status).toBe(401);
		expect((await fetch(`${api.url}/me`, { headers: bearer(token) })).status).toBe(401);
		expect(api.counters().rejectedCalls).toBe(2);
	});

	it('default header name X-Auth-Token', async () => {
		const api = await start({ sendSessionAs: 'header' });
		const token = await loginToken(api);
		const res = await fetch(`${api.url}/echo`, {
			headers: { 'x-auth-token': token, 'x-other': '1' },
		});
		const echoed = await json(res);
		expect(echoed.headerNames).toContain('x-other');
		expect(echoed.headerNames).not.toContain('x-auth-token');
		expect(JSON.stringify(echoed)).not.toContain(token);
	});

	it('query parameter, stripped from the echo', async () => {
		const api = await start({ sendSessionAs: 'query' });
		const token = await loginToken(api);
		const res = await fetch(`${api.url}/echo?a=1&token=${token}&a=2`);
		expect(res.status).toBe(200);
		const echoed = await json(res);
		expect(echoed.query).toEqual({ a: ['1', '2'] });
		expect(JSON.stringify(echoed)).not.toContain(token);
		expect(JSON.stringify(api.requests())).not.toContain(token);
	});

	it('cookie with a custom name', async () => {
		const api = await start({ sendSessionAs: 'cookie', sendSessionName: 'sid' });
		const token = await loginToken(api);
		expect(
			(await fetch(`${api.url}/me`, { headers: { cookie: `a=b; sid=${token}` } })).status,
		).toBe(200);
		expect(
			(await fetch(`${api.url}/me`, { headers: { cookie: `SESSIONID=${token}` } })).status,
		).toBe(401);
	});
});

describe('API endpoints', () => {
	it('keys a session by its token, lists header names, copies the query onto a redirect', async () => {
		const api = await start({ sendSessionAs: 'query' });
		const token = await loginToken(api);
		expect(await json(await fetch(`${api.url}/session/keyed?token=${token}`))).toEqual({
			sessions: { [token]: { user: 'alice' } },
		});
		const names = await json(
			await fetch(`${api.url}/header-names?token=${token}`, {
				headers: { 'x-b': '1', 'x-a': '2' },
			}),
		);
		expect(names.names).toEqual(expect.arrayContaining(['x-a', 'x-b']));
		expect(names.names).toEqual([...names.names].sort());
		const to = encodeURIComponent('http://elsewhere.invalid/land?x=1');
		const copied = await fetch(`${api.url}/redirect?to=${to}&copyQuery=1&token=${token}&y=2`, {
			redirect: 'manual',
		});
		expect(copied.status).toBe(302);
		expect(copied.headers.get('location')).toBe(
			`http://elsewhere.invalid/land?x=1&token=${token}&y=2`,
		);
		const plain = await fetch(`${api.url}/redirect?to=${to}&token=${token}`, {
			redirect: 'manual',
		});
		expect(plain.headers.get('location')).toBe('http://elsewhere.invalid/land?x=1');
	});

	it('serves items, echo, text, binary, slow, redirect and 404', async () => {
		const api = await start();
		const auth = bearer(await loginToken(api));

		expect(await json(await fetch(`${api.url}/items/7`, { headers: auth }))).toEqual({
			id: 7,
			name: 'Item 7',
		});

		const echoJson = await json(
			await fetch(`${api.url}/echo?x=1`, {
				method: 'PATCH',
				headers: { ...auth, 'content-type': 'application/json' },
				body: JSON.stringify({ a: 1 }),
			}),
		);
		expect(echoJson).toMatchObject({
			method: 'PATCH',
			path: '/echo',
			query: { x: '1' },
			body: { a: 1 },
			contentType: 'application/json',
		});
		expect(echoJson.headerNames).not.toContain('authorization');

		const echoForm = await json(
			await fetch(`${api.url}/echo`, {
				method: 'POST',
				headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
				body: 'a=1&b=two',
			}),
		);
		expect(echoForm.body).toEqual({ a: '1', b: 'two' });
		const echoRaw = await json(
			await fetch(`${api.url}/echo`, {
				method: 'PUT',
				headers: { ...auth, 'content-type': 'text/plain' },
				body: 'raw!',
			}),
		);
		expect(echoRaw.body).toBe('raw!');
		expect(
			(await json(await fetch(`${api.url}/echo`, { method: 'DELETE', headers: auth }))).body,
		).toBeNull();

		const text = await fetch(`${api.url}/text`, { headers: auth });
		expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(await text.text()).toBe('hello');

		const binary = await fetch(`${api.url}/binary`, { headers: auth });
		expect(binary.headers.get('content-type')).toBe('application/octet-stream');
		expect([...new Uint8Array(await binary.arrayBuffer())]).toEqual([...Array(16).keys()]);

		const t0 = Date.now();
		expect(await json(await fetch(`${api.url}/slow?ms=150`, { headers: auth }))).toEqual({
			ok: true,
		});
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);

		const hop = await fetch(
			`${api.url}/redirect?to=${encodeURIComponent('http://example.invalid/x')}&status=307`,
			{
				headers: auth,
				redirect: 'manual',
			},
		);
		expect(hop.status).toBe(307);
		expect(hop.headers.get('location')).toBe('http://example.invalid/x');
		// The redirect endpoint checks the token like any other.
		expect((await fetch(`${api.url}/redirect?to=/me`, { redirect: 'manual' })).status).toBe(401);

		const missing = await fetch(`${api.url}/nope`, { headers: auth });
		expect(missing.status).toBe(404);
		expect(await json(missing)).toEqual({ error: 'not_found' });
		expect((await fetch(`${api.url}/nope`)).status).toBe(401); // token check comes first
	});

	it('counts payments as side effects, even when they then fail', async () => {
		const api = await start();
		const headers = { ...bearer(await loginToken(api)), 'content-type': 'application/json' };
		const ok = await fetch(`${api.url}/payments`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ amount: 12.5 }),
		});
		expect(ok.status).toBe(201);
		expect(await json(ok)).toEqual({ id: 'pay-1', amount: 12.5 });
		const failed = await fetch(`${api.url}/payments?fail=500`, {
			method: 'POST',
			headers,
			body: '{"amount":1}',
		});
		expect(failed.status).toBe(500);
		expect(await json(failed)).toEqual({ error: 'upstream failure' });
		expect(api.counters().sideEffects).toBe(2);
		api.revokeAll();
		expect(
			(await fetch(`${api.url}/payments`, { method: 'POST', headers, body: '{}' })).status,
		).toBe(401);
		expect(api.counters().sideEffects).toBe(2);
	});

	it('logs requests without admin calls', async () => {
		const api = await start();
		const token = await loginToken(api);
		await fetch(`${api.url}/me`, { headers: bearer(token) });
		await fetch(`${api.url}/me`);
		await fetch(`${api.url}/__mock/counters`);
		const log = api.requests().map(({ method, path, hadToken, tokenValid, status }) => ({
			method,
			path,
			hadToken,
			tokenValid,
			status,
		}));
		expect(log).toEqual([
			{ method: 'POST', path: '/login', hadToken: false, tokenValid: false, status: 200 },
			{ method: 'GET', path: '/me', hadToken: true, tokenValid: true, status: 200 },
			{ method: 'GET', path: '/me', hadToken: false, tokenValid: false, status: 401 },
		]);
		expect(api.counters().requests).toBe(3);
	});
});

describe('counters endpoint and test controls', () => {
	it('shows the counters over HTTP; configure, revoke, expire and reset take effect at once', async () => {
		const api = await start();
		const counters = async () => await json(await fetch(`${api.url}/__mock/counters`));

		const token = await loginToken(api);
		expect(await counters()).toMatchObject({ logins: 1, requests: 1, issuedTokens: [token] });

		api.configure({ refreshOnStatus: 419, username: 'bob' });
		expect(api.options.refreshOnStatus).toBe(419);
		expect(() => api.configure({ nonsense: 1 } as MockTokenApiOptions)).toThrow(/nonsense/);

		expect((await fetch(`${api.url}/me`, { headers: bearer(token) })).status).toBe(200);
		api.revokeAll();
		expect((await fetch(`${api.url}/me`, { headers: bearer(token) })).status).toBe(419);

		const fresh = await json(await loginJson(api, { username: 'bob', password: PASS }));
		api.expireAll();
		expect((await fetch(`${api.url}/me`, { headers: bearer(fresh.access_token) })).status).toBe(
			419,
		);

		api.reset();
		const after = await counters();
		expect(after).toMatchObject({ logins: 0, requests: 0, rejectedCalls: 0, liveTokens: [] });
		expect(after.issuedTokens).toHaveLength(2);
		expect(api.requests()).toEqual([]);
	});
});

describe('capture server', () => {
	it('records method, path, headers and the raw URL', async () => {
		const capture = await startCaptureServer();
		closeLater(capture);
		const res = await fetch(`${capture.url}/some/path?q=1`, {
			method: 'POST',
			headers: { authorization: 'Bearer secret', 'content-type': 'text/plain' },
			body: 'hi',
		});
		expect(await json(res)).toEqual({ ok: true });
		const [seen] = capture.requests();
		expect(seen).toMatchObject({
			method: 'POST',
			path: '/some/path',
			rawUrl: '/some/path?q=1',
			body: 'hi',
		});
		expect(seen?.headers.authorization).toBe('Bearer secret');
		capture.clear();
		expect(capture.requests()).toEqual([]);
	});
});
