/**
 * Header names the token may not use. The list is the Fetch standard's forbidden request-header
 * names (https://fetch.spec.whatwg.org/#forbidden-request-header), which are the names an HTTP
 * client itself controls: framing (Content-Length, Transfer-Encoding, TE, Trailer, Expect), the
 * connection (Connection, Keep-Alive, Upgrade: hop-by-hop in RFC 9110 §7.6.1), routing (Host, Via),
 * proxies (Proxy-*: read by a proxy, so the token would go to the proxy) and cookies (Cookie,
 * Set-Cookie: use Send Token As: Cookie). A token placed there breaks or redirects the request,
 * or travels where it must not.
 */
const FORBIDDEN = new Set(
	[
		'accept-charset',
		'accept-encoding',
		'access-control-request-headers',
		'access-control-request-method',
		'connection',
		'content-length',
		'cookie',
		'cookie2',
		'date',
		'dnt',
		'expect',
		'host',
		'keep-alive',
		'origin',
		'referer',
		'set-cookie',
		'te',
		'trailer',
		'transfer-encoding',
		'upgrade',
		'via',
	].map((name) => name.toLowerCase()),
);

/** RFC 9110 token characters: anything else in a header name makes Node refuse the request. */
export function isHeaderNameSyntax(name: string): boolean {
	return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name);
}

/** True if a request header of this name cannot carry the token (see FORBIDDEN). */
export function isForbiddenHeaderName(name: string): boolean {
	const lower = name.trim().toLowerCase();
	return FORBIDDEN.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-');
}

/** Headers of the connection and the message framing (hop-by-hop in RFC 9110 §7.6.1, Content-Length): the HTTP stack's own. */
const CONNECTION_HEADERS = [
	'connection',
	'content-length',
	'keep-alive',
	'te',
	'trailer',
	'transfer-encoding',
	'upgrade',
];

/**
 * Response headers the token cannot be read from: framing and hop-by-hop headers are consumed by
 * the HTTP stack, and Set-Cookie is read with Token Location: Cookie.
 */
const UNREADABLE_RESPONSE = new Set([...CONNECTION_HEADERS, 'set-cookie']);

export function isUnreadableResponseHeader(name: string): boolean {
	const lower = name.trim().toLowerCase();
	return UNREADABLE_RESPONSE.has(lower) || lower.startsWith('proxy-');
}

/**
 * Request headers that may carry a credential, dropped from a redirect hop to another origin:
 * Authorization, Proxy-Authorization and Cookie (which follow-redirects and n8n's own node drop
 * too), and any header whose name says key, token, auth, secret, session, password, signature or
 * CSRF (X-Api-Key, X-Auth-Token, X-Session, X-CSRF-Token, …), plus the ones the caller names.
 */
const CREDENTIAL_HEADER =
	/^(?:authorization|proxy-authorization|cookie|cookie2)$|key|token|auth|secret|session|pass(?:word|wd)?|signature|csrf|xsrf|credential/i;

export function isCredentialHeader(name: string, alsoNamed: readonly string[] = []): boolean {
	const lower = name.trim().toLowerCase();
	return CREDENTIAL_HEADER.test(lower) || alsoNamed.some((other) => other.toLowerCase() === lower);
}

/** Headers the HTTP client sets itself (framing, connection, host) or a proxy reads: no configured header may be one. */
const FRAMING = new Set([...CONNECTION_HEADERS, 'expect', 'host']);

export function isFramingHeaderName(name: string): boolean {
	const lower = name.trim().toLowerCase();
	return FRAMING.has(lower) || lower.startsWith('proxy-');
}
