import type { TokenConfig } from './config';
import { readPath } from './paths';

function parsedJson(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return undefined;
	}
}

/**
 * True if an API response means "your token is no longer valid": one of the configured statuses,
 * or (for providers that answer 200 with an error code) a JSON body matching an expired-body rule.
 */
export function isExpiredTokenResponse(
	config: TokenConfig,
	statusCode: number,
	body: unknown,
): boolean {
	if (config.refreshOnStatus.includes(statusCode)) return true;
	if (config.expiredBodyMatch.length === 0) return false;
	const json = parsedJson(Buffer.isBuffer(body) ? body.toString('utf8') : body);
	if (json === null || typeof json !== 'object') return false;
	return config.expiredBodyMatch.some(({ path, value }) => {
		const lookup = readPath(json, path);
		return (
			lookup.found &&
			(typeof lookup.value === 'string' ||
				typeof lookup.value === 'number' ||
				typeof lookup.value === 'boolean') &&
			String(lookup.value) === value
		);
	});
}
