/**
 * A URL as messages show it: never a secret. No user:password@, no #fragment, and every query
 * value replaced by "…": a GET login carries the username and password in its query, and a
 * Login URL may hold a key there. The names stay, so the user still sees what was sent.
 */
export function displayUrl(url: string, extraQueryNames: readonly string[] = []): string {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return '(not a valid URL)';
	}
	const names = [...parsed.searchParams.keys(), ...extraQueryNames];
	const bare = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
	if (names.length === 0) return bare;
	return `${bare}?${names.map((name) => `${encodeURIComponent(name)}=…`).join('&')}`;
}
