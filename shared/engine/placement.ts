import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { TokenConfig } from './config';
import { LoginTokenError } from './errors';
import { isMalformedHttpUrl, joinUrl, originOf } from './urls';

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
}

function withoutHeader(headers: IDataObject, name: string): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== name.toLowerCase()) out[key] = value;
	}
	return out;
}

function headerValue(headers: IDataObject, name: string): string | undefined {
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : String(headers[key]);
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
	if (token === '') return request;
	const headers: IDataObject = { ...(request.headers ?? {}) };
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
			return { ...request, qs: { ...(request.qs ?? {}), [config.sendSessionName]: token } };
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
