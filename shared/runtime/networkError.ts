import { describeTlsProblem, redact, type TlsSettings } from '../engine';

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
 * n8n's NodeError replaces any message that contains one of these codes (any case) with its own
 * generic text, which for ECONNRESET says "You can retry the request immediately": advice that
 * duplicates a payment. Read from n8n-workflow's node.error.js (COMMON_ERRORS), 1.123 and 2.41.
 */
const N8N_REWRITTEN_CODES = [
	'ECONNREFUSED',
	'ECONNRESET',
	'ENOTFOUND',
	'ETIMEDOUT',
	'ERRADDRINUSE',
	'EADDRNOTAVAIL',
	'ECONNABORTED',
	'EHOSTUNREACH',
	'EAI_AGAIN',
	'ENOENT',
	'EISDIR',
	'ENOTDIR',
	'EACCES',
	'EEXIST',
	'EPERM',
	'GETADDRINFO',
];

/**
 * The text with every such code broken by a zero-width space after its first letter: it reads the
 * same, and n8n leaves the message alone. Used on every message the package builds from text it
 * does not control (response keys, hosts, library codes).
 */
export function withoutErrorCodes(text: string): string {
	let out = text;
	for (const code of N8N_REWRITTEN_CODES) {
		out = out.replace(new RegExp(code, 'gi'), (found) => `${found[0]}\u200b${found.slice(1)}`);
	}
	return out;
}

/** Failures after which the server may have received (and acted on) the request. */
const MAY_HAVE_ARRIVED = new Set([
	'ECONNRESET',
	'EPIPE',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'ERR_STREAM_PREMATURE_CLOSE',
	'UND_ERR_SOCKET',
	'ERR_HTTP_REQUEST_TIMEOUT',
	'ERR_CANCELED',
]);

/**
 * n8n 1.x wraps a request's error in a NodeApiError that keeps neither the error (`cause`) nor its
 * `code`: only its own generic text (below), the original message (`messages`) and the code as
 * `httpCode`. Each of them is read back to the code.
 */
const N8N_TEXT_CODES: Array<[RegExp, string]> = [
	[/^The connection to the server was closed unexpectedly/, 'ECONNRESET'],
	[/^The connection timed out/, 'ETIMEDOUT'],
	[/^The connection was aborted/, 'ECONNABORTED'],
	[/^The service refused the connection/, 'ECONNREFUSED'],
	[/^The connection cannot be established/, 'ENOTFOUND'],
	[/^The DNS server returned an error/, 'EAI_AGAIN'],
	[/^The host is unreachable/, 'EHOSTUNREACH'],
];

function codeIn(text: unknown): string | undefined {
	if (typeof text !== 'string') return undefined;
	for (const [pattern, code] of N8N_TEXT_CODES) if (pattern.test(text)) return code;
	return /\b(E(?:CONN[A-Z]+|TIMEDOUT|PIPE|NOTFOUND|AI_AGAIN|HOSTUNREACH|NETUNREACH|ADDRNOTAVAIL|SOCKETTIMEDOUT|PROTO)|ERR_[A-Z_]+|UND_ERR_[A-Z_]+)\b/.exec(
		text,
	)?.[1];
}

function codeOf(error: unknown): string | undefined {
	const links = [...errorChain(error)];
	for (const link of links) {
		const { code, httpCode } = link as { code?: unknown; httpCode?: unknown };
		if (typeof code === 'string' && code !== '') return code;
		if (typeof httpCode === 'string' && /^[A-Z][A-Z_]+$/.test(httpCode)) return httpCode;
	}
	for (const link of links) {
		const { messages } = link as { messages?: unknown };
		const texts = [link instanceof Error ? link.message : undefined];
		if (Array.isArray(messages)) texts.push(...(messages as unknown[]).map(String));
		for (const text of texts) {
			const code = codeIn(text);
			if (code) return code;
		}
	}
	return undefined;
}

function hungUp(error: unknown): boolean {
	for (const link of errorChain(error)) {
		const { messages } = link as { messages?: unknown };
		const texts = [
			link instanceof Error ? link.message : '',
			...(Array.isArray(messages) ? messages : []),
		];
		if (texts.some((text) => /socket hang up|aborted|premature close/i.test(String(text))))
			return true;
	}
	return false;
}

/**
 * A request that got no answer, in words: "the login request to api.bank.com timed out before an
 * answer arrived; it may have reached the server". Built from the error code, never from the
 * library's message (it may quote URLs, headers, the token), and never naming a code n8n rewrites.
 */
export function describeNetworkError(...args: NetworkErrorContext): string {
	return withoutErrorCodes(phrase(...args));
}

/** How the request travelled: through a proxy (its host:port), or to a host that is not the credential's (a redirect). */
export interface NetworkRoute {
	proxy?: string;
	/** a redirect hop to another origin: the credential's TLS settings were not used there */
	foreign?: boolean;
}

/** The failed request and what may explain it: the TLS settings it was sent with, if any, and its route. */
type NetworkErrorContext = [
	error: unknown,
	what: string,
	host: string,
	secrets: string[],
	tls?: Pick<TlsSettings, 'ca' | 'cert'>,
	route?: NetworkRoute,
];

/** Node refuses a header name or value before anything goes on the wire. */
const INVALID_HEADER_CODES = new Set([
	'ERR_INVALID_HTTP_TOKEN',
	'ERR_INVALID_CHAR',
	'ERR_HTTP_INVALID_HEADER_VALUE',
]);

function phrase(...[error, what, host, secrets, tls, route = {}]: NetworkErrorContext): string {
	const code = codeOf(error);
	const mayHaveArrived = 'it may have reached the server';
	// With a proxy every connection goes to the proxy: a refusal or a name that does not resolve is the proxy's.
	const peer = route.proxy ? `the proxy ${route.proxy} (Options > Proxy)` : host;
	if (code === 'ECONNREFUSED') return `${peer} refused the connection (nothing was sent)`;
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
		return `${peer} could not be resolved (nothing was sent)`;
	if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL')
		return `${peer} could not be reached (nothing was sent)`;
	if (code && INVALID_HEADER_CODES.has(code))
		return `${what} to ${host} was not sent: a header name or value has characters HTTP does not allow, such as a line break (nothing was sent)`;
	// TLS errors in words, with the setting that fixes them (shared/engine/tls.ts)
	const tlsProblem = code ? describeTlsProblem(code, tls) : undefined;
	if (tlsProblem && route.foreign)
		return `${what} to ${host}, where a redirect led, failed: the TLS connection to that host failed (${code}). The credential's TLS settings (its CA and client certificates, Ignore SSL Issues) apply to the Base URL's host only; another host is checked against the public CAs (nothing was sent there)`;
	if (tlsProblem) return `${what} to ${host} failed: ${tlsProblem}`;
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT')
		return `${what} to ${host} timed out before an answer arrived; ${mayHaveArrived}`;
	if (code === 'ECONNRESET' || code === 'EPIPE' || hungUp(error))
		return `${what} to ${host} got no answer: the connection was closed; ${mayHaveArrived}`;
	if (code && MAY_HAVE_ARRIVED.has(code))
		return `${what} to ${host} got no answer; ${mayHaveArrived}`;
	if (code)
		return `${what} to ${host} failed before an answer arrived (${code}); ${mayHaveArrived}`;
	const message = error instanceof Error ? redact(error.message, secrets) : 'unknown error';
	return `${what} to ${host} failed: ${message}; ${mayHaveArrived}`;
}
