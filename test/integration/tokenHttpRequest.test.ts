import { newProcess } from '../support/processLogins';
import { caught, items, jsonOf, sleep, worldPerTest } from './setup';

const { start, run } = worldPerTest();

describe('Token HTTP Request: logins and refreshes', () => {
	it('cold start, 50 concurrent items: exactly 1 login, 0 rejected calls, 50 correct items', async () => {
		const w = await start();
		const output = await run(
			{ url: '={{ "/items/" + $json.id }}' },
			items(50, (i) => ({ id: i + 1 })),
		);
		expect(w.api.counters()).toMatchObject({
			logins: 1,
			rejectedCalls: 0,
			unauthenticatedCalls: 0,
			acceptedCalls: 50,
		});
		expect(output[0]).toHaveLength(50);
		output[0].forEach((item, i) => {
			expect(item.json).toEqual({ id: i + 1, name: `Item ${i + 1}` });
			expect(item.pairedItem).toEqual({ item: i });
		});
	});

	it('the next execution reuses the persisted token: 0 logins', async () => {
		const w = await start();
		await run({ url: '/me' });
		w.api.reset();
		// a new n8n process: nothing remembered in memory, only what n8n stored
		newProcess();
		await run({ url: '/me' }, items(10));
		expect(w.api.counters()).toMatchObject({ logins: 0, acceptedCalls: 10, rejectedCalls: 0 });
	});

	it('refreshes before a known expiry: 0 rejected calls', async () => {
		// 4 s tokens: the margin is capped at half the lifetime (2 s)
		const w = await start({ sessionLifetime: 4 });
		await run({ url: '/me' });
		await sleep(2300);
		await run({ url: '/me' }, items(20));
		expect(w.api.counters()).toMatchObject({ logins: 2, rejectedCalls: 0, acceptedCalls: 21 });
	});

	it('revoked server-side (403, refreshOnStatus 401,403): 1 re-login, every item succeeds', async () => {
		const w = await start({ refreshOnStatus: 403 }, { refreshOnStatus: '401, 403' });
		await run({ url: '/me' });
		w.api.revokeAll();
		const output = await run({ url: '/me' }, items(20));
		expect(jsonOf(output)).toHaveLength(20);
		expect(jsonOf(output).every((json) => json.username === 'alice')).toBe(true);
		expect(w.api.counters()).toMatchObject({ logins: 2, rejectedCalls: 20, acceptedCalls: 21 });
	});

	it('a status not in refreshOnStatus is an error, not a re-login', async () => {
		const w = await start({ refreshOnStatus: 403 });
		await run({ url: '/me' });
		w.api.revokeAll();
		const error = await caught(run({ url: '/me' }));
		expect(error.message).toBe('The API answered HTTP 403; the request was not sent again');
		expect(w.api.counters().logins).toBe(1);
	});

	it('expired token signalled in a 200 body: refresh and retry once', async () => {
		const w = await start(
			{ expiredBody: { status: 200, body: { code: 602, message: 'Access token expired' } } },
			{ expiredBodyMatch: 'code=602' },
		);
		await run({ url: '/me' });
		w.api.expireAll();
		const output = await run({ url: '/accounts' }, items(5));
		expect(jsonOf(output)[0]).toHaveProperty('accounts');
		expect(w.api.counters()).toMatchObject({ logins: 2, rejectedCalls: 5 });
	});

	it('a token rejected again right after the refresh is not retried a third time', async () => {
		const w = await start({ sessionLifetime: 0.001, advertisedLifetime: 3600 });
		const error = await caught(run({ url: '/me' }));
		expect(error.message).toMatch(/HTTP 401/);
		// 1 login before sending, 1 re-login after the first 401: then the error stands
		expect(w.api.counters()).toMatchObject({ logins: 2, rejectedCalls: 2 });
	});

	it('a provider that allows one live session: 30 concurrent items do not log each other out', async () => {
		const w = await start({ singleSession: true, loginDelayMs: 50 });
		const output = await run({ url: '/me' }, items(30));
		expect(jsonOf(output)).toHaveLength(30);
		expect(w.api.counters()).toMatchObject({ logins: 1, rejectedCalls: 0, acceptedCalls: 30 });
	});

	it('after a rejection it first re-reads the credential: a token another worker stored is used without a login', async () => {
		const w = await start({ singleSession: true });
		await run({ url: '/me' }); // token X stored
		const withX = w.n8n.store.get(w.credentialId).data;
		// another queue worker (another process) logs in: token Y is stored, X is revoked (one live session)
		newProcess();
		const { credentialType } = await import('../support/n8nHarness');
		const fieldsY = await credentialType.preAuthentication.call(w.n8n.httpHelpers(), {
			...withX,
			sessionToken: '',
		});
		w.n8n.store.update(w.credentialId, { ...withX, ...(fieldsY as typeof withX) });
		expect(fieldsY.sessionToken).not.toBe(withX.sessionToken);
		newProcess();
		// this execution started before Y was stored: its first read still sees X
		const spy = jest
			.spyOn(w.n8n.credentialsHelper, 'getDecrypted')
			.mockImplementationOnce(async () => ({ ...withX }));
		w.api.reset();
		const output = await run({ url: '/me' }, items(5));
		expect(jsonOf(output)).toHaveLength(5);
		expect(w.api.counters()).toMatchObject({ logins: 0, rejectedCalls: 5, acceptedCalls: 5 });
		expect(spy).toHaveBeenCalledTimes(2); // the start of the execution, and the re-read after the rejection
	});

	it('two executions at once in one process share one login', async () => {
		const w = await start({ loginDelayMs: 200 });
		await Promise.all([run({ url: '/me' }, items(10)), run({ url: '/accounts' }, items(10))]);
		expect(w.api.counters().logins).toBe(1);
	});
});

describe('Token HTTP Request: never re-sends', () => {
	it('a POST that gets a 500 fails the execution, and the provider saw it once', async () => {
		const w = await start();
		const error = await caught(
			run({
				method: 'POST',
				url: '/payments?fail=500',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '{"amount": 100}',
			}),
		);
		expect(error.message).toBe('The API answered HTTP 500; the request was not sent again');
		expect(error.description).toContain('upstream failure');
		expect(w.api.counters().sideEffects).toBe(1);
	});

	it('a timeout is an error and the call is not repeated', async () => {
		const w = await start();
		const error = await caught(run({ url: '/slow?ms=2000', options: { timeout: 300 } }));
		expect(error.message).toMatch(
			/^The request to 127\.0\.0\.1:\d+ timed out before an answer arrived; it may have reached the server; it was not sent again$/,
		);
		expect(w.api.requests().filter((r) => r.path === '/slow')).toHaveLength(1);
	});

	it('continueOnFail: failed items become error items, paired to their input', async () => {
		const w = await start();
		const output = await run(
			{ method: 'POST', url: '={{ $json.path }}' },
			[{ path: '/payments' }, { path: '/payments?fail=502' }, { path: '/payments' }],
			true,
		);
		expect(output[0].map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(output[0][1].json).toEqual({
			error: 'The API answered HTTP 502; the request was not sent again',
		});
		// the error itself rides on the item, so n8n can route it to an error output
		expect(output[0][1].error?.message).toBe(
			'The API answered HTTP 502; the request was not sent again',
		);
		expect(output[0][0].json).toMatchObject({ id: expect.stringMatching(/^pay-/) });
		expect(w.api.counters().sideEffects).toBe(3);
	});

	it('without continueOnFail the error says how many other items were already sent', async () => {
		await start();
		const error = await caught(
			run({ method: 'POST', url: '={{ $json.path }}' }, [
				{ path: '/payments' },
				{ path: '/payments?fail=500' },
			]),
		);
		expect(error.description).toMatch(/1 other item\(s\) of this execution were sent successfully/);
	});
});
