/**
 * The demo bank behind `npm start` and the example workflows: the mock token API configured like
 * many bank APIs (HTTP Basic login at /v1/sessions, 10-minute JWTs nested in the answer with an
 * absolute expiry), and the Login Token API credential for it. The mock's options carry the
 * credential's field names, so the two read side by side.
 */
import { startMockTokenApi, type MockTokenApi, type MockTokenApiOptions } from './mock/tokenApi';
import type { ImportCredential } from './realN8n';

/** The id the example workflows reference: importing them with this credential makes them work as they are. */
export const DEMO_CREDENTIAL_ID = 'demoBankCredential';
export const DEMO_CREDENTIAL_NAME = 'Demo Bank (Login Token API)';

/** Demo-only login of the demo API (it exists nowhere else). */
export const DEMO_LOGIN = { username: 'demo-user', password: 'Demo-Passw0rd' };

export const demoProvider = {
	...DEMO_LOGIN,
	loginPath: '/v1/sessions',
	tokenFormat: 'jwt',
	sessionSource: 'body',
	sessionPath: 'data.session.token',
	expirySource: 'expiresAt',
	expiresAtPath: 'data.session.expires',
	sessionLifetime: 600,
} as const satisfies MockTokenApiOptions;

/** The demo bank on 127.0.0.1 (`port` 0: any free port). */
export async function startDemoBank(port = 0): Promise<MockTokenApi> {
	return await startMockTokenApi({ ...demoProvider, port });
}

export function demoCredential(apiUrl: string): ImportCredential {
	return {
		id: DEMO_CREDENTIAL_ID,
		name: DEMO_CREDENTIAL_NAME,
		type: 'loginTokenApi',
		data: {
			baseUrl: apiUrl,
			loginUrl: demoProvider.loginPath,
			loginCredentialsIn: 'basicAuth',
			...DEMO_LOGIN,
			sessionPath: demoProvider.sessionPath,
			// What a user fills in the form: no Advanced Settings (Automatic expiry reads the JWT's exp).
			testPath: '/me',
		},
	};
}
