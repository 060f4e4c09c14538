import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { credentialType } from '../support/n8nHarness';
import { captureConsole, PASSWORD, visible, world, type World } from './setup';

let w: World;

/** What a wrong password gets from the mock provider, as the user reads it. */
const refused = (): string =>
	`Login refused: POST ${w.api.url}/login answered HTTP 401 with "Bad credentials" (invalid_grant). Check Username, Password and Send Credentials As (now: JSON Body).`;
afterEach(async () => await w?.api.close());

const base = (overrides: Record<string, unknown> = {}): ICredentialDataDecryptedObject =>
	({
		baseUrl: w.api.url,
		username: 'alice',
		password: PASSWORD,
		sessionToken: '',
		...overrides,
	}) as ICredentialDataDecryptedObject;

describe('Login Token API credential: preAuthentication', () => {
	it('logs in and returns the token, its expiry and when it was obtained', async () => {
		w = await world();
		const before = Date.now();
		const fields = await credentialType.preAuthentication.call(w.n8n.httpHelpers(), base());
		expect(fields.sessionToken).toBe(w.api.issuedTokens()[0]);
		const obtained = Date.parse(String(fields.sessionObtainedAt));
		expect(obtained).toBeGreaterThanOrEqual(before);
		expect(Date.parse(String(fields.sessionExpiresAt)) - obtained).toBe(3600_000);
		expect(fields.sessionScope).toContain(w.api.url);
	});

	it('concurrent calls for one credential share one login (single-flight)', async () => {
		w = await world({ loginDelayMs: 150 });
		const results = await Promise.all(
			Array.from(
				{ length: 25 },
				async () => await credentialType.preAuthentication.call(w.n8n.httpHelpers(), base()),
			),
		);
		expect(w.api.counters().logins).toBe(1);
		expect(new Set(results.map((r) => r.sessionToken)).size).toBe(1);
	});

	it('different credentials (another user) do not share a login', async () => {
		w = await world({ loginDelayMs: 100 });
		const [right, wrong] = await Promise.allSettled([
			credentialType.preAuthentication.call(w.n8n.httpHelpers(), base()),
			credentialType.preAuthentication.call(
				w.n8n.httpHelpers(),
				base({ password: 'other-password' }),
			),
		]);
		expect(right.status).toBe('fulfilled');
		expect(wrong.status).toBe('rejected');
		expect(w.api.counters()).toMatchObject({ logins: 1, failedLogins: 1 });
	});

	it('hands a caller whose token was rejected the token another caller just got, but never the rejected one', async () => {
		w = await world();
		const first = await credentialType.preAuthentication.call(w.n8n.httpHelpers(), base());
		// after a 401 n8n calls again with the rejected token still in the data
		const afterRejection = await credentialType.preAuthentication.call(
			w.n8n.httpHelpers(),
			base({ sessionToken: first.sessionToken }),
		);
		expect(afterRejection.sessionToken).not.toBe(first.sessionToken);
		expect(w.api.counters().logins).toBe(2);
		// a caller still holding the first token is handed the second without a login
		const late = await credentialType.preAuthentication.call(
			w.n8n.httpHelpers(),
			base({ sessionToken: first.sessionToken }),
		);
		expect(late.sessionToken).toBe(afterRejection.sessionToken);
		expect(w.api.counters().logins).toBe(2);
	});

	it('a failed login is not remembered: the next call tries again', async () => {
		w = await world({ loginMisbehaviour: 'serverError' });
		await expect(
			credentialType.preAuthentication.call(w.n8n.httpHelpers(), base()),
		).rejects.toThrow(/HTTP 500/);
		w.api.configure({ loginMisbehaviour: 'none' });
		await expect(
			credentialType.preAuthentication.call(w.n8n.httpHelpers(), base()),
		).resolves.toHaveProperty('sessionToken');
	});

	it.each([
		['html', /Token Path: the login response is not JSON \(HTTP 200, content type text\/html\)/],
		[
			'emptyJson',
			/Token Path: not found in the login response \(the path stops after \(top level\), which has an empty object\)/,
		],
		['noToken', /Token Path: not found .* keys: token_type, expires_in, user/],
		[
			'serverError',
			/^Login failed: POST http:\/\/127\.0\.0\.1:\d+\/login answered HTTP 500 with "boom"\.$/,
		],
		[
			'badExpiry',
			/Expires-In Path: the login response holds text of 4 character\(s\) that is not a number of seconds/,
		],
	] as const)('a misbehaving login (%s) gets a specific error', async (misbehaviour, message) => {
		w = await world({ loginMisbehaviour: misbehaviour });
		await expect(
			credentialType.preAuthentication.call(w.n8n.httpHelpers(), base()),
		).rejects.toThrow(message);
	});

	it('a rate-limited login says so', async () => {
		w = await world({ loginRateLimit: { max: 1, windowMs: 60_000 } });
		await credentialType.preAuthentication.call(w.n8n.httpHelpers(), base());
		await expect(
			credentialType.preAuthentication.call(
				w.n8n.httpHelpers(),
				base({ password: PASSWORD, loginBody: '{"x":1}' }),
			),
		).rejects.toThrow(
			// a Retry-After longer than the 30 s the package waits: failed at once, naming the wait
			/^Login rate-limited: POST http:\/\/127\.0\.0\.1:\d+\/login answered HTTP 429 and asks to wait \d+ s \(Retry-After\)$/,
		);
	});

	it('an unreachable login host is a clear error without the library text', async () => {
		w = await world();
		await w.api.close();
		await expect(
			credentialType.preAuthentication.call(w.n8n.httpHelpers(), base()),
		).rejects.toThrow(
			/^Login failed: 127\.0\.0\.1:\d+ refused the connection \(nothing was sent\)$/,
		);
	});

	it('a token stored for another address is not sent after the credential was edited', async () => {
		w = await world();
		const fields = await credentialType.preAuthentication.call(w.n8n.httpHelpers(), base());
		const edited = base({ ...fields, username: 'bob' });
		// the expired-token signal: n8n logs in (as bob) and authenticates again
		await expect(
			credentialType.authenticate(edited, { url: `${w.api.url}/me` }),
		).rejects.toMatchObject({ response: { status: 401 } });
		const same = await credentialType.authenticate(base(fields), { url: `${w.api.url}/me` });
		// lower-case key: n8n's redirect hook copies only `Authorization` back onto a redirect hop
		expect(same.headers).toEqual({ authorization: `Bearer ${String(fields.sessionToken)}` });
	});

	it('authenticate refuses other hosts, also for the stock HTTP Request node', async () => {
		w = await world();
		await expect(
			credentialType.authenticate(base({ sessionToken: 'abc' }), { url: 'https://example.com/x' }),
		).rejects.toThrow(/^Refusing to send the token to https:\/\/example\.com/);
	});
});

describe('Login Token API credential: the editor Test button', () => {
	it('passes: logs in and calls the Test Path with the token', async () => {
		w = await world({}, { testPath: '/me' });
		expect(await w.n8n.testCredential(w.credentialId)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(w.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 1 });
		expect(w.api.requests().map((r) => r.path)).toEqual(['/login', '/me']);
	});

	it('logs in when the password changed, even with a fresh token stored (so a wrong password is noticed)', async () => {
		w = await world({}, { testPath: '/me' });
		await w.n8n.testCredential(w.credentialId);
		const stored = w.n8n.store.get(w.credentialId).data;
		// 11 s later, the password was changed in the form; the stored token is still valid
		w.n8n.addCredential(
			{
				...stored,
				password: 'changed-and-wrong',
				sessionObtainedAt: new Date(Date.now() - 11_000).toISOString(),
			},
			w.credentialId,
		);
		expect(await w.n8n.testCredential(w.credentialId)).toEqual({
			status: 'Error',
			message: refused(),
		});
		expect(w.api.counters()).toMatchObject({ logins: 1, failedLogins: 1 });
	});

	it('passes without a Test Path: the login is the test, any answer of the Base URL will do', async () => {
		w = await world();
		expect(await w.n8n.testCredential(w.credentialId)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(w.api.counters().logins).toBe(1);
	});

	it('says the login was refused (with the status) for a wrong password, and shows no secret', async () => {
		w = await world({}, { password: 'wrong-password-123', testPath: '/me' });
		const console = captureConsole();
		let result;
		try {
			result = await w.n8n.testCredential(w.credentialId);
		} finally {
			console.restore();
		}
		expect(result).toEqual({
			status: 'Error',
			message: refused(),
		});
		expect(w.api.counters().failedLogins).toBe(1);
		expect(visible(result, console.text())).not.toMatch(/wrong-password-123|correct-horse/);
	});

	it('says which path is missing and which keys exist when the token is not found', async () => {
		w = await world(
			{ sessionPath: 'data.token' },
			{ sessionPath: 'data.session.token', testPath: '/me' },
		);
		expect(await w.n8n.testCredential(w.credentialId)).toEqual({
			status: 'Error',
			message:
				'Token Path: not found in the login response (the path stops after data, which has keys: token)',
		});
	});

	it('says the test call failed when the API rejects the token', async () => {
		w = await world({ sendSessionAs: 'header', sendSessionName: 'X-Session' }, { testPath: '/me' });
		expect(await w.n8n.testCredential(w.credentialId)).toEqual({
			status: 'Error',
			message:
				'Logged in, but the API rejected the token on the GET to Test Path (HTTP 401): check Send Token As, Token Parameter Name and Advanced Settings > Token Prefix.',
		});
	});

	it('says the test call was refused when the API answers 403', async () => {
		w = await world(
			{ sendSessionAs: 'header', sendSessionName: 'X-Session', refreshOnStatus: 403 },
			{ testPath: '/me' },
		);
		expect(await w.n8n.testCredential(w.credentialId)).toEqual({
			status: 'Error',
			message:
				'Logged in, but the GET to Test Path was refused (HTTP 403): this user may not read that path, or the API wants the token another way. Try a path every user may read, such as /me, and check Send Token As.',
		});
		expect(w.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 0 });
	});

	it('says the Test Path was not found', async () => {
		w = await world({}, { testPath: '/nope' });
		expect(await w.n8n.testCredential(w.credentialId)).toEqual({
			status: 'Error',
			message:
				'Logged in, but the GET to Test Path found nothing (HTTP 404): set Test Path to a path on the Base URL that every user may read, such as /me.',
		});
	});
});
