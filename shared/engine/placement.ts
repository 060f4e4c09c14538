/**
 * Placement: the request the token goes on. Put it on (placeToken) for the Base URL's origin only
 * (assertCredentialHost), keep it there when n8n follows redirects (confineRedirects), and decide
 * when a login must come first (the credential test mark, needsLoginFirst). Last of the token's
 * three files (after tokenState.ts and login.ts).
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { TokenConfig } from './config';
import { LoginTokenError } from './errors';
import { headerKey, headerOf, withDefaultHeaders } from './http';
import { loginScope, type TokenState } from './tokenState';
import { hasUserInfo, isMalformedHttpUrl, joinUrl, originOf } from './urls';

/**
 * The absolute URL a request goes to (n8n joins baseURL and url the same way). Requests of the
 * legacy helper, which n8n's own HTTP Request node uses, name it `uri`.
 */
export function requestUrl(request: { url?: string; uri?: string; baseURL?: string }): string {
	const url = request.url ?? request.uri ?? '';
	return request.baseURL ? joinUrl(request.baseURL, url) : url;
}

/** True if a request to `url` may carry the token: same scheme, host and port as the Base URL. */
export function isCredentialHost(config: TokenConfig, url: string): boolean {
	return originOf(url) === config.apiOrigin;
}

export function assertCredentialHost(config: TokenConfig, url: string): void {
	if (!isCredentialHost(config, url)) {
		const origin =
			originOf(url) ??
			(url.startsWith('//')
				? 'a protocol-relative URL (starting with //)'
				: isMalformedHttpUrl(url)
					? 'a malformed URL (no // after http: or https:)'
					: 'a URL that is not absolute');
		throw new LoginTokenError(
			'offHost',
			`Refusing to send the token to ${origin}: only ${config.apiOrigin} (the credential's Base URL) receives it`,
			{
				field: 'url',
				description:
					'Use a path relative to the Base URL, or an absolute URL on the same scheme, host and port. Calls to other hosts belong in a plain HTTP Request node.',
			},
		);
	}
	if (hasUserInfo(url)) {
		throw new LoginTokenError(
			'offHost',
			`Refusing a URL with user:password@ in it: the HTTP client would send them as an Authorization header beside the token. Nothing was sent`,
			{
				field: 'url',
				description:
					'Put the address without user:password@; the credential logs in with its own Username and Password.',
			},
		);
	}
}

function withoutHeader(headers: IDataObject, name: string): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== name.toLowerCase()) out[key] = value;
	}
	return out;
}

function headerValue(headers: IDataObject, name: string): string | undefined {
	const value = headerOf(headers, name);
	return value === undefined ? undefined : String(value);
}

/**
 * The request with the token placed where the API expects it. Refuses any URL that is not on the
 * credential's own origin, so the token cannot leak through a mistyped or user-supplied URL.
 * Without a token the request goes out bare (the API's 401 then makes n8n log in).
 */
export function placeToken(
	config: TokenConfig,
	token: string,
	request: IHttpRequestOptions,
): IHttpRequestOptions {
	assertCredentialHost(config, requestUrl(request));
	// Headers for Every Call, under the request's own headers of the same name (a call may override one).
	const headers: IDataObject = withDefaultHeaders(request.headers, config.apiHeaders);
	if (token === '')
		return Object.keys(config.apiHeaders).length === 0 ? request : { ...request, headers };
	switch (config.sendSessionAs) {
		case 'bearer':
			return {
				...request,
				headers: { ...withoutHeader(headers, 'authorization'), Authorization: `Bearer ${token}` },
			};
		case 'header':
			return {
				...request,
				headers: {
					...withoutHeader(headers, config.sendSessionName),
					[config.sendSessionName]: `${config.sendSessionPrefix}${token}`,
				},
			};
		case 'query':
			return {
				...request,
				headers,
				qs: { ...(request.qs ?? {}), [config.sendSessionName]: token },
			};
		case 'cookie': {
			const existing = headerValue(headers, 'cookie');
			const cookie = `${config.sendSessionName}=${token}`;
			return {
				...request,
				headers: {
					...withoutHeader(headers, 'cookie'),
					Cookie: existing ? `${existing}; ${cookie}` : cookie,
				},
			};
		}
	}
}

// --- Redirects: the token stays on the Base URL's host ---

/**
 * n8n's request helpers follow redirects themselves (follow-redirects under axios), and a redirect
 * hop never passes through the credential's authenticate(). What authenticate() can still decide,
 * read from n8n-core 1.123 and @n8n/backend-network 2.41 (legacy `requestWithAuthentication`, which
 * the stock HTTP Request node uses, and `httpRequestWithAuthentication`):
 *
 * - `allowedDomains`: n8n checks every hop against it (beforeRedirect, and the SSRF redirect loop)
 *   and aborts a hop to any other host name before it is sent. Set to the Base URL's host name.
 * - `sendCredentialsOnCrossOriginRedirect: false`: n8n's beforeRedirect otherwise copies
 *   `headers.Authorization` back onto a hop to another origin after follow-redirects removed it.
 * - the header key `authorization` (lower case): n8n's copy-back reads only `Authorization`, so
 *   versions without the option above do not restore it either.
 *
 * follow-redirects itself drops Authorization and Cookie when host:port changes or https falls
 * back to http. A custom header is never dropped by it, so on the same host name with another port
 * or scheme only a bearer/cookie/query token is kept back; see README "Security".
 */
export type ConfinedRequest = IHttpRequestOptions & {
	allowedDomains?: string;
	sendCredentialsOnCrossOriginRedirect?: boolean;
};

function hostAllowedBy(hostname: string, allowedDomains: string): boolean {
	return allowedDomains
		.split(',')
		.map((domain) => domain.trim().toLowerCase().replace(/\.$/, ''))
		.filter(Boolean)
		.some((domain) =>
			domain.startsWith('*.') ? hostname.endsWith(domain.slice(1)) : hostname === domain,
		);
}

export function confineRedirects(
	config: TokenConfig,
	request: IHttpRequestOptions,
): ConfinedRequest {
	const hostname = new URL(config.apiOrigin).hostname.toLowerCase();
	const current = (request as ConfinedRequest).allowedDomains;
	// A list the user set that does not even allow our host stays: n8n then refuses the request.
	const allowedDomains =
		typeof current === 'string' && current.trim() !== '' && !hostAllowedBy(hostname, current)
			? current
			: hostname;
	const confined: ConfinedRequest = {
		...request,
		allowedDomains,
		sendCredentialsOnCrossOriginRedirect: false,
	};
	if (request.headers) {
		const headers = { ...request.headers };
		for (const key of Object.keys(headers)) {
			if (key !== 'authorization' && key.toLowerCase() === 'authorization') {
				headers.authorization = headers[key];
				delete headers[key];
			}
		}
		confined.headers = headers;
	}
	return confined;
}

// --- Before the token goes out: the test mark, and when a login must come first ---

/**
 * Marks the credential test request. n8n 2.x runs a credential's test with whatever token is
 * stored, so the Test button would not notice a wrong password; with this mark, authenticate()
 * asks for a login first (see needsLoginFirst).
 */
export const CREDENTIAL_TEST_HEADER = 'X-Login-Token-Credential-Test';

/** A token obtained this recently counts as "the login of this test". */
export const JUST_LOGGED_IN_MS = 10_000;

/** The request without the test mark, and whether it had one. */
export function takeTestMark(request: IHttpRequestOptions): {
	request: IHttpRequestOptions;
	isCredentialTest: boolean;
} {
	const headers = { ...(request.headers ?? {}) };
	const key = headerKey(headers, CREDENTIAL_TEST_HEADER);
	if (key === undefined) return { request, isCredentialTest: false };
	delete headers[key];
	return { request: { ...request, headers }, isCredentialTest: true };
}

/**
 * True if a request must not go out with the stored token: it belongs to another login (the
 * credential was pointed at another address or user), or this is the credential test and the
 * token was not just obtained. The credential then signals "token expired", on which n8n runs
 * preAuthentication (the login) and authenticates the request again.
 */
export function needsLoginFirst(
	config: TokenConfig,
	state: TokenState,
	isCredentialTest: boolean,
	now: number,
): boolean {
	const ownToken = state.token !== '' && state.scope === loginScope(config);
	if (state.token !== '' && !ownToken) return true;
	if (!isCredentialTest) return false;
	return !ownToken || state.obtainedAt === null || now - state.obtainedAt > JUST_LOGGED_IN_MS;
}

/** The error shape n8n's request helpers treat as "401: refresh the credential and retry once". */
export function tokenExpiredSignal(): Error & { response: { status: number } } {
	return Object.assign(
		new Error('A login is needed before this request (n8n runs it on this signal)'),
		{ response: { status: 401 } },
	);
}
