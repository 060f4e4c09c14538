import {
	loginScope,
	parseTokenConfig,
	type TokenConfig,
	type TokenState,
} from '../../shared/engine';

export const PASSWORD = 'correct-horse-battery';

/** A credential as the form would save it, with overrides. */
export function config(overrides: Record<string, unknown> = {}): TokenConfig {
	return parseTokenConfig({
		baseUrl: 'https://api.example-bank.com',
		username: 'alice',
		password: PASSWORD,
		...overrides,
	});
}

/** An unsigned JWT with the given claims (the engine never checks signatures: it only reads exp). */
export function jwt(claims: Record<string, unknown>): string {
	const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

/** The error a call throws (fails the test if it throws none). */
export function thrown<E = Error>(call: () => unknown): E {
	try {
		call();
	} catch (error) {
		return error as E;
	}
	throw new Error('expected an error');
}

/** The unit tests' clock: decisions about stored tokens are made at this moment. */
export const NOW = Date.parse('2026-01-01T10:00:00Z');

/** A stored token of config()'s login ('tok'), with the given times and overrides. */
export function tokenState(
	times: Pick<TokenState, 'obtainedAt' | 'expiresAt'>,
	overrides: Partial<TokenState> = {},
): TokenState {
	return { token: 'tok', ...times, scope: loginScope(config()), ...overrides };
}
