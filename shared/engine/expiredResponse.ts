import type { TokenConfig } from './config';
import { parseJsonOrUndefined } from './http';
import { readPath } from './paths';

function parsedJson(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	return parseJsonOrUndefined(body);
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

/**
 * The error text for an expired-token answer to the retry: the API refused the new token too. It
 * says the request went out twice (the first answer meant "token expired", so it was not carried
 * out) and that it is not sent a third time; the likely cause is how the token is sent.
 */
export function rejectedAgainMessage(config: TokenConfig, statusCode: number): string {
	const why = config.refreshOnStatus.includes(statusCode)
		? `HTTP ${statusCode}, one of the Expired-Token Status Codes`
		: `HTTP ${statusCode} matching Expired-Token Body Match`;
	return `The API rejected the new token as well (${why}). The request was sent twice, because the first answer meant the token had expired, and is not sent again. Check Send Token As, Token Parameter Name and Token Prefix; if the API answers this way for other reasons, narrow Expired-Token Status Codes or Expired-Token Body Match`;
}
