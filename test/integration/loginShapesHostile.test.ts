/**
 * The login shapes of issue 15 against hostile answers, through n8n-core's real request path and a
 * provider scripted request by request: logout never sends another login's token, the TOTP secret
 * and the pre-login step's values are secrets, a token used as a key in a post-login answer stays
 * hidden, an unusable answer is one login per execution, a capture a header cannot carry is refused,
 * and an HTML pattern searches a bounded part of the page.
 */
import type { IDataObject } from 'n8n-workflow';

import { TokenHttpRequest } from '../../nodes/TokenHttpRequest/TokenHttpRequest.node';
import { TokenStatus } from '../../nodes/TokenStatus/TokenStatus.node';
import { MAX_HTML_SEARCHED } from '../../shared/engine/steps';
import {
	startCaptureServer,
	type AnswerScript,
	type CaptureServer,
	type ScriptedAnswer,
} from '../support/mock/captureServer';
import { N8nHarness } from '../support/n8nHarness';
import { newProcess } from '../support/processLogins';
import { caught, items, jsonOf, PASSWORD, visible } from './setup';

const TOTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const TOKEN = 'tok-0123456789abcdef0123';

let api: CaptureServer;
afterEach(async () => await api?.close());

async function provider(script: AnswerScript): Promise<void> {
	api = await startCaptureServer(script);
}

const login = (token = TOKEN): ScriptedAnswer => ({
	body: { access_token: token, expires_in: 3600 },
});

function harness(credential: IDataObject): { n8n: N8nHarness; id: string } {
	newProcess();
	const n8n = new N8nHarness();
	return {
		n8n,
		id: n8n.addCredential({
			baseUrl: api.url,
			username: 'alice',
			password: PASSWORD,
			advancedSettings: true,
			...credential,
		}),
	};
}

async function run(
	h: { n8n: N8nHarness; id: string },
	count = 1,
	options: { batchSize?: number; continueOnFail?: boolean } = {},
) {
	return await h.n8n.runNode(new TokenHttpRequest(), {
		parameters: {
			url: '/me',
			options: { batching: { batch: { batchSize: options.batchSize ?? 50 } } },
		},
		credentialId: h.id,
		items: items(count),
		continueOnFail: options.continueOnFail,
	});
}

async function logOut(h: { n8n: N8nHarness; id: string }) {
	return await h.n8n.runNode(new TokenStatus(), {
		parameters: { operation: 'logOut' },
		credentialId: h.id,
	});
}

const csrfPortal = (extra: IDataObject = {}): IDataObject => ({
	usePreLogin: true,
	preLoginUrl: '/portal',
	captureFrom: 'json',
	captureName: 'csrf',
	captureSendAs: 'header',
	captureSendName: 'X-CSRF-Token',
	...extra,
});

describe('Log Out sends a token only to the login that produced it', () => {
	const otherLogin = {
		sessionToken: 'old-origin-access-token-0123456789',
		sessionRefreshToken: 'old-origin-refresh-token-0123456789',
		sessionExpiresAt: new Date(Date.now() + 3600_000).toISOString(),
		sessionObtainedAt: new Date().toISOString(),
		sessionScope: 'https://old-api.example.com https://old-api.example.com/login alice',
	};

	it.each([
		['call', {}],
		['refreshJson', { useRefresh: true }],
	])(
		'Logout Sends %s, the Base URL changed since the token was obtained: nothing is sent, the token is cleared',
		async (logoutSend, extra) => {
			await provider((req) => (req.path === '/logout' ? { status: 204, body: '' } : undefined));
			const h = harness({ logoutUrl: '/logout', logoutSend, ...extra, ...otherLogin });
			const [report] = jsonOf(await logOut(h));
			expect(api.requests()).toEqual([]);
			expect(report).toMatchObject({
				providerConfirmed: false,
				note: 'The stored token belongs to another login (the credential was changed since it was obtained): nothing was sent; the stored token was cleared',
			});
			expect(h.n8n.store.get(h.id).data.sessionToken).toBe('');
		},
	);

	it('Logout Sends a refresh token, none stored: the note says which token is missing', async () => {
		await provider((req) => (req.path === '/login' ? login() : { body: { ok: true } }));
		const h = harness({ logoutUrl: '/logout', logoutSend: 'refreshJson', useRefresh: true });
		await run(h);
		const [report] = jsonOf(await logOut(h));
		expect(api.lines()).toEqual(['POST /login', 'GET /me']);
		expect(report.note).toBe(
			'No refresh token is stored, and Logout Sends wants one: nothing was sent; the stored token was cleared',
		);
	});

	it('a logout answered with a redirect to the login page counts as confirmed', async () => {
		await provider((req) =>
			req.path === '/login'
				? login()
				: req.path === '/logout'
					? { status: 302, headers: { Location: '/login' }, body: '' }
					: { body: { ok: true } },
		);
		const h = harness({ logoutUrl: '/logout' });
		await run(h);
		const [report] = jsonOf(await logOut(h));
		expect(api.lines()).toEqual(['POST /login', 'GET /me', 'POST /logout']);
		expect(report).toMatchObject({
			providerConfirmed: true,
			note: 'The provider ended the session (HTTP 302); the stored token was cleared',
		});
	});
});

describe('the TOTP secret is a secret', () => {
	it('a login refusal quoting it does not show it', async () => {
		await provider((req) =>
			req.path === '/login'
				? { status: 401, body: { error: `otp does not match secret ${TOTP_SECRET}` } }
				: undefined,
		);
		const error = await caught(run(harness({ useTotp: true, totpSecret: TOTP_SECRET })));
		expect(error.message).toMatch(
			/^Login refused: POST http:\/\/127\.0\.0\.1:\d+\/login answered HTTP 401 with "otp does not match secret \[redacted\]"/,
		);
		expect(visible(error)).not.toContain(TOTP_SECRET);
	});

	it('an API answer echoing it, as typed in lower case with spaces or as base32: [redacted] in the output', async () => {
		const typed = 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq';
		await provider((req) =>
			req.path === '/login'
				? login()
				: { body: { id: 1, tfa_secret: TOTP_SECRET, as_typed: typed } },
		);
		const [out] = jsonOf(await run(harness({ useTotp: true, totpSecret: typed })));
		expect(out).toEqual({ id: 1, tfa_secret: '[redacted]', as_typed: '[redacted]' });
	});
});

describe("the pre-login step's cookies and captured value are secrets", () => {
	const SID = 'pre-login-session-cookie-0123456789';
	const CSRF = 'csrf-value-abcdef0123456789';

	it.each([
		['one cookie', [`sid=${SID}; Path=/`]],
		['one of two cookies', [`sid=${SID}; Path=/`, 'theme=dark']],
	])('a login refusal quoting the session cookie (%s) does not show it', async (_, cookies) => {
		await provider((req) => {
			if (req.path === '/portal') return { headers: { 'Set-Cookie': cookies } };
			if (req.path === '/login')
				return { status: 403, body: { error: `session ${SID} has no CSRF grant` } };
			return undefined;
		});
		const error = await caught(run(harness({ usePreLogin: true, preLoginUrl: '/portal' })));
		expect(api.requests()[1].headers.cookie).toBe(cookies.map((c) => c.split(';')[0]).join('; '));
		expect(error.message).toMatch(
			/answered HTTP 403 with "session \[redacted\] has no CSRF grant"/,
		);
		expect(visible(error)).not.toContain(SID);
	});

	it('an API answer echoing the captured value or the session cookie: [redacted]; a short cookie value stays', async () => {
		await provider((req) => {
			if (req.path === '/portal')
				return { headers: { 'Set-Cookie': [`sid=${SID}`, 'theme=dark'] }, body: { csrf: CSRF } };
			if (req.path === '/login') return login();
			return { body: { lastCsrf: CSRF, session: SID, theme: 'dark' } };
		});
		const [out] = jsonOf(await run(harness(csrfPortal())));
		expect(api.requests()[1].headers['x-csrf-token']).toBe(CSRF);
		expect(out).toEqual({ lastCsrf: '[redacted]', session: '[redacted]', theme: 'dark' });
	});
});

describe("a post-login answer never shows the login's token", () => {
	const SHORT = 'sess-a1b2c3d4e5f6a7b8c9d0'; // short enough to be listed whole as a key

	it('without the Post-Login Token Path, keyed by the token: the key is not listed', async () => {
		await provider((req) =>
			req.path === '/login' ? login(SHORT) : { body: { [SHORT]: { tenant: 'acme' } } },
		);
		const h = harness({
			usePostLogin: true,
			postLoginUrl: '/tenants/select',
			postLoginPath: 'data.token',
		});
		const error = await caught(run(h));
		expect(error.message).toMatch(
			/^Post-Login Token Path: not found in the post-login response .*keys: \[redacted\]/,
		);
		expect(visible(error)).not.toContain(SHORT);
	});

	it('a post-login 500 keyed by the token: the error details list no token', async () => {
		await provider((req) =>
			req.path === '/login'
				? login(SHORT)
				: { status: 500, body: { [SHORT]: 'tenant service down' } },
		);
		const h = harness({ usePostLogin: true, postLoginUrl: '/tenants/select' });
		const error = await caught(run(h));
		expect(error.message).toMatch(/^Post-login step failed: POST .* answered HTTP 500/);
		expect(error.description).toBe(
			'Content type application/json; the response had keys: [redacted].',
		);
		expect(visible(error)).not.toContain(SHORT);
	});
});

describe('an answer that cannot be used ends the logins of the execution', () => {
	it('a post-login answer without the token, 5 items in batches of 1: 1 login, the same error for each item', async () => {
		await provider((req) => (req.path === '/login' ? login() : { body: { ok: true } }));
		const h = harness({
			usePostLogin: true,
			postLoginUrl: '/tenants/select',
			postLoginPath: 'data.token',
		});
		const [out] = await run(h, 5, { batchSize: 1, continueOnFail: true });
		expect(api.lines()).toEqual(['POST /login', 'POST /tenants/select']);
		const messages = out.map((item) => item.json.error);
		expect(new Set(messages).size).toBe(1);
		expect(String(messages[0])).toMatch(
			/^Post-Login Token Path: not found in the post-login response/,
		);
	});

	it('a login answered 200 without the token, 5 items in batches of 1: 1 login', async () => {
		await provider((req) => (req.path === '/login' ? { body: { ok: true } } : undefined));
		const [out] = await run(harness({}), 5, { batchSize: 1, continueOnFail: true });
		expect(api.lines()).toEqual(['POST /login']);
		expect(out.map((item) => String(item.json.error).split(':')[0])).toEqual(
			Array.from({ length: 5 }, () => 'Token Path'),
		);
	});
});

describe('a captured value a header cannot carry', () => {
	it.each([
		['a line break', 'abc\r\nX-Injected: 1', 'a line break (CR or LF)'],
		[
			'a non-Latin-1 character',
			'tok€n-0123456789',
			'a character outside Latin-1 (such as an emoji or a CJK letter)',
		],
	])('with %s: refused before the login, once for 5 items', async (_, value, reason) => {
		await provider((req) =>
			req.path === '/portal'
				? { body: { csrf: value } }
				: req.path === '/login'
					? login()
					: { body: {} },
		);
		const [out] = await run(harness(csrfPortal()), 5, { batchSize: 1, continueOnFail: true });
		expect(api.lines()).toEqual(['GET /portal']);
		expect(out.map((item) => item.json.error)).toEqual(
			Array.from(
				{ length: 5 },
				() =>
					`Capture Name, Path or Pattern: the pre-login answer (GET ${api.url}/portal, HTTP 200) holds a value with ${reason}, which a header cannot carry: choose Send Captured Value As: Body Field or Query Parameter, or capture another value`,
			),
		);
	});

	it('sent as a body field, a value with a line break goes through as is', async () => {
		await provider((req) =>
			req.path === '/portal'
				? { body: { csrf: 'a\nb-0123' } }
				: req.path === '/login'
					? login()
					: { body: {} },
		);
		await run(harness(csrfPortal({ captureSendAs: 'body', captureSendName: 'csrf' })));
		expect(JSON.parse(api.requests()[1].body)).toMatchObject({ csrf: 'a\nb-0123' });
	});
});

describe('an HTML capture searches a bounded part of the page', () => {
	it('a greedy pattern over a 0.6 MB one-line page that lacks the value: the first 256 KB, said so', async () => {
		const inputs = Array.from(
			{ length: 12_000 },
			(_, i) => `<input type="hidden" name="f${i}" value="v${i}">`,
		).join('');
		const page = `<html><body><form>${inputs}</form></body></html>`;
		expect(page.length).toBeGreaterThan(2 * MAX_HTML_SEARCHED);
		await provider((req) =>
			req.path === '/portal' ? { headers: { 'Content-Type': 'text/html' }, body: page } : login(),
		);
		const h = harness(
			csrfPortal({
				captureFrom: 'html',
				captureName: 'value="(.*)" name="csrf"',
				captureSendAs: 'body',
			}),
		);
		const error = await caught(run(h));
		expect(error.message).toBe(
			`Capture Name, Path or Pattern: the pre-login answer (GET ${api.url}/portal, HTTP 200) holds no such value in its first 256 KB (the pattern searches no further) (cookies set: none; content type text/html)`,
		);
		expect(api.lines()).toEqual(['GET /portal']);
	});

	it('a value inside the first 256 KB of a big page is found', async () => {
		const page = `<form><input name="csrf" value="csrf-in-front-0123"></form>${'x'.repeat(600_000)}`;
		await provider((req) =>
			req.path === '/portal'
				? { headers: { 'Content-Type': 'text/html' }, body: page }
				: req.path === '/login'
					? login()
					: { body: {} },
		);
		const h = harness(
			csrfPortal({
				captureFrom: 'html',
				captureName: 'name="csrf" value="([^"]+)"',
				captureSendAs: 'body',
				captureSendName: 'csrf',
			}),
		);
		await run(h);
		expect(JSON.parse(api.requests()[1].body)).toMatchObject({ csrf: 'csrf-in-front-0123' });
	});
});
