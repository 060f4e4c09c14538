import type { TokenConfig } from './config';
import { isCredentialHeader } from './headerNames';

/** A hint that tells two tokens apart without revealing them, e.g. `eyJh…x9Qk (312 chars)`. */
export function tokenPreview(token: string): string {
	if (token === '') return '';
	// Short tokens would give away too large a share of themselves.
	if (token.length < 24) return `•••• (${token.length} chars)`;
	return `${token.slice(0, 4)}…${token.slice(-4)} (${token.length} chars)`;
}

/**
 * A PEM block and each of its base64 lines (of 16 characters or more): an API that echoes a
 * certificate or key may re-wrap or JSON-escape it, so the whole text would no longer match.
 */
function pemSecrets(pem: string): string[] {
	if (pem === '') return [];
	const lines = pem
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter((line) => line.length >= 16 && !line.startsWith('-----'));
	return [pem, ...lines];
}

/** user:password as HTTP Basic sends it (Authorization and Proxy-Authorization). */
export function basicCredentials(username: string, password: string): string {
	return Buffer.from(`${username}:${password}`).toString('base64');
}

/**
 * Every secret the credential itself holds: the password (also as the Basic header carries it),
 * the client key and its passphrase, the certificates (an API may echo a client certificate), and
 * configured headers named like a credential, the TOTP secret.
 * Tokens are added by whoever holds them.
 */
export function configSecrets(config: TokenConfig): string[] {
	const { tls } = config;
	// A configured header named like a credential (X-Api-Key, X-Parse-REST-API-Key) holds one.
	const headerSecrets = [config.apiHeaders, config.loginHeaders].flatMap((headers) =>
		Object.entries(headers)
			.filter(([name]) => isCredentialHeader(name))
			.map(([, value]) => value),
	);
	return [
		...headerSecrets,
		config.password,
		config.password === '' ? '' : basicCredentials(config.username, config.password),
		tls.passphrase,
		...pemSecrets(tls.key),
		...pemSecrets(tls.cert),
		...pemSecrets(tls.ca),
		...(config.steps.totp?.secretTexts ?? []),
	].filter((secret) => secret !== '');
}

/** A proxy's own credentials (Options > Proxy): its password, and user:password as Proxy-Authorization carries it. */
export function proxySecrets(
	proxy: { auth?: { username: string; password: string } } | undefined,
): string[] {
	if (!proxy?.auth || proxy.auth.password === '') return [];
	const { username, password } = proxy.auth;
	return [password, basicCredentials(username, password), `${username}:${password}`];
}

/** Replaces every occurrence of the given secrets in a text that came from elsewhere (an error of a library, say). */
export function redact(text: string, secrets: Array<string | undefined>): string {
	let out = text;
	// Longest first: a secret that contains another must go whole, not leave its tail.
	const longestFirst = [...secrets].sort((a, b) => (b?.length ?? 0) - (a?.length ?? 0));
	for (const secret of longestFirst) {
		if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
		// The same secret may appear URL-encoded (a token placed in the query string).
		const encoded = secret ? encodeURIComponent(secret) : '';
		if (encoded && encoded !== secret && encoded.length >= 4)
			out = out.split(encoded).join('[redacted]');
	}
	return out;
}

/** A JSON value with every string and every key scrubbed of the given secrets (an API may echo the token back, even as a key). */
export function scrubSecrets<T>(value: T, secrets: Array<string | undefined>): T {
	const active = secrets.filter(
		(secret): secret is string => typeof secret === 'string' && secret.length >= 4,
	);
	if (active.length === 0) return value;
	const visit = (node: unknown): unknown => {
		if (typeof node === 'string') return redact(node, active);
		if (Array.isArray(node)) return node.map(visit);
		if (node !== null && typeof node === 'object' && !Buffer.isBuffer(node)) {
			return Object.fromEntries(
				Object.entries(node).map(([key, inner]) => [redact(key, active), visit(inner)]),
			);
		}
		return node;
	};
	return visit(value) as T;
}
