/**
 * The package in a real n8n against real token servers nobody here wrote (issue 14, and Directus's
 * refresh, logout and TOTP for issue 15): Directus 12.4 (JWT access tokens whose lifetime comes in
 * milliseconds, refresh tokens that rotate), json-server-auth 2.1 on json-server 0.17 (a wrong
 * password answered 400 with a JSON string), Parse Server 9 on PostgreSQL (an application id on
 * every call, a wrong password answered 404, a session token echoed by /users/me, expired sessions
 * answered 400 {"code":209}). Each is installed from npm into the cache (dev/install-real-servers.sh)
 * and started on a free loopback port with temporary data, behind a counting front that records
 * every request, so logins and rejected calls are counted exactly.
 */
import { packPackage } from '../support/packPackage';
import { N8nInstance, type ExecuteResult } from '../support/realN8n';
import {
	msLeftInStep,
	startCountingFront,
	startDirectus,
	startJsonServerAuth,
	startParseServer,
	type CountingFront,
	type DirectusServer,
	type JsonServerAuthServer,
	type ParseServerInstance,
} from '../support/realServers';
import { itemsOf, manualChain, tokenRequest, tokenStatus } from '../support/workflows';

/** Every real server issues tokens that live this long (Directus ACCESS_TOKEN_TTL, json-server-auth's JWT, Parse sessionLength). */
const TTL_SECONDS = 10;
/** Batches 4 s apart: tokens fresh for 5 s (margin: half the lifetime) serve batches 1-2, then one login serves 3-4. */
const ACROSS_EXPIRY = { options: { batching: { batch: { batchSize: 1, batchInterval: 4000 } } } };
const ONE_AT_A_TIME = { options: { batching: { batch: { batchSize: 1 } } } };
const WRONG_PASSWORD = 'real-servers-WRONG-Pa55';

let n8n: N8nInstance;
let directus: DirectusServer;
let jsonAuth: JsonServerAuthServer;
let parse: ParseServerInstance;
const fronts: Record<'directus' | 'jsonAuth' | 'parse', CountingFront> = {} as never;
const outputs: string[] = [];

/** A server, its front, its credential fields and a path any user may read. */
interface Target {
	key: keyof typeof fronts;
	front: () => CountingFront;
	loginPath: string;
	readPath: string;
	credential: (password?: string) => Record<string, unknown>;
}

const targets: Target[] = [
	{
		key: 'directus',
		front: () => fronts.directus,
		loginPath: '/auth/login',
		readPath: '/users/me',
		credential: (password = directus.password) => ({
			baseUrl: fronts.directus.url,
			loginUrl: '/auth/login',
			usernameField: 'email',
			username: directus.email,
			password,
			sessionPath: 'data.access_token',
			testPath: '/users/me',
			advancedSettings: true,
			expirySource: 'expiresIn',
			expiresInPath: 'data.expires',
			expiresInUnit: 'milliseconds',
		}),
	},
	{
		key: 'jsonAuth',
		front: () => fronts.jsonAuth,
		loginPath: '/login',
		readPath: '/items',
		credential: (password = jsonAuth.password) => ({
			baseUrl: fronts.jsonAuth.url,
			loginUrl: '/login',
			usernameField: 'email',
			username: jsonAuth.email,
			password,
			sessionPath: 'accessToken',
			testPath: '/items',
		}),
	},
	{
		key: 'parse',
		front: () => fronts.parse,
		loginPath: '/login',
		readPath: '/users/me',
		credential: (password = parse.password) => ({
			baseUrl: fronts.parse.url,
			loginUrl: '/login',
			username: parse.username,
			password,
			sessionPath: 'sessionToken',
			sendSessionAs: 'header',
			sendSessionName: 'X-Parse-Session-Token',
			testPath: '/users/me',
			advancedSettings: true,
			apiHeaders: JSON.stringify({ 'X-Parse-Application-Id': parse.appId }),
			expiredBodyMatch: 'code=209',
			expirySource: 'fixed',
			sessionLifetime: TTL_SECONDS,
		}),
	},
];

const importCredential = async (id: string, data: Record<string, unknown>) =>
	await n8n.importCredentials([{ id, name: id, type: 'loginTokenApi', data }]);

async function execute(id: string): Promise<ExecuteResult> {
	const result = await n8n.execute(id);
	outputs.push(result.stdout, result.stderr);
	return result;
}

/** Requests the front saw to `path` (relative to the server's base path), by status. */
function seen(front: CountingFront, path: string): number[] {
	const base = new URL(front.url).pathname.replace(/\/$/, '');
	return front
		.requests()
		.filter((r) => r.pathname === `${base}${path}`)
		.map((r) => r.status);
}

/** API calls the server refused (4xx other than the login). */
const rejectedCalls = (target: Target) =>
	target
		.front()
		.rejected()
		.filter((r) => !r.pathname.endsWith(target.loginPath));

beforeAll(async () => {
	[directus, jsonAuth, parse] = await Promise.all([
		startDirectus({ accessTokenTtl: `${TTL_SECONDS}s` }),
		startJsonServerAuth({ tokenTtl: `${TTL_SECONDS}s` }),
		startParseServer({ sessionLength: TTL_SECONDS }),
	]);
	fronts.directus = await startCountingFront(directus.url, { loginPath: '/auth/login' });
	fronts.jsonAuth = await startCountingFront(jsonAuth.url, { loginPath: '/login' });
	fronts.parse = await startCountingFront(parse.url, { loginPath: '/login' });
	n8n = await N8nInstance.create({ packageTarball: packPackage() });
	for (const target of targets) {
		const cred = (suffix: string) => `real-${target.key}${suffix}`;
		await importCredential(cred(''), target.credential());
		await importCredential(cred('-wrong'), target.credential(WRONG_PASSWORD));
		await n8n.importWorkflows([
			manualChain(
				`wf-${target.key}-cold`,
				...itemsOf(10),
				tokenRequest(cred(''), { url: target.readPath }),
			),
			manualChain(
				`wf-${target.key}-expiry`,
				...itemsOf(4),
				tokenRequest(cred(''), { url: target.readPath, ...ACROSS_EXPIRY }),
			),
			manualChain(`wf-${target.key}-wrong`, ...itemsOf(5), {
				...tokenRequest(cred('-wrong'), { url: target.readPath, ...ONE_AT_A_TIME }),
				onError: 'continueRegularOutput',
			}),
		]);
	}
}, 20 * 60_000);

afterAll(async () => {
	await n8n?.cleanup();
	for (const front of Object.values(fronts)) await front?.close();
	await Promise.all([directus?.close(), jsonAuth?.close(), parse?.close()]);
});

describe.each(targets.map((t) => [t.key, t] as const))('%s', (_key, target) => {
	beforeEach(() => target.front().reset());

	it('cold start: 10 items, exactly 1 login, 0 rejected calls', async () => {
		const result = await execute(`wf-${target.key}-cold`);
		expect(result.nodeOutput('Call API')).toHaveLength(10);
		expect(seen(target.front(), target.loginPath)).toEqual([200]);
		expect(rejectedCalls(target)).toEqual([]);
	});

	it(`the token expires during the run (${TTL_SECONDS} s tokens, 4 batches 4 s apart): 2 logins, 0 rejected calls`, async () => {
		await importCredential(`real-${target.key}`, target.credential()); // no token stored
		const result = await execute(`wf-${target.key}-expiry`);
		expect(result.nodeError('Call API')).toBeUndefined();
		expect(seen(target.front(), target.loginPath)).toEqual([200, 200]);
		expect(rejectedCalls(target)).toEqual([]);
	});

	it('wrong password, batch size 1, Continue: exactly 1 login attempt, the same clear error for all 5 items', async () => {
		const result = await execute(`wf-${target.key}-wrong`);
		const errors = (result.nodeOutput('Call API') ?? []).map((item) => item.error);
		const refused = {
			directus: `Login refused: POST ${fronts.directus.url}/auth/login answered HTTP 401 with "Invalid user credentials.". Check Username, Password and Send Credentials As (now: JSON Body).`,
			jsonAuth: `Login refused: POST ${fronts.jsonAuth.url}/login answered HTTP 400 with "Incorrect password". Check Username, Password, Username Field, Password Field and Advanced Settings > Extra Login Body.`,
			parse: `Login refused: POST ${fronts.parse.url}/login answered HTTP 404 with "Invalid username/password.". Check Username, Password, Login URL and Advanced Settings > Login Method.`,
		}[target.key];
		expect(errors).toEqual(Array.from({ length: 5 }, () => refused));
		expect(seen(target.front(), target.loginPath)).toEqual([
			{ directus: 401, jsonAuth: 400, parse: 404 }[target.key],
		]);
		expect(target.front().requests()).toHaveLength(1);
	});
});

describe('the credential test (the editor Test button, through the REST API)', () => {
	it('passes for each server (Parse needs its application id on every call: Headers for Every Call), and says why a wrong password fails', async () => {
		const server = await n8n.startServer();
		try {
			for (const target of targets) {
				target.front().reset();
				expect(await n8n.testCredential(server, `real-${target.key}`)).toMatchObject({
					status: 'OK',
				});
				// Test Path set and a fresh token of this login stored: at most the login, then the GET
				expect(seen(target.front(), target.readPath)).toEqual([200]);
				const wrong = await n8n.testCredential(server, `real-${target.key}-wrong`);
				expect(wrong.status).toBe('Error');
				expect(wrong.message).toMatch(/^Login refused: POST .* answered HTTP (401|400|404) with "/);
			}
		} finally {
			await server.stop();
		}
	});
});

describe('Parse: the session token /users/me echoes, after a re-login in the middle of a run', () => {
	it('an expired session (400 {"code":209}) costs one re-login; the 10 items show [redacted], never the new token', async () => {
		await n8n.importWorkflows([
			manualChain(
				'wf-parse-echo',
				...itemsOf(10),
				tokenRequest('real-parse', { url: '/users/me' }),
			),
		]);
		await execute('wf-parse-echo'); // a token is stored
		expect(await parse.revokeSessions()).toBeGreaterThan(0);
		fronts.parse.reset();
		const result = await execute('wf-parse-echo');
		const items = result.nodeOutput('Call API') ?? [];
		expect(items).toHaveLength(10);
		expect(items.map((item) => item.sessionToken)).toEqual(
			Array.from({ length: 10 }, () => '[redacted]'),
		);
		expect(seen(fronts.parse, '/login')).toEqual([200]);
		const stored = (await n8n.exportCredentials()).find((c) => c.id === 'real-parse');
		const token = String(stored?.data.sessionToken);
		expect(token).toMatch(/^r:/);
		expect(JSON.stringify(items)).not.toContain(token);
	});
});

describe('Directus: a lifetime in milliseconds, refresh tokens, logout, TOTP', () => {
	it('Expires-In in the wrong unit (seconds for milliseconds): the JWT exp wins and Token Status warns', async () => {
		await importCredential('real-directus-unit', {
			...targets[0].credential(),
			expiresInUnit: 'seconds',
		});
		await n8n.importWorkflows([
			manualChain(
				'wf-directus-unit',
				tokenStatus('real-directus-unit', { operation: 'ensureFresh', minValidity: 1 }),
			),
		]);
		const [report] = (await execute('wf-directus-unit')).nodeOutput('Token Status') ?? [];
		expect(report.expiresInSeconds).toBeLessThanOrEqual(TTL_SECONDS);
		// the JWT's exp has whole seconds: 9 or 10 s are left when the answer arrives
		expect(report.warning).toMatch(
			new RegExp(
				`^Expires-In Path says the token lives ${TTL_SECONDS * 1000} s \\(Expires-In Unit is seconds\\), but the token's own JWT exp says (9|10) s: the JWT exp is used\\. Check the unit, or choose Expiry Source: JWT Exp Claim\\.$`,
			),
		);
	});

	it('renews with the rotating refresh token (POST /auth/refresh, 0 password logins), falls back to the password when it is refused, and logs out (POST /auth/logout)', async () => {
		await importCredential('real-directus-refresh', {
			...targets[0].credential(),
			useRefresh: true,
			refreshPath: 'data.refresh_token',
			refreshUrl: '/auth/refresh',
			refreshSend: 'json',
			refreshField: 'refresh_token',
			logoutUrl: '/auth/logout',
			logoutSend: 'refreshJson',
		});
		const status = (operation: string) => tokenStatus('real-directus-refresh', { operation });
		await n8n.importWorkflows([
			manualChain(
				'wf-directus-refresh-call',
				tokenRequest('real-directus-refresh', { url: '/users/me' }),
			),
			manualChain('wf-directus-refresh-renew', status('refresh')),
			manualChain('wf-directus-refresh-logout', status('logOut')),
		]);
		fronts.directus.reset();
		await execute('wf-directus-refresh-call');
		expect(seen(fronts.directus, '/auth/login')).toEqual([200]);
		// three renewals in a row: each one sends the newest refresh token (Directus refuses a rotated one)
		for (let i = 0; i < 3; i++) {
			const [report] =
				(await execute('wf-directus-refresh-renew')).nodeOutput('Token Status') ?? [];
			expect(report).toMatchObject({ refreshed: true, lastRenewal: 'refresh', isFresh: true });
		}
		expect(seen(fronts.directus, '/auth/refresh')).toEqual([200, 200, 200]);
		expect(seen(fronts.directus, '/auth/login')).toEqual([200]);

		// the provider forgets the refresh token behind n8n's back: the next renewal falls back to the password
		const stored = (await n8n.exportCredentials()).find((c) => c.id === 'real-directus-refresh');
		await fetch(`${directus.url}/auth/logout`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ refresh_token: stored?.data.sessionRefreshToken }),
		});
		fronts.directus.reset();
		const [fellBack] =
			(await execute('wf-directus-refresh-renew')).nodeOutput('Token Status') ?? [];
		expect(fellBack).toMatchObject({ refreshed: true, lastRenewal: 'login' });
		expect(seen(fronts.directus, '/auth/refresh')).toEqual([401]);
		expect(seen(fronts.directus, '/auth/login')).toEqual([200]);

		fronts.directus.reset();
		const [loggedOut] =
			(await execute('wf-directus-refresh-logout')).nodeOutput('Token Status') ?? [];
		expect(loggedOut).toMatchObject({ loggedOut: true, providerConfirmed: true, hasToken: false });
		expect(seen(fronts.directus, '/auth/logout')).toEqual([204]);
		await execute('wf-directus-refresh-call');
		expect(seen(fronts.directus, '/auth/login')).toEqual([200]);
		expect(seen(fronts.directus, '/auth/refresh')).toEqual([]);
	});

	it('a user with TOTP: the right secret logs in, a wrong one is refused with Directus’s own words', async () => {
		const user = await directus.createUser({
			email: 'totp@example.com',
			password: 'Totp-Pa55word-1',
			admin: true,
		});
		const { secret } = await directus.enableTotp(user);
		const base = {
			...targets[0].credential(),
			username: user.email,
			password: user.password,
			useTotp: true,
			totpField: 'otp',
		};
		await importCredential('real-directus-totp', { ...base, totpSecret: secret });
		await importCredential('real-directus-totp-wrong', {
			...base,
			totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DP',
		});
		await n8n.importWorkflows([
			manualChain('wf-directus-totp', tokenRequest('real-directus-totp', { url: '/users/me' })),
			manualChain(
				'wf-directus-totp-wrong',
				tokenRequest('real-directus-totp-wrong', { url: '/users/me' }),
			),
		]);
		// Directus takes only the current 30 s code: stay clear of a step boundary
		if (msLeftInStep() < 8_000)
			await new Promise((resolve) => setTimeout(resolve, msLeftInStep() + 500));
		fronts.directus.reset();
		const ok = await execute('wf-directus-totp');
		expect(ok.nodeOutput('Call API')?.[0]).toMatchObject({ data: { email: user.email } });
		const wrong = await execute('wf-directus-totp-wrong');
		expect(wrong.nodeError('Call API')).toBe(
			`Login refused: POST ${fronts.directus.url}/auth/login answered HTTP 401 with "Invalid user OTP.". Check Username, Password, Advanced Settings > TOTP Secret (and the n8n server's clock) and Send Credentials As (now: JSON Body).`,
		);
		expect(seen(fronts.directus, '/auth/login')).toEqual([200, 401]);
	});
});

it("no password is in plaintext in n8n's database files or output", async () => {
	for (const secret of [directus.password, jsonAuth.password, parse.password, WRONG_PASSWORD]) {
		expect(await n8n.databaseContains(secret)).toBe(false);
		expect(outputs.some((text) => text.includes(secret))).toBe(false);
	}
});
