import type { IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import {
	assertCredentialHost,
	isCredentialHost,
	isCredentialHeader,
	isExpiredTokenResponse,
	originOf,
	proxySecrets,
	redact,
	rejectedAgainMessage,
	requestUrl,
	type HttpResponse,
	type TokenConfig,
} from '../engine';
import { describeNetworkError } from './networkError';
import { isSingleUseBody, SINGLE_USE_BODY_MESSAGE } from './replayableBody';
import { CREDENTIAL_TYPE, type TokenSession } from './session';

export interface RedirectOptions {
	followRedirects: boolean;
	maxRedirects: number;
}

/** Why a request failed before any answer, in words that quote no URL, header or library text. */
export class RequestFailure extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'RequestFailure';
	}
}

function networkFailure(
	error: unknown,
	request: IHttpRequestOptions,
	secrets: string[],
	config: TokenConfig,
): RequestFailure {
	const url = requestUrl(request);
	const route = {
		proxy: request.proxy ? `${request.proxy.host}:${request.proxy.port}` : undefined,
		foreign: !isCredentialHost(config, url),
	};
	const phrase = describeNetworkError(
		error,
		'the request',
		new URL(url).host,
		secrets,
		config.tls,
		route,
	);
	return new RequestFailure(
		`${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}; it was not sent again`,
	);
}

/** One HTTP exchange; the token is placed by the credential's authenticate(), on the credential's host only. */
async function sendOnce(
	ctx: IExecuteFunctions,
	session: TokenSession,
	request: IHttpRequestOptions,
	withToken: boolean,
): Promise<HttpResponse> {
	const options: IHttpRequestOptions = {
		...request,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true, // statuses are ours to judge: n8n's own retry would re-send non-idempotent calls
		disableFollowRedirect: true, // redirects are followed below, so the token never follows one off-host
		encoding: 'arraybuffer',
	};
	try {
		if (!withToken) return (await ctx.helpers.httpRequest(options)) as HttpResponse;
		const reference = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
		return (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options, {
			credentialsDecrypted: {
				id: reference?.id ?? '',
				name: reference?.name ?? '',
				type: CREDENTIAL_TYPE,
				data: { ...session.credentialData },
			},
		})) as HttpResponse;
	} catch (error) {
		// Every token this execution held and the password: read only when a request failed.
		const secrets = [...session.secrets, ...proxySecrets(request.proxy)];
		throw networkFailure(error, request, secrets, session.config);
	}
}

function locationOf(response: HttpResponse): string | undefined {
	const location = response.headers.location;
	return response.statusCode >= 300 &&
		response.statusCode < 400 &&
		typeof location === 'string' &&
		location !== ''
		? location
		: undefined;
}

/**
 * The next hop of a redirect, as browsers do it: 303 (and 301/302 after a POST) become a GET without
 * body. A hop to another origin goes without any header that may carry a credential (the user's
 * Authorization, X-Api-Key, Cookie, … too), and is refused if its URL carries a secret (an API that
 * copied a query-string token into Location).
 */
function nextHop(
	session: TokenSession,
	request: IHttpRequestOptions,
	status: number,
	location: string,
): IHttpRequestOptions {
	const url = new URL(location, requestUrl(request)).toString();
	const toGet = status === 303 || ((status === 301 || status === 302) && request.method === 'POST');
	const next: IHttpRequestOptions = { ...request, url, baseURL: undefined, qs: undefined };
	if (toGet) {
		next.method = 'GET' as IHttpRequestMethods;
		delete next.body;
	}
	if (isCredentialHost(session.config, url)) return next;
	const secrets = [...session.secrets, ...proxySecrets(request.proxy)];
	if (redact(url, secrets) !== url) {
		throw new RequestFailure(
			`Refusing to follow the redirect to ${originOf(url) ?? 'another host'}: its address carries the token or another secret of the credential, and only ${session.config.apiOrigin} (the credential's Base URL) may receive those; nothing was sent there`,
		);
	}
	const named = [session.config.sendSessionName, ...Object.keys(session.config.apiHeaders)];
	next.headers = Object.fromEntries(
		Object.entries(request.headers ?? {}).filter(([name]) => !isCredentialHeader(name, named)),
	);
	return next;
}

/**
 * Sends a request with the session's token. On an expired-token answer (status or body match) the
 * token is replaced once and the request sent once more; any other answer, a timeout or a network
 * error is returned or thrown as it is, never re-sent. Redirects to another host go without the token.
 */
export async function requestWithToken(
	ctx: IExecuteFunctions,
	session: TokenSession,
	request: IHttpRequestOptions,
	redirects: RedirectOptions,
): Promise<HttpResponse> {
	assertCredentialHost(session.config, requestUrl(request));
	const token = session.state.token;
	let response = await sendOnce(ctx, session, request, true);
	if (isExpiredTokenResponse(session.config, response.statusCode, response.body)) {
		await session.replaceRejected(token);
		// parity: an upload is sent again only if its body can be replayed (a Buffer, not a stream)
		if (isSingleUseBody(request.body)) throw new RequestFailure(SINGLE_USE_BODY_MESSAGE);
		response = await sendOnce(ctx, session, request, true);
		// Never a success item, whatever the status: the API did not accept the request.
		if (isExpiredTokenResponse(session.config, response.statusCode, response.body))
			throw new RequestFailure(rejectedAgainMessage(session.config, response.statusCode));
	}

	let current = request;
	for (let hops = 0; redirects.followRedirects; hops++) {
		const location = locationOf(response);
		if (location === undefined) break;
		if (hops >= redirects.maxRedirects) {
			throw new RequestFailure(
				`Stopped after ${redirects.maxRedirects} redirects (Options > Redirects > Max Redirects)`,
			);
		}
		current = nextHop(session, current, response.statusCode, location);
		response = await sendOnce(ctx, session, current, isCredentialHost(session.config, current.url));
	}
	return response;
}
