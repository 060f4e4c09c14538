import type { IHttpRequestOptions } from 'n8n-workflow';

import type { TokenConfig } from './config';

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
