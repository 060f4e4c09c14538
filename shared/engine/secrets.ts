/** A hint that tells two tokens apart without revealing them, e.g. `eyJh…x9Qk (312 chars)`. */
export function tokenPreview(token: string): string {
	if (token === '') return '';
	// Short tokens would give away too large a share of themselves.
	if (token.length < 24) return `•••• (${token.length} chars)`;
	return `${token.slice(0, 4)}…${token.slice(-4)} (${token.length} chars)`;
}

/** Replaces every occurrence of the given secrets in a text that came from elsewhere (an error of a library, say). */
export function redact(text: string, secrets: Array<string | undefined>): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
		// The same secret may appear URL-encoded (a token placed in the query string).
		const encoded = secret ? encodeURIComponent(secret) : '';
		if (encoded && encoded !== secret && encoded.length >= 4)
			out = out.split(encoded).join('[redacted]');
	}
	return out;
}

/** A JSON value with every string scrubbed of the given secrets (an API may echo the token back). */
export function scrubSecrets<T>(value: T, secrets: Array<string | undefined>): T {
	const active = secrets.filter(
		(secret): secret is string => typeof secret === 'string' && secret.length >= 4,
	);
	if (active.length === 0) return value;
	const visit = (node: unknown): unknown => {
		if (typeof node === 'string') return redact(node, active);
		if (Array.isArray(node)) return node.map(visit);
		if (node !== null && typeof node === 'object' && !Buffer.isBuffer(node)) {
			return Object.fromEntries(Object.entries(node).map(([key, inner]) => [key, visit(inner)]));
		}
		return node;
	};
	return visit(value) as T;
}
