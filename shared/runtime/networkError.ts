import { describeTlsProblem, redact } from '../engine';

/** The errors n8n wraps (NodeApiError → axios error → system error), outermost first. */
export function* errorChain(error: unknown, maxDepth = 4): Generator<unknown> {
	for (
		let current: unknown = error, depth = 0;
		current && depth < maxDepth;
		current = (current as { cause?: unknown }).cause, depth++
	) {
		yield current;
	}
}

/**
 * A request that got no answer, in words: "the login request to api.bank.com timed out". Built
 * from the error code, never from the library's message (it may quote URLs, headers, the token),
 * unless there is no code, and then with the secrets redacted.
 */
export function describeNetworkError(
	error: unknown,
	what: string,
	host: string,
	secrets: string[],
): string {
	let code: string | undefined;
	for (const link of errorChain(error)) {
		const candidate = (link as { code?: unknown }).code;
		if (typeof candidate === 'string') {
			code = candidate;
			break;
		}
	}
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return `${what} to ${host} timed out`;
	if (code === 'ECONNREFUSED') return `${host} refused the connection`;
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${host} could not be resolved`;
	const tls = code ? describeTlsProblem(code) : undefined; // parity: TLS errors in words
	if (tls) return `${what} to ${host} failed: ${tls}`;
	if (code) return `${what} to ${host} failed (${code})`;
	const message = error instanceof Error ? redact(error.message, secrets) : 'unknown error';
	return `${what} to ${host} failed: ${message}`;
}
