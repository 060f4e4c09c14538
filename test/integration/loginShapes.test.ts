/**
 * Issue 15 through n8n-core's real request path: the refresh token (used first, rotated, refused →
 * the password), logout, a CSRF portal (a login page first, its cookie and hidden field carried), a
 * post-login tenant switch, and a TOTP code, against test/support/mock/loginShapesApi.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { TokenHttpRequest } from '../../nodes/TokenHttpRequest/TokenHttpRequest.node';
import { TokenStatus } from '../../nodes/TokenStatus/TokenStatus.node';
import { startLoginShapesApi, type LoginShapesApi } from '../support/mock/loginShapesApi';
import { N8nHarness } from '../support/n8nHarness';
import { StockLikeRequest } from '../support/stockLikeRequest';
import { newProcess } from '../support/processLogins';
import { captureConsole, items, jsonOf, visible } from './setup';

const PASSWORD = 'correct-horse-battery';
const TOTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

let api: LoginShapesApi;
afterEach(async () => await api?.close());

/** The OAuth2-like login of loginShapesApi, with Use Refresh Token (OAuth2 form to the token URL). */
const oauth2 = (extra: IDataObject = {}): IDataObject => ({
	baseUrl: api.url,
	loginUrl: '/oauth/token',
	loginCredentialsIn: 'formBody',
	username: 'alice',
	password: PASSWORD,
	advancedSettings: true,
	loginBody: '{"grant_type": "password"}',
	useRefresh: true,
	...extra,
});

function harness(credential: IDataObject): { n8n: N8nHarness; id: string } {
	newProcess();
	const n8n = new N8nHarness();
	return { n8n, id: n8n.addCredential(credential) };
}

async function call(h: { n8n: N8nHarness; id: string }, count = 1) {
	return jsonOf(
		await h.n8n.runNode(new TokenHttpRequest(), {
			parameters: { url: '/me' },
			credentialId: h.id,
			items: items(count),
		}),
	);
}

async function status(h: { n8n: N8nHarness; id: string }, operation: string) {
	const [report] = jsonOf(
		await h.n8n.runNode(new TokenStatus(), { parameters: { operation }, credentialId: h.id }),
	);
	return report;
}

const stored = (h: { n8n: N8nHarness; id: string }) => h.n8n.store.get(h.id).data;

/** The CSRF portal of loginShapesApi: its login page first (the hidden field), then a tenant switch. */
const portal = (extra: IDataObject = {}): IDataObject => ({
	baseUrl: api.url,
	loginUrl: '/portal/session',
	username: 'alice',
	password: PASSWORD,
	advancedSettings: true,
	usePreLogin: true,
	preLoginUrl: '/portal/login',
	captureFrom: 'html',
	captureName: 'name="csrf" value="([^"]+)"',
	captureSendAs: 'body',
	captureSendName: 'csrf',
	sessionPath: 'token',
	usePostLogin: true,
	postLoginUrl: '/tenants/select',
	postLoginBody: '{"tenant": "acme"}',
	postLoginPath: 'data.token',
	...extra,
});

describe('refresh token', () => {
	it('an expired token is renewed with the refresh token, not the password: 1 refresh, 0 logins; the rotated one is stored', async () => {
		api = await startLoginShapesApi({ accessLifetime: 3600 });
		const h = harness(oauth2());
		await call(h);
		const first = stored(h).sessionRefreshToken;
		expect(first).toMatch(/^rt_/);
		h.n8n.store.put(h.id, 'Bank API', {
			...stored(h),
			sessionExpiresAt: new Date(Date.now() - 1000).toISOString(),
		});
		api.reset();
		expect(await call(h, 3)).toEqual(items(3, () => ({ id: 1, username: 'alice' })));
		expect(api.counters()).toMatchObject({
			logins: 0,
			refreshes: 1,
			refreshReuses: 0,
			rejectedCalls: 0,
		});
		expect(stored(h).sessionRefreshToken).not.toBe(first);
		expect(await status(h, 'getStatus')).toMatchObject({ lastRenewal: 'refresh', isFresh: true });
	});

	it('50 parallel items with an expired token: one refresh for all, the old refresh token never sent again', async () => {
		api = await startLoginShapesApi();
		const h = harness(oauth2());
		await call(h);
		for (let round = 0; round < 3; round++) {
			h.n8n.store.put(h.id, 'Bank API', {
				...stored(h),
				sessionExpiresAt: new Date(Date.now() - 1000).toISOString(),
			});
			newProcess(); // a new n8n process each round: nothing remembered but the stored credential
			expect(await call(h, 50)).toHaveLength(50);
		}
		expect(api.counters()).toMatchObject({
			logins: 1,
			refreshes: 3,
			refreshReuses: 0,
			refusedRefreshes: 0,
			rejectedCalls: 0,
		});
	});

	it('a refused refresh token (the provider ended the session) falls back to the password: 1 login, never the same refresh token twice', async () => {
		api = await startLoginShapesApi();
		const h = harness(oauth2());
		await call(h);
		api.revokeAll();
		api.reset();
		expect(await call(h, 5)).toHaveLength(5);
		// the 5 calls are refused together, one renewal serves them all: the refresh, then the password
		expect(api.seen()).toEqual([
			...Array.from({ length: 5 }, () => 'GET /me → 401'),
			'POST /oauth/token → 400',
			'POST /oauth/token → 200',
			...Array.from({ length: 5 }, () => 'GET /me → 200'),
		]);
		expect(api.counters()).toMatchObject({
			logins: 1,
			refreshes: 0,
			refusedRefreshes: 1,
			refreshReuses: 0,
		});
		expect(await status(h, 'getStatus')).toMatchObject({ lastRenewal: 'login' });
	});
});

describe('logout', () => {
	it('Log Out ends the session at the provider (RFC 7009 form) and clears the stored tokens; the next call logs in once', async () => {
		api = await startLoginShapesApi();
		const h = harness(oauth2({ logoutUrl: '/oauth/revoke', logoutSend: 'refreshForm' }));
		await call(h);
		const report = await status(h, 'logOut');
		expect(report).toMatchObject({
			loggedOut: true,
			providerConfirmed: true,
			hasToken: false,
			note: 'The provider ended the session (HTTP 200); the stored token was cleared',
		});
		expect(stored(h)).toMatchObject({ sessionToken: '', sessionRefreshToken: '' });
		api.reset();
		await call(h);
		expect(api.counters()).toMatchObject({ logins: 1, refreshes: 0, logouts: 0 });
	});

	it('a logout the provider refuses still clears the stored token, and says the provider did not confirm', async () => {
		api = await startLoginShapesApi();
		const h = harness(oauth2({ logoutUrl: '/oauth/revoke', logoutSend: 'refreshForm' }));
		await call(h);
		api.revokeAll(); // the provider no longer knows the refresh token
		const error = await h.n8n
			.runNode(new TokenStatus(), { parameters: { operation: 'logOut' }, credentialId: h.id })
			.catch((e: Error) => e);
		expect((error as Error).message).toBe(
			`The stored token was cleared, but the provider did not confirm the logout: Logout refused: POST ${api.url}/oauth/revoke answered HTTP 400 with "invalid_token". Check Advanced Settings > Logout URL.`,
		);
		expect(stored(h).sessionToken).toBe('');
	});

	it('without a Logout URL, Log Out only clears the stored token and says so', async () => {
		api = await startLoginShapesApi();
		const h = harness(oauth2());
		await call(h);
		api.reset();
		expect(await status(h, 'logOut')).toMatchObject({
			loggedOut: true,
			providerConfirmed: false,
			note: 'No Logout URL: the stored token was cleared',
		});
		expect(api.seen()).toEqual([]);
	});
});

describe('pre- and post-login steps', () => {
	it('a CSRF portal with a tenant switch: login page, login with its cookie and hidden field, tenant selection, then the API', async () => {
		api = await startLoginShapesApi();
		const h = harness(portal());
		expect(await call(h, 3)).toEqual(items(3, () => ({ id: 1, username: 'alice' })));
		expect(api.seen().slice(0, 3)).toEqual([
			'GET /portal/login → 200',
			'POST /portal/session → 200',
			'POST /tenants/select → 200',
		]);
		expect(api.counters()).toMatchObject({
			logins: 1,
			tenantSelections: 1,
			csrfRefusals: 0,
			acceptedCalls: 3,
		});
	});

	it('the cookie alone, sent back as the X-CSRF-Token header (the double-submit pattern), also passes', async () => {
		api = await startLoginShapesApi();
		const h = harness(
			portal({
				captureFrom: 'cookie',
				captureName: 'csrftoken',
				captureSendAs: 'header',
				captureSendName: 'X-CSRF-Token',
			}),
		);
		expect(await call(h)).toHaveLength(1);
		expect(api.counters()).toMatchObject({ logins: 1, csrfRefusals: 0 });
	});

	it('without the pre-login step the portal refuses the login: 1 attempt, its own words', async () => {
		api = await startLoginShapesApi();
		const h = harness(portal({ usePreLogin: false }));
		const error = await call(h).catch((e: Error) => e);
		expect((error as Error).message).toBe(
			`Login refused: POST ${api.url}/portal/session answered HTTP 403 with "CSRF check failed" (csrf). Check Username, Password and Send Credentials As (now: JSON Body).`,
		);
		expect(api.seen()).toEqual(['POST /portal/session → 403']);
	});

	it('a capture that finds nothing says what the page offered, by names only', async () => {
		api = await startLoginShapesApi();
		const h = harness(portal({ captureFrom: 'cookie', captureName: 'XSRF-TOKEN' }));
		const error = await call(h).catch((e: Error) => e);
		expect((error as Error).message).toBe(
			`Capture Name, Path or Pattern: the pre-login answer (GET ${api.url}/portal/login, HTTP 200) holds no such value (cookies set: csrftoken, theme; content type text/html)`,
		);
		expect(api.seen()).toEqual(['GET /portal/login → 200']);
	});

	it('a tenant the provider refuses: the post-login step is refused once, its text quoted', async () => {
		api = await startLoginShapesApi();
		const h = harness(portal({ postLoginBody: '{"tenant": "other"}' }));
		const error = await call(h).catch((e: Error) => e);
		expect((error as Error).message).toBe(
			`Post-login step refused: POST ${api.url}/tenants/select answered HTTP 403 with "unknown tenant". Check Advanced Settings > Post-Login URL, Advanced Settings > Post-Login Body and the user's rights there.`,
		);
		expect(api.seen()).toEqual([
			'GET /portal/login → 200',
			'POST /portal/session → 200',
			'POST /tenants/select → 403',
		]);
	});
});

describe('TOTP', () => {
	it('the right secret logs in; a wrong one is refused once, with the provider’s words and the field to check; no secret shows', async () => {
		api = await startLoginShapesApi({ totpSecret: TOTP_SECRET });
		const right = harness(oauth2({ useRefresh: false, useTotp: true, totpSecret: TOTP_SECRET }));
		expect(await call(right)).toHaveLength(1);
		expect(api.counters()).toMatchObject({ logins: 1, failedLogins: 0 });

		const console = captureConsole();
		const wrong = harness(
			oauth2({ useRefresh: false, useTotp: true, totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DP' }),
		);
		let error: unknown;
		try {
			await wrong.n8n.runNode(new TokenHttpRequest(), {
				parameters: { url: '/me' },
				credentialId: wrong.id,
				items: items(5),
				continueOnFail: true,
			});
		} catch (caught) {
			error = caught;
		} finally {
			console.restore();
		}
		expect(error).toBeUndefined();
		expect(api.counters()).toMatchObject({ logins: 1, failedLogins: 1 });
		const out = visible(error, console.text());
		for (const secret of [TOTP_SECRET, 'JBSWY3DPEHPK3PXPJBSWY3DP', PASSWORD])
			expect(out).not.toContain(secret);
	});

	it('the refusal message names the TOTP Secret and the clock', async () => {
		api = await startLoginShapesApi({ totpSecret: TOTP_SECRET });
		const wrong = harness(
			oauth2({ useRefresh: false, useTotp: true, totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DP' }),
		);
		const error = await call(wrong).catch((e: Error) => e);
		expect((error as Error).message).toBe(
			`Login refused: POST ${api.url}/oauth/token answered HTTP 400 with "Invalid one-time code" (invalid_grant). Check Username, Password, Advanced Settings > TOTP Secret (and the n8n server's clock), Username Field, Password Field and Advanced Settings > Extra Login Body.`,
		);
	});
});

describe("n8n's own HTTP Request node with these logins", () => {
	it('a CSRF portal with a tenant switch, then a refresh token: the stock node gets the same logins', async () => {
		api = await startLoginShapesApi();
		const h = harness(portal());

		const output = await h.n8n.runNode(new StockLikeRequest(), {
			parameters: {},
			credentialId: h.id,
			items: items(3, () => ({ uri: `${api.url}/me` })),
		});
		expect(jsonOf(output)).toEqual(items(3, () => ({ id: 1, username: 'alice' })));
		expect(api.counters()).toMatchObject({ logins: 1, tenantSelections: 1, csrfRefusals: 0 });
	});

	it('an expired token renewed with the refresh token through the stock node: 1 refresh, 0 logins', async () => {
		api = await startLoginShapesApi();
		const h = harness(oauth2());
		await call(h);
		// the stock node renews only after a 401: the provider forgets the access token, not the refresh token
		api.forgetAccessTokens();
		api.reset();
		const output = await h.n8n.runNode(new StockLikeRequest(), {
			parameters: {},
			credentialId: h.id,
			items: [{ uri: `${api.url}/me` }],
		});
		expect(jsonOf(output)).toEqual([{ id: 1, username: 'alice' }]);
		expect(api.counters()).toMatchObject({ logins: 0, refreshes: 1, refreshReuses: 0 });
	});
});
