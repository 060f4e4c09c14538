/**
 * Issue 6, defect 7, in a real n8n (2.41.1): a cookie login that answers 302 with the session
 * cookie (after a deletion cookie for the old session, as many portals send) works. n8n's own
 * request helper does not follow the login redirect; the cookie is read from the 302 itself.
 */
import { loginTokenCredential, stopAll } from '../support/e2eRuns';
import { startMockTokenApi, type MockTokenApi } from '../support/mock/tokenApi';
import { packPackage } from '../support/packPackage';
import { N8nInstance } from '../support/realN8n';
import { manualChain, tokenRequest } from '../support/workflows';

const PASSWORD = 'e2e-Cookie-Pa55word-PLAINTEXT';

let n8n: N8nInstance;
let portal: MockTokenApi;
let numeric: MockTokenApi;

beforeAll(async () => {
	const tarball = packPackage();
	portal = await startMockTokenApi({
		username: 'alice',
		password: PASSWORD,
		sendSessionAs: 'cookie',
		sendSessionName: 'SESSIONID',
		loginAnswer: {
			status: 302,
			headers: {
				Location: '/portal/home',
				'Set-Cookie': [
					'SESSIONID=deleted; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/',
					'SESSIONID={token}; Path=/; HttpOnly',
				],
			},
		},
	});
	// A JSON login whose token is a number above 2^53: n8n hands the login answer over as text, so
	// every digit arrives (JSON.parse alone would turn ...891 into ...900).
	numeric = await startMockTokenApi({
		username: 'alice',
		password: PASSWORD,
		loginAnswer: {
			token: '12345678901234567891',
			headers: { 'Content-Type': 'application/json' },
			body: '{"access_token": {token}, "expires_in": 900}',
		},
	});
	n8n = await N8nInstance.create({ packageTarball: tarball });
	await n8n.importCredentials([
		loginTokenCredential('cred-portal', portal, PASSWORD, {
			sessionSource: 'cookie',
			sessionCookieName: 'SESSIONID',
			expirySource: 'fixed',
			sessionLifetime: 1800,
			sendSessionAs: 'cookie',
			sendSessionName: 'SESSIONID',
		}),
		loginTokenCredential('cred-numeric', numeric, PASSWORD),
	]);
	await n8n.importWorkflows([
		manualChain('wf-portal', tokenRequest('cred-portal', { url: '/me' })),
		manualChain('wf-numeric', tokenRequest('cred-numeric', { url: '/me' })),
	]);
});

afterAll(() => stopAll(n8n, portal, numeric));

it('a cookie login answering 302 works: 1 login, the call carries the live cookie', async () => {
	const result = await n8n.execute('wf-portal');
	expect(result.error()).toBeUndefined();
	expect(result.nodeOutput('Call API')).toEqual([{ id: 1, username: 'alice' }]);
	expect(portal.requests().map((r) => `${r.method} ${r.path} ${r.status} ${r.tokenValid}`)).toEqual(
		['POST /login 302 false', 'GET /me 200 true'],
	);
	expect(portal.counters()).toMatchObject({ logins: 1, acceptedCalls: 1, rejectedCalls: 0 });
	const printed = `${result.stdout}\n${result.stderr}`;
	for (const secret of [...portal.issuedTokens(), PASSWORD]) expect(printed).not.toContain(secret);
});

it('a numeric token above 2^53 reaches the API with every digit', async () => {
	const result = await n8n.execute('wf-numeric');
	expect(result.error()).toBeUndefined();
	expect(result.nodeOutput('Call API')).toEqual([{ id: 1, username: 'alice' }]);
	expect(numeric.counters()).toMatchObject({ logins: 1, acceptedCalls: 1, rejectedCalls: 0 });
	const printed = `${result.stdout}\n${result.stderr}`;
	expect(printed).not.toContain('12345678901234567891');
	expect(printed).not.toContain(PASSWORD);
});
