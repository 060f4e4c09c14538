import { configError } from './errors';
import {
	isForbiddenHeaderName,
	isHeaderNameSyntax,
	isUnreadableResponseHeader,
} from './headerNames';
import { isLoopback, joinUrl, originOf } from './urls';

export function protocolRelative(value: string): boolean {
	return value.startsWith('//');
}

/** The password must not travel in cleartext when the API itself is reached over https. */
export function checkLoginUrl(baseUrl: URL, loginUrl: URL): void {
	if (baseUrl.protocol === 'https:' && loginUrl.protocol === 'http:' && !isLoopback(loginUrl)) {
		throw configError(
			'loginUrl',
			'an https:// address like the Base URL (over http:// the password would travel unencrypted)',
			'an http:// URL to a host that is not this machine',
		);
	}
}

/** The response header the token is read from (Token Location: Header). */
export function checkReadHeaderName(name: string): string {
	if (!isHeaderNameSyntax(name))
		throw configError(
			'sessionHeaderName',
			'a header name of letters, digits and - such as X-Auth-Token',
			`text of ${name.length} character(s) with other characters (spaces, colons, …)`,
		);
	if (isUnreadableResponseHeader(name))
		throw configError(
			'sessionHeaderName',
			'a header the provider sets for the token, such as X-Auth-Token (for Set-Cookie choose Token Location: Cookie)',
			`"${name}", which the HTTP connection itself uses`,
		);
	return name;
}

/** The header or cookie name the token is sent under (Token Parameter Name). */
export function checkSendName(
	sendAs: 'bearer' | 'header' | 'query' | 'cookie',
	name: string,
	field = 'sendSessionName',
): void {
	if (sendAs !== 'header' && sendAs !== 'cookie') return;
	const what = sendAs === 'header' ? 'a header name' : 'a cookie name';
	if (!isHeaderNameSyntax(name))
		throw configError(
			field,
			`${what} of letters, digits and - such as ${sendAs === 'header' ? 'X-Auth-Token' : 'SESSIONID'}`,
			`text of ${name.length} character(s) with other characters (spaces, =, ;, …)`,
		);
	if (sendAs === 'header' && isForbiddenHeaderName(name))
		throw configError(
			field,
			'a header the API reads the token from, such as X-Auth-Token or Authorization (for a cookie choose Send Token As: Cookie)',
			`"${name}", a header the HTTP client controls (it frames, routes or proxies the request), so the token cannot go there`,
		);
}

/**
 * The credential test calls Test Path with the Base URL as axios baseURL: resolved here exactly
 * as axios will, so a protocol-relative or absolute Test Path to another host is caught.
 */
export function checkTestPath(apiOrigin: string, baseUrl: string, testPath: string): void {
	if (testPath === '') return;
	if (protocolRelative(testPath))
		throw configError(
			'testPath',
			'a path on the Base URL such as /me',
			'a protocol-relative URL (starting with //), which names another host',
		);
	const origin = originOf(joinUrl(baseUrl, testPath));
	if (origin !== apiOrigin)
		throw configError(
			'testPath',
			'a path on the Base URL such as /me',
			origin === undefined ? 'text that is not a valid URL' : `a URL on another host (${origin})`,
		);
}

/** Token Prefix goes into the same header value as the token: the same characters are allowed. */
export function checkPrefix(prefix: string): string {
	if (/[^\x20-\x7e\x80-\xff]/.test(prefix))
		throw configError(
			'sendSessionPrefix',
			'visible characters and spaces, such as "Token "',
			`text of ${prefix.length} character(s) with a line break, a control character or a character outside Latin-1`,
		);
	return prefix;
}
