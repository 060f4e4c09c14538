/** One Set-Cookie line, as far as a token needs it. */
export interface SetCookie {
	name: string;
	value: string;
	/** True for a cookie that removes itself: empty value, Max-Age ≤ 0, or Expires in the past. */
	deletes: boolean;
}

function attribute(attributes: string[], name: string): string | undefined {
	const found = attributes
		.map((part) => part.trim())
		.filter((part) => part.toLowerCase().startsWith(`${name}=`))
		.pop(); // RFC 6265 §5.3: the last occurrence of an attribute wins
	return found === undefined ? undefined : found.slice(name.length + 1).trim();
}

/** RFC 6265 §5.3: Max-Age wins over Expires; a Max-Age of 0 or less, or a past Expires, deletes. */
function deletes(value: string, attributes: string[], now: number): boolean {
	if (value === '' || value === '""') return true;
	const maxAge = attribute(attributes, 'max-age');
	if (maxAge !== undefined && /^-?\d+$/.test(maxAge)) return Number(maxAge) <= 0;
	const expires = attribute(attributes, 'expires');
	if (expires === undefined) return false;
	const at = Date.parse(expires);
	return !Number.isNaN(at) && at <= now;
}

export function parseSetCookies(raw: unknown, now: number): SetCookie[] {
	const lines = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
	return lines.map((line) => {
		const [pair, ...attributes] = String(line).split(';');
		const at = pair.indexOf('=');
		const name = (at < 0 ? '' : pair.slice(0, at)).trim();
		// Kept raw: the token goes back exactly as the provider set it.
		const value = (at < 0 ? pair : pair.slice(at + 1)).trim();
		return { name, value, deletes: deletes(value, attributes, now) };
	});
}

/**
 * The token cookie of a login answer: the last live cookie of that name (a login may first clear
 * an old session, "SESSIONID=deleted; Expires=Thu, 01 Jan 1970 …", then set the new one).
 */
export function liveCookie(cookies: SetCookie[], name: string): SetCookie | undefined {
	return cookies.filter((cookie) => cookie.name === name && !cookie.deletes).pop();
}
