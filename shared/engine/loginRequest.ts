import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { TokenConfig } from './config';
import { applyTls } from './tls';

/** Login calls must not hang an execution forever. */
export const LOGIN_TIMEOUT_MS = 30_000;

function hasHeader(headers: Record<string, string>, name: string): boolean {
	return Object.keys(headers).some((key) => key.toLowerCase() === name.toLowerCase());
}

/**
 * The login request the credential describes. Redirects are not followed (a cookie login often
 * sets its cookie on a 302, read from the 302 itself) and no status throws, so the response can
 * be explained precisely.
 */
export function buildLoginRequest(config: TokenConfig): IHttpRequestOptions {
	const headers: Record<string, string> = { ...config.loginHeaders };
	if (!hasHeader(headers, 'accept')) headers.Accept = 'application/json';

	// The login goes through the same TLS settings as the calls (private CA, client certificate).
	const request: IHttpRequestOptions = applyTls(config.tls, {
		url: config.loginUrl,
		method: config.loginMethod,
		headers,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: LOGIN_TIMEOUT_MS,
		// The answer as text, parsed here: a numeric token above 2^53 keeps its digits (see numericToken).
		encoding: 'text',
	} as IHttpRequestOptions);

	const fields: IDataObject = { ...(config.loginBody as IDataObject) };
	if (config.loginCredentialsIn === 'basicAuth') {
		request.auth = { username: config.username, password: config.password };
	} else {
		fields[config.usernameField] = config.username;
		fields[config.passField] = config.password;
	}
	if (Object.keys(fields).length === 0) return request;

	if (config.loginMethod === 'GET') {
		// A GET has no body: legacy APIs that log in with GET take the fields as query parameters.
		request.qs = fields;
	} else if (config.loginCredentialsIn === 'formBody') {
		if (!hasHeader(headers, 'content-type'))
			headers['Content-Type'] = 'application/x-www-form-urlencoded';
		request.body = new URLSearchParams(
			Object.entries(fields).map(([key, value]): [string, string] => [
				key,
				typeof value === 'object' ? JSON.stringify(value) : String(value),
			]),
		).toString();
	} else {
		if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
		request.body = fields;
		request.json = true;
	}
	return request;
}
