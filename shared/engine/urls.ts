/**
 * URLs resolved exactly as n8n resolves them: n8n-core 2.41.1 sends every request through axios
 * (1.18, bundled with @n8n/backend-network), whose buildFullPath keeps a URL that starts with
 * "<scheme>://" or "//" (protocol-relative) and otherwise joins it to baseURL. The host check
 * must see the same address axios will connect to, or a Test Path like //other:port/x would pass it.
 */

/** axios isAbsoluteURL: "<scheme>://" or a protocol-relative "//". */
export function isAbsoluteUrl(url: string): boolean {
	return /^([a-z][a-z\d+\-.]*:)?\/\//i.test(url);
}

/** axios combineURLs (1.18). */
function combineUrls(baseURL: string, relativeURL: string): string {
	return relativeURL
		? `${baseURL.replace(/\/?\/$/, '')}/${relativeURL.replace(/^\/+/, '')}`
		: baseURL;
}

/**
 * "http:\\other" or "https:other": axios refuses these (missing "//" after the protocol), but the
 * WHATWG URL parser reads them as http://other/, so they must never reach the host check as valid.
 */
export function isMalformedHttpUrl(url: string): boolean {
	let i = 0;
	while (i < url.length && url.charCodeAt(i) <= 0x20) i++;
	return /^https?:(?!\/\/)/i.test(url.slice(i).replace(/[\t\n\r]/g, ''));
}

/**
 * A path is joined to the base URL (keeping the base's own path, e.g. /v2); an absolute URL is
 * kept, and so is a malformed one (axios refuses it; kept whole, it fails every host check).
 */
export function joinUrl(baseUrl: string, pathOrUrl: string): string {
	if (isAbsoluteUrl(pathOrUrl) || isMalformedHttpUrl(pathOrUrl)) return pathOrUrl;
	return combineUrls(baseUrl, pathOrUrl);
}

/** The origin (scheme://host:port) a URL sends to, or undefined if it is not an absolute http(s) URL. */
export function originOf(url: string): string | undefined {
	if (isMalformedHttpUrl(url) || url.startsWith('//')) return undefined;
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
	} catch {
		return undefined;
	}
}

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine. */
export function isLoopback(url: URL): boolean {
	const host = url.hostname.toLowerCase().replace(/\.$/, '');
	if (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]') return true;
	return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** True if an absolute URL carries user:password@ (which HTTP clients turn into Basic auth). */
export function hasUserInfo(url: string): boolean {
	if (originOf(url) === undefined) return false;
	const parsed = new URL(url);
	return parsed.username !== '' || parsed.password !== '';
}
