import {
	NodeApiError,
	NodeOperationError,
	type JsonObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
} from 'n8n-workflow';

import { redact, requestUrl } from '../../shared/engine';

/**
 * Options > Proxy as n8n's HTTP Request node takes it (http://user:pass@host:port), in the shape
 * n8n's httpRequest helper wants. Errors describe the value by shape: it may hold a password.
 */
export function proxyOption(
	ctx: IExecuteFunctions,
	raw: unknown,
	itemIndex: number,
): IHttpRequestOptions['proxy'] {
	if (raw === undefined || raw === null || raw === '') return undefined;
	const fail = (got: string) =>
		new NodeOperationError(
			ctx.getNode(),
			`Proxy: expected a URL such as http://proxy.example.com:3128 or http://user:password@proxy:3128, got ${got}`,
			{ itemIndex },
		);
	if (typeof raw !== 'string') throw fail(`a ${typeof raw}`);
	let url: URL;
	try {
		url = new URL(raw.trim());
	} catch {
		throw fail('text that is not a URL');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:')
		throw fail(`a ${url.protocol} URL (only http:// and https:// proxies are supported)`);
	const protocol = url.protocol.slice(0, -1);
	return {
		protocol,
		host: url.hostname.replace(/^\[|\]$/g, ''),
		port: url.port ? Number(url.port) : protocol === 'https' ? 443 : 80,
		...(url.username
			? {
					auth: {
						username: decodeURIComponent(url.username),
						password: decodeURIComponent(url.password),
					},
				}
			: {}),
	};
}

export function lowercaseKeys(headers: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = value;
	return out;
}

/**
 * "POST https://api.example.com/v1/payments?x=1" for error descriptions. The token is placed later
 * (by the credential), so it is not in here; the secrets are redacted all the same.
 */
export function describeRequest(request: IHttpRequestOptions, secrets: string[]): string {
	const target = requestUrl(request);
	// A URL that does not parse (e.g. a refused protocol-relative one) is shown as it was given
	if (!URL.canParse(target)) return redact(`${request.method ?? 'GET'} ${target}`, secrets);
	const url = new URL(target);
	for (const [key, value] of Object.entries(request.qs ?? {})) {
		if (value === undefined || value === null) continue;
		for (const one of Array.isArray(value) ? value : [value])
			url.searchParams.append(key, typeof one === 'object' ? JSON.stringify(one) : String(one));
	}
	const via = request.proxy
		? ` (through the proxy ${request.proxy.host}:${request.proxy.port})`
		: '';
	return redact(`${request.method ?? 'GET'} ${url.toString()}${via}`, secrets);
}

/** HTTP 407 comes from the proxy, not from the API: said so, with the setting that fixes it. */
export function proxyRefusal(
	ctx: IExecuteFunctions,
	request: IHttpRequestOptions,
	itemIndex: number,
): NodeApiError {
	const where = request.proxy ? `${request.proxy.host}:${request.proxy.port}` : 'on the way';
	const message = `The proxy ${where} refused the request (HTTP 407 Proxy Authentication Required): check the user and password in Options > Proxy. The API did not receive it.`;
	return new NodeApiError(ctx.getNode(), { message: 'HTTP 407' } as JsonObject, {
		message,
		httpCode: '407',
		itemIndex,
	});
}
