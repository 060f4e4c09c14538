import { parseTokenConfig, type TokenConfig } from './config';

/**
 * parseTokenConfig for the credential's authenticate(), which n8n calls for every request with a
 * fresh copy of the same data: the last result is reused while every field is the same value.
 */
let last: { data: Record<string, unknown>; config: TokenConfig } | undefined;

function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
	const keys = Object.keys(a);
	if (keys.length !== Object.keys(b).length) return false;
	return keys.every((key) => a[key] === b[key]);
}

export function parseTokenConfigCached(data: Record<string, unknown>): TokenConfig {
	if (last && sameFields(last.data, data)) return last.config;
	const config = parseTokenConfig(data);
	last = { data: { ...data }, config };
	return config;
}
