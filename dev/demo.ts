/**
 * The demo behind `npm start`: a small bank-like token API (the test mock, configured as a
 * realistic provider), a Login Token API credential for it, and the workflows in examples/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { MockTokenApiOptions } from '../test/mock/tokenApi';
import { repoRoot, type ImportCredential, type ImportWorkflow } from './realN8n';

/** The id the example workflows reference: importing them with this credential makes them work as they are. */
export const DEMO_CREDENTIAL_ID = 'demoBankCredential';
export const DEMO_CREDENTIAL_NAME = 'Demo Bank (Login Token API)';
export const DEMO_API_PORT = Number(process.env.DEMO_API_PORT ?? 5680);

/** Demo-only login of the demo API (it exists nowhere else). */
export const DEMO_LOGIN = { username: 'demo-user', password: 'Demo-Passw0rd' };

/** Like many bank APIs: HTTP Basic login, the token nested in the answer with an absolute expiry, 10-minute JWTs. */
export const demoProvider: MockTokenApiOptions = {
	...DEMO_LOGIN,
	port: DEMO_API_PORT,
	loginPath: '/v1/sessions',
	tokenFormat: 'jwt',
	tokenIn: 'body',
	tokenBodyPath: 'data.session.token',
	expiryAs: 'expiresAt',
	expiresAtPath: 'data.session.expires',
	tokenTtlSeconds: 600,
};

export function demoCredential(apiUrl: string): ImportCredential {
	return {
		id: DEMO_CREDENTIAL_ID,
		name: DEMO_CREDENTIAL_NAME,
		type: 'loginTokenApi',
		data: {
			baseUrl: apiUrl,
			loginUrl: '/v1/sessions',
			loginCredentialsIn: 'basicAuth',
			...DEMO_LOGIN,
			sessionPath: 'data.session.token',
			// What a user fills in the form: no Advanced Settings (Automatic expiry reads the JWT's exp).
			testPath: '/me',
		},
	};
}

/** The example AI agent's model: a scripted OpenAI-compatible stand-in on 127.0.0.1 (test/mock/fakeOpenAi.ts), so the demo runs offline. */
export const DEMO_OPENAI_PORT = Number(process.env.DEMO_OPENAI_PORT ?? 5681);

export function demoOpenAiCredential(fakeOpenAiUrl: string): ImportCredential {
	return {
		id: 'demoOpenAi',
		name: 'OpenAI',
		type: 'openAiApi',
		data: { apiKey: 'sk-demo-not-real', url: `${fakeOpenAiUrl}/v1` },
	};
}

/** Every workflow in examples/, as `n8n import:workflow` takes them. */
export function exampleWorkflows(): ImportWorkflow[] {
	const folder = path.join(repoRoot(), 'examples');
	return fs
		.readdirSync(folder)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as ImportWorkflow);
}
