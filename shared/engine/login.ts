/**
 * The login: the request it sends (buildLoginRequest) and the token and expiry read from its
 * answer (readLoginResponse). Second of the token's three files (after tokenState.ts, before
 * placement.ts); expiry.ts, cookies.ts, paths.ts and tokenText.ts are its helpers.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { TokenConfig } from './config';
import { liveCookie, parseSetCookies } from './cookies';
import { isLoginTokenError, LoginTokenError, redactedError } from './errors';
import { readExpiry } from './expiry';
import {
	formEncode,
	headerKey,
	headerOf,
	parseJsonOrUndefined,
	withDefaultHeaders,
	type HttpResponse,
} from './http';
import { originOf } from './urls';
import { label, labelWhere, OPTION_LABELS } from './labels';
import { displayUrl } from './displayUrl';
import { providerText } from './providerText';
import { configSecrets } from './secrets';
import { describeShape, readPath } from './paths';
import { applyTls } from './tls';
import { assertSendable, numericToken } from './tokenText';
import { loginScope, type TokenState } from './tokenState';

/** Login calls must not hang an execution forever. */
export const LOGIN_TIMEOUT_MS = 30_000;

/**
 * The login request the credential describes. Redirects are not followed (a cookie login often
 * sets its cookie on a 302, read from the 302 itself) and no status throws, so the response can
 * be explained precisely.
 */
export function buildLoginRequest(config: TokenConfig): IHttpRequestOptions {
	// Headers for Every Call go to the Base URL's origin only: to a login there too (Parse wants its
	// application id on the login), never to a separate login server. Extra Login Headers win.
	const onApiOrigin = originOf(config.loginUrl) === config.apiOrigin;
	const headers: Record<string, string> = onApiOrigin
		? withDefaultHeaders(config.loginHeaders, config.apiHeaders)
		: { ...config.loginHeaders };
	if (headerKey(headers, 'accept') === undefined) headers.Accept = 'application/json';

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
		if (headerKey(headers, 'content-type') === undefined)
			headers['Content-Type'] = 'application/x-www-form-urlencoded';
		request.body = formEncode(fields);
	} else {
		if (headerKey(headers, 'content-type') === undefined)
			headers['Content-Type'] = 'application/json';
		request.body = fields;
		request.json = true;
	}
	return request;
}

function contentType(response: HttpResponse): string {
	const value = headerOf(response.headers, 'content-type');
	return typeof value === 'string' ? value.split(';')[0].trim() || 'none' : 'none';
}

/** The answer as text, when it came as text or bytes (the login asks n8n for text: see buildLoginRequest; n8n still hands over a Buffer for some content types). */
function rawText(body: unknown): string | undefined {
	if (typeof body === 'string') return body;
	if (body instanceof ArrayBuffer || Buffer.isBuffer(body))
		return Buffer.from(body as ArrayBuffer).toString('utf8');
	return undefined;
}

/** Providers answer JSON with odd content types, so any text that parses as JSON counts as JSON. */
function jsonBody(body: unknown): unknown {
	const text = rawText(body);
	if (text === undefined) return body;
	return parseJsonOrUndefined(text);
}

/** `POST https://api.example.com/login` as the login was sent; a GET login's query shows names only. */
export function loginRequestLine(config: TokenConfig): string {
	const { method, qs } = buildLoginRequest(config);
	return `${method ?? config.loginMethod} ${displayUrl(config.loginUrl, Object.keys(qs ?? {}))}`;
}

/** What the provider said, safe to show: its own short error text, scrubbed of the login's secrets. */
function saidText(config: TokenConfig, response: HttpResponse): string {
	const parsed = jsonBody(response.body);
	const said = providerText(parsed ?? rawText(response.body), contentType(response), [
		...configSecrets(config),
		config.username,
	]);
	return said ? ` with ${said}` : '';
}

/** The answer by shape, for the node's error details: content type and keys, never values. */
function answerShape(response: HttpResponse): string {
	const parsed = jsonBody(response.body);
	const text = parsed === undefined ? (rawText(response.body) ?? '') : '';
	const shape =
		parsed !== undefined
			? `the response had ${describeShape(parsed)}`
			: text === ''
				? 'the response had no body'
				: `the response was not JSON (${text.length} characters)`;
	return `Content type ${contentType(response)}; ${shape}.`;
}

/**
 * 4xx answers that mean "not now" rather than "no": a timeout, too early, too many logins. Every
 * other 4xx is a definitive refusal of this login (wrong password answered 400 by json-server-auth
 * and OAuth2's invalid_grant, 404 by Parse, 401/403 by most), tried once and then backed off.
 */
export const TEMPORARY_LOGIN_STATUSES: readonly number[] = [408, 425, 429];

export function isLoginRefusal(statusCode: number): boolean {
	return statusCode >= 400 && statusCode < 500 && !TEMPORARY_LOGIN_STATUSES.includes(statusCode);
}

/** The fields to check after a refusal with this status, by what the status usually means. */
function refusalAdvice(config: TokenConfig, statusCode: number): string {
	const sentAs = `${label('loginCredentialsIn')} (now: ${OPTION_LABELS.loginCredentialsIn[config.loginCredentialsIn]})`;
	const who = `${label('username')}, ${label('password')}`;
	if (statusCode === 401 || statusCode === 403) return `${who} and ${sentAs}`;
	if (statusCode === 400 || statusCode === 422)
		return config.loginCredentialsIn === 'basicAuth'
			? `${who}, ${sentAs} and ${labelWhere('loginBody')}`
			: `${who}, ${label('usernameField')}, ${label('passField')} and ${labelWhere('loginBody')}`;
	return `${who}, ${label('loginUrl')} and ${labelWhere('loginMethod')}`;
}

function statusError(config: TokenConfig, response: HttpResponse): LoginTokenError | undefined {
	const { statusCode } = response;
	// Everything the user needs is in the message: the credential Test shows only the message.
	const answered = `${loginRequestLine(config)} answered HTTP ${statusCode}`;
	if (isLoginRefusal(statusCode)) {
		return new LoginTokenError(
			'loginRefused',
			`Login refused: ${answered}${saidText(config, response)}. Check ${refusalAdvice(config, statusCode)}.`,
			{ loginStatus: statusCode, field: 'password', description: answerShape(response) },
		);
	}
	if (statusCode === 429) {
		const retryAfter = headerOf(response.headers, 'retry-after');
		const wait =
			typeof retryAfter === 'string' && /^[\w :,+-]{1,40}$/.test(retryAfter)
				? ` (Retry-After: ${retryAfter})`
				: '';
		return new LoginTokenError(
			'loginFailed',
			`Login rate-limited: ${answered}${wait}${saidText(config, response)}. The provider limits how often you may log in.`,
			{
				loginStatus: statusCode,
				description: `A token is reused until it nears expiry, so this usually means many credentials or workflows log in as the same user, or the token is rejected right after login (check ${labelWhere('refreshOnStatus')}). ${answerShape(response)}`,
			},
		);
	}
	if (statusCode >= 300 && statusCode < 400) {
		const location = headerOf(response.headers, 'location');
		let target = '';
		if (typeof location === 'string' && location.trim() !== '') {
			try {
				target = ` to ${displayUrl(new URL(location.trim(), config.loginUrl).toString())}`;
			} catch {
				target = '';
			}
		}
		return new LoginTokenError(
			'loginFailed',
			`Login answered a redirect without the token: ${answered}${target}. Set ${label('loginUrl')} to the address that answers the login itself, or, for a cookie login, choose ${label('sessionSource')}: Cookie with the cookie name the provider sets.`,
			{ loginStatus: statusCode, field: 'loginUrl', description: answerShape(response) },
		);
	}
	if (statusCode < 200 || statusCode >= 300) {
		return new LoginTokenError(
			'loginFailed',
			`Login failed: ${answered}${saidText(config, response)}.`,
			{ loginStatus: statusCode, description: answerShape(response) },
		);
	}
	return undefined;
}

function readToken(
	config: TokenConfig,
	response: HttpResponse,
	body: unknown,
	now: number,
): string {
	const missing = (field: string, message: string): LoginTokenError =>
		new LoginTokenError('tokenMissing', `${label(field)}: ${message}`, {
			field,
			loginStatus: response.statusCode,
		});

	if (config.sessionSource === 'header') {
		const value = headerOf(response.headers, config.sessionHeaderName);
		const token = Array.isArray(value) ? value[0] : value;
		if (typeof token !== 'string' || token.trim() === '') {
			const names = Object.keys(response.headers)
				.map((k) => k.toLowerCase())
				.join(', ');
			throw missing(
				'sessionHeaderName',
				`the login response has no "${config.sessionHeaderName}" header (headers present: ${names || 'none'})`,
			);
		}
		return token.trim().replace(/^bearer\s+/i, '');
	}
	if (config.sessionSource === 'cookie') {
		const cookies = parseSetCookies(headerOf(response.headers, 'set-cookie'), now);
		const cookie = liveCookie(cookies, config.sessionCookieName);
		if (!cookie) {
			const names = cookies.map((c) => (c.deletes ? `${c.name} (deleted)` : c.name)).join(', ');
			throw missing(
				'sessionCookieName',
				`the login response sets no live "${config.sessionCookieName}" cookie (cookies set: ${names || 'none'})`,
			);
		}
		return cookie.value;
	}
	if (body === undefined || body === null || typeof body !== 'object') {
		throw missing(
			'sessionPath',
			`the login response is not JSON (HTTP ${response.statusCode}, content type ${contentType(response)}), so the token cannot be read from a body path`,
		);
	}
	const lookup = readPath(body, config.sessionPath);
	if (!lookup.found) {
		throw missing(
			'sessionPath',
			`not found in the login response (the path stops after ${lookup.foundPath}, which has ${lookup.available})`,
		);
	}
	if (
		(typeof lookup.value !== 'string' && typeof lookup.value !== 'number') ||
		String(lookup.value).trim() === ''
	) {
		throw missing(
			'sessionPath',
			`the login response holds ${describeShape(lookup.value)} there, not a token text`,
		);
	}
	if (typeof lookup.value === 'number')
		return numericToken(
			lookup.value,
			rawText(response.body),
			config.sessionPath,
			response.statusCode,
		);
	return lookup.value.trim();
}

/**
 * The token, after the status is judged. A redirect is accepted when it carries the token in the
 * header or cookie the credential names (a cookie login often answers 302 to its start page).
 */
function tokenOf(config: TokenConfig, response: HttpResponse, body: unknown, now: number): string {
	const failure = statusError(config, response);
	if (!failure) return readToken(config, response, body, now);
	const { statusCode } = response;
	if (statusCode >= 300 && statusCode < 400 && config.sessionSource !== 'body') {
		try {
			return readToken(config, response, body, now);
		} catch {
			throw failure;
		}
	}
	throw failure;
}

/** Token and expiry from a login response, or an error that says exactly what is wrong. */
export function readLoginResponse(
	config: TokenConfig,
	response: HttpResponse,
	now: number,
): TokenState {
	const body = jsonBody(response.body);
	const token = tokenOf(config, response, body, now);
	try {
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
		return warning === undefined ? state : { ...state, expiryWarning: warning };
	} catch (error) {
		// The messages list the answer's keys, and an answer may use the token as a key.
		throw isLoginTokenError(error) ? redactedError(error, [token]) : error;
	}
}
