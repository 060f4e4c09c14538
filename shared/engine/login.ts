/**
 * The login: the request it sends (buildLoginRequest) and the token and expiry read from its
 * answer (readLoginResponse). Second of the token's three files (after tokenState.ts, before
 * placement.ts); expiry.ts, cookies.ts, paths.ts and tokenText.ts are its helpers.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { TokenConfig } from './config';
import { isLoginTokenError, LoginTokenError, redactedError } from './errors';
import { readExpiry } from './expiry';
import { formEncode, headerKey, headerOf, withDefaultHeaders, type HttpResponse } from './http';
import { label, labelWhere, OPTION_LABELS } from './labels';
import { configSecrets } from './secrets';
import {
	accessTokenPlace,
	jsonBody,
	readTokenAt,
	requestLine,
	stepStatusError,
	type LoginStep,
	type TokenPlace,
} from './stepAnswer';
import type { RefreshSettings } from './stepsConfig';
import { applyTls } from './tls';
import { assertSendable } from './tokenText';
import { loginScope, type TokenState } from './tokenState';
import { originOf } from './urls';

/** Login calls must not hang an execution forever. */
export const LOGIN_TIMEOUT_MS = 30_000;

/**
 * What every step of a login sends: to `url` with `method`, the Headers for Every Call where `url`
 * is on the Base URL's origin (Parse wants its application id on the login too; never to a
 * separate login server), `headers` over them, JSON accepted, the credential's TLS settings (a
 * private CA, a client certificate). Redirects are not followed (a cookie login often sets its
 * cookie on a 302, read from the 302 itself) and no status throws, so the answer can be explained.
 */
export function stepRequest(
	config: TokenConfig,
	url: string,
	method: IHttpRequestOptions['method'],
	headers: Record<string, string> = {},
): IHttpRequestOptions & { headers: Record<string, string> } {
	const all: Record<string, string> =
		originOf(url) === config.apiOrigin
			? withDefaultHeaders(headers, config.apiHeaders)
			: { ...headers };
	if (headerKey(all, 'accept') === undefined) all.Accept = 'application/json';
	return applyTls(config.tls, {
		url,
		method,
		headers: all,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: LOGIN_TIMEOUT_MS,
		// The answer as text, parsed here: a numeric token above 2^53 keeps its digits (see numericToken).
		encoding: 'text',
	} as IHttpRequestOptions & { headers: Record<string, string> });
}

/** Fields as the request's body: a form, or JSON (a GET carries them as query parameters). */
export function setFields(
	request: IHttpRequestOptions & { headers: Record<string, string> },
	fields: IDataObject,
	as: 'form' | 'json',
): void {
	if (Object.keys(fields).length === 0) return;
	if (request.method === 'GET') {
		request.qs = { ...(request.qs ?? {}), ...fields };
	} else if (as === 'form') {
		if (headerKey(request.headers, 'content-type') === undefined)
			request.headers['Content-Type'] = 'application/x-www-form-urlencoded';
		request.body = formEncode(fields);
	} else {
		if (headerKey(request.headers, 'content-type') === undefined)
			request.headers['Content-Type'] = 'application/json';
		request.body = fields;
		request.json = true;
	}
}

/** What a login carries beside the password: a value the pre-login step captured, its cookies, a TOTP code. */
export interface LoginExtras {
	captured?: string;
	/** the Cookie header for the login (cookies the pre-login step was given) */
	cookies?: string;
	otp?: string;
}

/** The login request the credential describes (see stepRequest for what every step sends). */
export function buildLoginRequest(
	config: TokenConfig,
	extras: LoginExtras = {},
): IHttpRequestOptions {
	const { capture } = config.steps.preLogin ?? {};
	const { totp } = config.steps;
	const headers: Record<string, string> = { ...config.loginHeaders };
	if (extras.cookies) headers.Cookie = extras.cookies;
	if (capture?.sendAs === 'header' && extras.captured !== undefined)
		headers[capture.sendName] = extras.captured;
	if (totp?.sendIn === 'header' && extras.otp !== undefined) headers[totp.name] = extras.otp;
	const request = stepRequest(config, config.loginUrl, config.loginMethod, headers);

	const fields: IDataObject = { ...(config.loginBody as IDataObject) };
	if (config.loginCredentialsIn === 'basicAuth') {
		request.auth = { username: config.username, password: config.password };
	} else {
		fields[config.usernameField] = config.username;
		fields[config.passField] = config.password;
	}
	if (capture?.sendAs === 'body' && extras.captured !== undefined)
		fields[capture.sendName] = extras.captured;
	if (capture?.sendAs === 'query' && extras.captured !== undefined)
		request.qs = { [capture.sendName]: extras.captured };
	if (totp?.sendIn === 'body' && extras.otp !== undefined) fields[totp.name] = extras.otp;
	// A GET has no body: legacy APIs that log in with GET take the fields as query parameters.
	setFields(request, fields, config.loginCredentialsIn === 'formBody' ? 'form' : 'json');
	return request;
}

/** `POST https://api.example.com/login` as the login was sent; a GET login's query shows names only. */
export function loginRequestLine(config: TokenConfig): string {
	return requestLine(buildLoginRequest(config));
}

/** The fields to check after a refusal with this status, by what the status usually means. */
function refusalAdvice(config: TokenConfig, statusCode: number): string {
	const sentAs = `${label('loginCredentialsIn')} (now: ${OPTION_LABELS.loginCredentialsIn[config.loginCredentialsIn]})`;
	const who = `${label('username')}, ${label('password')}`;
	const totp = config.steps.totp
		? `, ${labelWhere('totpSecret')} (and the n8n server's clock)`
		: '';
	if (statusCode === 401 || statusCode === 403) return `${who}${totp} and ${sentAs}`;
	if (statusCode === 400 || statusCode === 422)
		return config.loginCredentialsIn === 'basicAuth'
			? `${who}${totp}, ${sentAs} and ${labelWhere('loginBody')}`
			: `${who}${totp}, ${label('usernameField')}, ${label('passField')} and ${labelWhere('loginBody')}`;
	return `${who}${totp}, ${label('loginUrl')} and ${labelWhere('loginMethod')}`;
}

/** The login as a step of its own (shared/engine/stepAnswer.ts judges every step's answer alike). */
export function loginStep(config: TokenConfig, extraSecrets: string[] = []): LoginStep {
	return {
		name: 'Login',
		line: loginRequestLine(config),
		advice: (statusCode) => refusalAdvice(config, statusCode),
		urlField: 'loginUrl',
		secrets: [...configSecrets(config), config.username, ...extraSecrets],
	};
}

/**
 * The token, after the status is judged. A redirect is accepted when it carries the token in the
 * header or cookie the credential names (a cookie login often answers 302 to its start page).
 */
function tokenOf(
	step: LoginStep,
	place: TokenPlace,
	response: HttpResponse,
	body: unknown,
	now: number,
): string {
	const failure = stepStatusError(step, response);
	const read =
		failure && !(response.statusCode >= 300 && response.statusCode < 400 && place.source !== 'body')
			? undefined
			: readTokenAt(place, response, body, now);
	if (read && 'token' in read) return read.token;
	throw failure ?? (read as { missing: LoginTokenError }).missing;
}

/**
 * Token, expiry and (with Refresh Token on) the refresh token from the answer of a login step, or
 * an error that says exactly what is wrong. `place`: where the token is (default: Token Location).
 */
export function readTokenAnswer(
	config: TokenConfig,
	step: LoginStep,
	response: HttpResponse,
	now: number,
	place: TokenPlace = accessTokenPlace(config),
): TokenState {
	const body = jsonBody(response.body);
	let token = '';
	try {
		token = tokenOf(step, place, response, body, now);
		assertSendable(config, token, response.statusCode);
		const date = headerOf(response.headers, 'date');
		const serverNow = typeof date === 'string' ? Date.parse(date) : NaN;
		const { expiresAt, warning } = readExpiry(config, {
			token,
			body,
			now,
			serverNow: Number.isNaN(serverNow) ? undefined : serverNow,
		});
		const state: TokenState = { token, expiresAt, obtainedAt: now, scope: loginScope(config) };
		if (warning !== undefined) state.expiryWarning = warning;
		const refresh = config.steps.refresh;
		if (refresh) {
			const read = readTokenAt(refreshTokenPlace(refresh, place.answer), response, body, now);
			if ('token' in read) state.refreshToken = read.token;
		}
		return state;
	} catch (error) {
		// The messages list the answer's keys, and an answer may use a token as a key: the new one,
		// or (post-login) the login's own.
		throw isLoginTokenError(error) ? redactedError(error, [token, ...step.secrets]) : error;
	}
}

/** Token and expiry from a login response, or an error that says exactly what is wrong. */
export function readLoginResponse(
	config: TokenConfig,
	response: HttpResponse,
	now: number,
	extraSecrets: string[] = [],
): TokenState {
	return readTokenAnswer(config, loginStep(config, extraSecrets), response, now);
}

/** Where login and refresh answers carry the refresh token (Refresh Token Location and Path). */
export function refreshTokenPlace(refresh: RefreshSettings, answer = 'login'): TokenPlace {
	return {
		source: refresh.source,
		path: refresh.path,
		name: refresh.name,
		field: 'refreshPath',
		answer,
		what: 'the refresh token',
	};
}
