import type { IDataObject } from 'n8n-workflow';

import type { N8nHarness } from '../../support/n8nHarness';
import type { CaptureServer } from '../../support/mock/captureServer';
import type { MockTokenApi, MockTokenApiOptions } from '../../support/mock/tokenApi';

/** What a case can reach while it is set up and checked. */
export interface FaultEnv {
	api: MockTokenApi;
	/** a second host on 127.0.0.1: the token must never arrive there */
	other: CaptureServer;
	n8n: N8nHarness;
	credentialId: string;
}

type Lazy<T> = T | ((env: FaultEnv) => T);

/**
 * One row of the fault matrix: a provider, a credential, one run (a Token HTTP Request execution
 * or the credential's Test button), and exactly what must come of it.
 */
export interface FaultCase {
	name: string;
	provider?: MockTokenApiOptions;
	/** credential fields; a function sees the provider's and the other host's addresses */
	credential?: Lazy<IDataObject>;
	/** runs before the measured run (e.g. a first execution); the provider's counters are reset after it */
	prepare?: (env: FaultEnv) => Promise<void>;
	/** Token HTTP Request parameters, or 'credentialTest' for the Test button */
	run: Lazy<IDataObject> | 'credentialTest';
	/** input items of the Token HTTP Request run (default 1; one batch) */
	items?: number;
	/** more values that must appear nowhere, beside the tokens issued and the password */
	secrets?: Lazy<string[]>;
	expect: {
		/** output items (json), exact; or the exact error message */
		items?: Lazy<IDataObject[]>;
		error?: Lazy<string>;
		/** the credential test's answer */
		test?: Lazy<{ status: 'OK' | 'Error'; message: string }>;
		/** every request the provider saw, in order: "POST /login → 200", "GET /me → 200 [token]" */
		provider: string[];
		/** every request the other host saw ("GET /x"); none may carry a token */
		other?: string[];
		/** the stored token's expiry, relative to when it was obtained, in seconds */
		lifetimeSeconds?: number;
		/** more checks on the stored credential or output */
		also?: (env: FaultEnv) => void;
	};
}

export const lazy = <T>(value: Lazy<T> | undefined, env: FaultEnv): T | undefined =>
	typeof value === 'function' ? (value as (env: FaultEnv) => T)(env) : value;

export const ME = [{ id: 1, username: 'alice' }];
/** A login, then the call with its token. */
export const LOGIN_THEN_ME = ['POST /login → 200', 'GET /me → 200 [token]'];

type Setup = Pick<FaultCase, 'provider' | 'credential' | 'prepare'>;

/** A Token HTTP Request GET /me with the given setup and outcome. */
export const getMe = (name: string, setup: Setup, expected: FaultCase['expect']): FaultCase => ({
	name,
	...setup,
	run: { url: '/me' },
	expect: expected,
});

/** GET /me answers alice after one login; optionally the stored token's lifetime. */
export const getsMe = (
	name: string,
	setup: Setup,
	lifetimeSeconds?: number,
	provider = LOGIN_THEN_ME,
): FaultCase =>
	getMe(name, setup, {
		items: ME,
		provider,
		...(lifetimeSeconds === undefined ? {} : { lifetimeSeconds }),
	});

/** The login answers 200 but its answer cannot be used: this error, and no API call. */
export const loginAnswerRefused = (name: string, setup: Setup, error: string): FaultCase =>
	getMe(name, setup, { error, provider: ['POST /login → 200'] });

/** The credential is refused before anything is sent, not even the login. */
export const refusedBeforeSending = (
	name: string,
	credential: FaultCase['credential'],
	error: string,
): FaultCase => getMe(name, { credential }, { error, provider: [] });

/** The credential's Test button: its answer, and what the provider saw. */
export const credentialTestCase = (
	name: string,
	credential: FaultCase['credential'],
	test: NonNullable<FaultCase['expect']['test']>,
	provider: string[] = [],
): FaultCase => ({ name, credential, run: 'credentialTest', expect: { test, provider } });
