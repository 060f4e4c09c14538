/**
 * Reading the answer of a login step (the login itself, a refresh, the pre- and post-login
 * requests, a logout): its status judged by one rule for all of them, the provider's own short
 * text, the answer's shape for error details, and a token (or refresh token) read from the place
 * the credential names. Everything here describes an answer by shape and never shows its values.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import type { TokenConfig } from './config';
import { liveCookie, parseSetCookies } from './cookies';
import { displayUrl } from './displayUrl';
import { LoginTokenError } from './errors';
import { headerOf, parseJsonOrUndefined, type HttpResponse } from './http';
import { label, labelWhere } from './labels';
import { describeShape, readPath, type PathSegment } from './paths';
import { providerText } from './providerText';
import { redact } from './secrets';
import { numericToken, tokenSourceField } from './tokenText';

export function contentType(response: HttpResponse): string {
	const value = headerOf(response.headers, 'content-type');
	return typeof value === 'string' ? value.split(';')[0].trim() || 'none' : 'none';
}

/** The answer as text, when it came as text or bytes (steps ask n8n for text; n8n still hands over a Buffer for some content types). */
export function rawText(body: unknown): string | undefined {
	if (typeof body === 'string') return body;
	if (body instanceof ArrayBuffer || Buffer.isBuffer(body))
		return Buffer.from(body as ArrayBuffer).toString('utf8');
	return undefined;
}

/** Providers answer JSON with odd content types, so any text that parses as JSON counts as JSON. */
export function jsonBody(body: unknown): unknown {
	const text = rawText(body);
	if (text === undefined) return body;
	return parseJsonOrUndefined(text);
}

/** What the provider said, safe to show: its own short error text, scrubbed of the given secrets. */
export function saidText(response: HttpResponse, secrets: string[]): string {
	const parsed = jsonBody(response.body);
	const said = providerText(parsed ?? rawText(response.body), contentType(response), secrets);
	return said ? ` with ${said}` : '';
}

/**
 * The answer by shape, for the node's error details: content type and keys, never values (a key
 * may be a secret, such as a token used as a key: `secrets` are scrubbed).
 */
export function answerShape(response: HttpResponse, secrets: string[] = []): string {
	const parsed = jsonBody(response.body);
	const text = parsed === undefined ? (rawText(response.body) ?? '') : '';
	const shape =
		parsed !== undefined
			? `the response had ${describeShape(parsed)}`
			: text === ''
				? 'the response had no body'
				: `the response was not JSON (${text.length} characters)`;
	return redact(`Content type ${contentType(response)}; ${shape}.`, secrets);
}

/**
 * 4xx answers that mean "not now" rather than "no": a timeout, too early, too many logins. Every
 * other 4xx is a definitive refusal (wrong password answered 400 by json-server-auth and OAuth2's
 * invalid_grant, 404 by Parse, 401/403 by most), tried once and then backed off.
 */
export const TEMPORARY_LOGIN_STATUSES: readonly number[] = [408, 425, 429];

export function isLoginRefusal(statusCode: number): boolean {
	return statusCode >= 400 && statusCode < 500 && !TEMPORARY_LOGIN_STATUSES.includes(statusCode);
}

/** `POST https://api.example.com/login` as a request was sent: its query shows names only, never values. */
export function requestLine(request: IHttpRequestOptions): string {
	return `${request.method ?? 'GET'} ${displayUrl(String(request.url), Object.keys(request.qs ?? {}))}`;
}

/** One step of a login, as its messages name it. */
export interface LoginStep {
	/** 'Login', 'Refresh', 'Pre-login step', 'Post-login step' */
	name: string;
	/** `POST https://api.example.com/login`, as sent (query values hidden) */
	line: string;
	/** the fields to check after a refusal with this status */
	advice: (statusCode: number) => string;
	/** the form field a redirect points at (its URL) */
	urlField: string;
	/** secrets to keep out of the provider's quoted text */
	secrets: string[];
	/** a 3xx is an answer of its own (a login page that redirects), not a failure */
	acceptsRedirect?: boolean;
}

/** Why a step's answer is not a success, or undefined if it is (2xx; 3xx where the step accepts it). */
export function stepStatusError(
	step: LoginStep,
	response: HttpResponse,
): LoginTokenError | undefined {
	const { statusCode } = response;
	// Everything the user needs is in the message: the credential Test shows only the message.
	const answered = `${step.line} answered HTTP ${statusCode}`;
	const said = saidText(response, step.secrets);
	if (isLoginRefusal(statusCode)) {
		return new LoginTokenError(
			'loginRefused',
			`${step.name} refused: ${answered}${said}. Check ${step.advice(statusCode)}.`,
			{
				loginStatus: statusCode,
				field: 'password',
				description: answerShape(response, step.secrets),
			},
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
			`${step.name} rate-limited: ${answered}${wait}${said}. The provider limits how often you may log in.`,
			{
				loginStatus: statusCode,
				description: `A token is reused until it nears expiry, so this usually means many credentials or workflows log in as the same user, or the token is rejected right after login (check ${labelWhere('refreshOnStatus')}). ${answerShape(response, step.secrets)}`,
			},
		);
	}
	if (statusCode >= 300 && statusCode < 400) {
		if (step.acceptsRedirect) return undefined;
		const location = headerOf(response.headers, 'location');
		let target = '';
		if (typeof location === 'string' && location.trim() !== '') {
			try {
				const from = step.line.slice(step.line.indexOf(' ') + 1);
				target = ` to ${displayUrl(new URL(location.trim(), from).toString())}`;
			} catch {
				target = '';
			}
		}
		return new LoginTokenError(
			'loginFailed',
			`${step.name} answered a redirect without the token: ${answered}${target}. Set ${labelWhere(step.urlField)} to the address that answers the ${step.name.toLowerCase()} itself, or, for a cookie login, choose ${label('sessionSource')}: Cookie with the cookie name the provider sets.`,
			{
				loginStatus: statusCode,
				field: step.urlField,
				description: answerShape(response, step.secrets),
			},
		);
	}
	if (statusCode < 200 || statusCode >= 300) {
		return new LoginTokenError('loginFailed', `${step.name} failed: ${answered}${said}.`, {
			loginStatus: statusCode,
			description: answerShape(response, step.secrets),
		});
	}
	return undefined;
}

/** Where an answer carries a token (or a refresh token), and the form field that says so. */
export interface TokenPlace {
	source: 'body' | 'header' | 'cookie';
	path: PathSegment[];
	/** header or cookie name */
	name: string;
	/** the form field to name in messages */
	field: string;
	/** 'login', 'refresh', 'post-login': whose response it is, for messages */
	answer: string;
	/** 'the token', 'the refresh token' */
	what: string;
}

/** The access token's place, as the credential's Token Location and its field say. */
export function accessTokenPlace(config: TokenConfig, answer = 'login'): TokenPlace {
	const field = tokenSourceField(config);
	const name =
		config.sessionSource === 'header' ? config.sessionHeaderName : config.sessionCookieName;
	return {
		source: config.sessionSource,
		path: config.sessionPath,
		name,
		field,
		answer,
		what: 'the token',
	};
}

/** A token text read from `place` in the answer, or undefined when it is not there (`missing` says why). */
export function readTokenAt(
	place: TokenPlace,
	response: HttpResponse,
	body: unknown,
	now: number,
): { token: string } | { missing: LoginTokenError } {
	const missing = (message: string) => ({
		missing: new LoginTokenError('tokenMissing', `${label(place.field)}: ${message}`, {
			field: place.field,
			loginStatus: response.statusCode,
		}),
	});
	const of = `the ${place.answer} response`;
	if (place.source === 'header') {
		const value = headerOf(response.headers, place.name);
		const token = Array.isArray(value) ? value[0] : value;
		if (typeof token !== 'string' || token.trim() === '') {
			const names = Object.keys(response.headers)
				.map((k) => k.toLowerCase())
				.join(', ');
			return missing(`${of} has no "${place.name}" header (headers present: ${names || 'none'})`);
		}
		return { token: token.trim().replace(/^bearer\s+/i, '') };
	}
	if (place.source === 'cookie') {
		const cookies = parseSetCookies(headerOf(response.headers, 'set-cookie'), now);
		const cookie = liveCookie(cookies, place.name);
		if (!cookie) {
			const names = cookies.map((c) => (c.deletes ? `${c.name} (deleted)` : c.name)).join(', ');
			return missing(`${of} sets no live "${place.name}" cookie (cookies set: ${names || 'none'})`);
		}
		return { token: cookie.value };
	}
	if (body === undefined || body === null || typeof body !== 'object') {
		return missing(
			`${of} is not JSON (HTTP ${response.statusCode}, content type ${contentType(response)}), so ${place.what} cannot be read from a body path`,
		);
	}
	const lookup = readPath(body, place.path);
	if (!lookup.found)
		return missing(
			`not found in ${of} (the path stops after ${lookup.foundPath}, which has ${lookup.available})`,
		);
	if (
		(typeof lookup.value !== 'string' && typeof lookup.value !== 'number') ||
		String(lookup.value).trim() === ''
	)
		return missing(`${of} holds ${describeShape(lookup.value)} there, not a token text`);
	if (typeof lookup.value === 'number')
		return {
			token: numericToken(lookup.value, rawText(response.body), place.path, response.statusCode),
		};
	return { token: lookup.value.trim() };
}
