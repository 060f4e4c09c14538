/**
 * The steps around a login, each a pure request builder and answer reader (shared/runtime/login.ts
 * sends them): renewing with the refresh token, the pre-login request and what it captures (a CSRF
 * value, cookies), the post-login request (a tenant switch that may hand out the token), the
 * logout. Their answers are judged by the login's own rules (stepAnswer.ts).
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { TokenConfig } from './config';
import { parseSetCookies } from './cookies';
import { LoginTokenError } from './errors';
import { headerOf, type HttpResponse } from './http';
import { label, labelWhere } from './labels';
import { readTokenAnswer, setFields, stepRequest } from './login';
import { readPath } from './paths';
import { placeToken } from './placement';
import { configSecrets } from './secrets';
import {
	accessTokenPlace,
	jsonBody,
	rawText,
	requestLine,
	stepStatusError,
	type LoginStep,
} from './stepAnswer';
import { unsendableTextReason } from './tokenText';
import { loginScope, type TokenState } from './tokenState';

/** Longest captured value taken: a CSRF value is short; more is a misread page. */
const MAX_CAPTURED = 4096;
/**
 * How much of a pre-login page the HTML pattern searches. A pattern runs synchronously, and a
 * greedy one such as `value="(.*)" name="csrf"` over a one-line page that lacks the value costs the
 * square of its length (0.5 MB: 6 s with n8n's whole process stopped): a login form's hidden
 * field sits well inside this.
 */
export const MAX_HTML_SEARCHED = 256 * 1024;
/** Cookie values shorter than this (`dark`, `en`) are settings, not secrets to scrub everywhere. */
const MIN_SECRET_COOKIE = 8;

function stepOf(
	config: TokenConfig,
	name: string,
	request: IHttpRequestOptions,
	urlField: string,
	advice: string,
	secrets: string[],
	acceptsRedirect = false,
): LoginStep {
	return {
		name,
		line: requestLine(request),
		advice: () => advice,
		urlField,
		secrets: [...configSecrets(config), config.username, ...secrets],
		acceptsRedirect,
	};
}

// --- Refresh token ---

/** The refresh request: grant_type=refresh_token (OAuth2 form), a JSON field, or Authorization: Bearer. */
export function buildRefreshRequest(
	config: TokenConfig,
	refreshToken: string,
): IHttpRequestOptions {
	const refresh = config.steps.refresh;
	if (!refresh) throw new Error('buildRefreshRequest without Refresh Token settings');
	const request = stepRequest(config, refresh.url, refresh.method);
	if (refresh.send === 'bearer') {
		request.headers.Authorization = `Bearer ${refreshToken}`;
		return request;
	}
	if (refresh.send === 'json') {
		setFields(request, { [refresh.field]: refreshToken }, 'json');
		return request;
	}
	// OAuth2 (RFC 6749 6): the client's own fields of the password grant go along (client_id, …).
	const fields: IDataObject = { grant_type: 'refresh_token', refresh_token: refreshToken };
	for (const key of ['client_id', 'client_secret', 'scope', 'audience'])
		if (config.loginBody[key] !== undefined) fields[key] = config.loginBody[key] as string;
	setFields(request, fields, 'form');
	return request;
}

export function refreshStep(config: TokenConfig, refreshToken: string): LoginStep {
	return stepOf(
		config,
		'Refresh',
		buildRefreshRequest(config, refreshToken),
		'refreshUrl',
		`${labelWhere('refreshUrl')} and ${labelWhere('refreshSend')}`,
		[refreshToken],
	);
}

/**
 * The refresh answer: a new token (and its expiry) as a login answer carries them. A rotating
 * provider sends a new refresh token too; one that does not keeps the old one.
 */
export function readRefreshAnswer(
	config: TokenConfig,
	refreshToken: string,
	response: HttpResponse,
	now: number,
): TokenState {
	const step = refreshStep(config, refreshToken);
	const state = readTokenAnswer(config, step, response, now, accessTokenPlace(config, 'refresh'));
	return { ...state, refreshToken: state.refreshToken ?? refreshToken, renewedBy: 'refresh' };
}

// --- Pre-login step ---

export function buildPreLoginRequest(config: TokenConfig): IHttpRequestOptions {
	const pre = config.steps.preLogin;
	if (!pre) throw new Error('buildPreLoginRequest without Pre-Login settings');
	// A login page is HTML: ask for anything.
	return stepRequest(config, pre.url, pre.method, { Accept: '*/*' });
}

function preLoginStep(config: TokenConfig): LoginStep {
	return stepOf(
		config,
		'Pre-login step',
		buildPreLoginRequest(config),
		'preLoginUrl',
		`${labelWhere('preLoginUrl')} and ${labelWhere('preLoginMethod')}`,
		[],
		true,
	);
}

/** What the pre-login step hands to the login: the captured value (a secret, too) and the cookies it was given. */
export interface PreLoginOutcome {
	captured?: string;
	/** `name=value; name2=value2`, the live cookies the answer set */
	cookies?: string;
	/** the captured value, the Cookie header and each cookie value of any length a session id has */
	secrets: string[];
}

export function readPreLoginAnswer(
	config: TokenConfig,
	response: HttpResponse,
	now: number,
): PreLoginOutcome {
	const failure = stepStatusError(preLoginStep(config), response);
	if (failure) throw failure;
	const set = parseSetCookies(headerOf(response.headers, 'set-cookie'), now);
	const live = new Map<string, string>();
	for (const cookie of set) {
		if (cookie.deletes) live.delete(cookie.name);
		else if (cookie.name !== '') live.set(cookie.name, cookie.value);
	}
	const cookies = [...live].map(([name, value]) => `${name}=${value}`).join('; ') || undefined;
	const secrets = [
		cookies ?? '',
		...[...live.values()].filter((value) => value.length >= MIN_SECRET_COOKIE),
	].filter(Boolean);
	const capture = config.steps.preLogin?.capture;
	if (!capture) return { cookies, secrets };
	const captured = capturedValue(config, response, live);
	const answered = `the pre-login answer (${requestLine(buildPreLoginRequest(config))}, HTTP ${response.statusCode})`;
	if (captured === undefined || captured === '' || captured.length > MAX_CAPTURED) {
		const searched =
			capture.from === 'html' && (rawText(response.body) ?? '').length > MAX_HTML_SEARCHED
				? ` in its first ${MAX_HTML_SEARCHED / 1024} KB (the pattern searches no further)`
				: '';
		// The answer came and will come again alike: tokenMissing ends this execution's logins.
		throw new LoginTokenError(
			'tokenMissing',
			`${label('captureName')}: ${answered} ${captured === undefined || captured === '' ? `holds no such value${searched}` : `holds a value of ${captured.length} characters, longer than any such value`}${captureWhere(response, live)}`,
			{ field: 'captureName', loginStatus: response.statusCode },
		);
	}
	const unsendable =
		capture.sendAs === 'header' ? unsendableTextReason(captured, 'header') : undefined;
	if (unsendable)
		throw new LoginTokenError(
			'tokenUnusable',
			`${label('captureName')}: ${answered} holds a value with ${unsendable}, which a header cannot carry: choose ${label('captureSendAs')}: Body Field or Query Parameter, or capture another value`,
			{ field: 'captureSendAs', loginStatus: response.statusCode },
		);
	return { captured, cookies, secrets: [captured, ...secrets] };
}

function capturedValue(
	config: TokenConfig,
	response: HttpResponse,
	cookies: Map<string, string>,
): string | undefined {
	const capture = config.steps.preLogin?.capture;
	if (!capture) return undefined;
	switch (capture.from) {
		case 'header': {
			const value = headerOf(response.headers, capture.name);
			return typeof value === 'string'
				? value.trim()
				: Array.isArray(value)
					? String(value[0])
					: undefined;
		}
		case 'cookie':
			return cookies.get(capture.name);
		case 'json': {
			const lookup = readPath(jsonBody(response.body), capture.path);
			return lookup.found && (typeof lookup.value === 'string' || typeof lookup.value === 'number')
				? String(lookup.value)
				: undefined;
		}
		case 'html': {
			const match = capture.pattern?.exec(
				(rawText(response.body) ?? '').slice(0, MAX_HTML_SEARCHED),
			);
			return match?.[1];
		}
	}
}

/** What the answer offered instead, by names only. */
function captureWhere(response: HttpResponse, cookies: Map<string, string>): string {
	const names = [...cookies.keys()].join(', ') || 'none';
	return ` (cookies set: ${names}; content type ${String(headerOf(response.headers, 'content-type') ?? 'none').split(';')[0]})`;
}

// --- Post-login step ---

/** The post-login request, with the new token placed as every call carries it (the Base URL's origin only). */
export function buildPostLoginRequest(config: TokenConfig, token: string): IHttpRequestOptions {
	const post = config.steps.postLogin;
	if (!post) throw new Error('buildPostLoginRequest without Post-Login settings');
	const request = stepRequest(config, post.url, post.method);
	setFields(request, post.body as IDataObject, 'json');
	return placeToken(config, token, request);
}

/**
 * The post-login answer: the token it hands out at Post-Login Token Path (with its expiry, as a
 * login answer's), or the login's own token when that path is empty.
 */
export function readPostLoginAnswer(
	config: TokenConfig,
	login: TokenState,
	response: HttpResponse,
	now: number,
): TokenState {
	const post = config.steps.postLogin;
	if (!post) return login;
	const step = stepOf(
		config,
		'Post-login step',
		buildPostLoginRequest(config, login.token),
		'postLoginUrl',
		`${labelWhere('postLoginUrl')}, ${labelWhere('postLoginBody')} and the user's rights there`,
		[login.token, login.refreshToken ?? ''],
	);
	if (!post.tokenPath) {
		const failure = stepStatusError(step, response);
		if (failure) throw failure;
		return login;
	}
	const place = {
		source: 'body' as const,
		path: post.tokenPath,
		name: '',
		field: 'postLoginPath',
		answer: 'post-login',
		what: 'the token',
	};
	const state = readTokenAnswer(config, step, response, now, place);
	return { ...state, refreshToken: state.refreshToken ?? login.refreshToken };
}

// --- Logout ---

/**
 * The logout request, or undefined without a Logout URL, without the token it must carry, or when
 * the token belongs to another login (the credential was edited since): it never goes elsewhere.
 */
export function buildLogoutRequest(
	config: TokenConfig,
	state: TokenState,
): IHttpRequestOptions | undefined {
	const logout = config.steps.logout;
	if (!logout || state.scope !== loginScope(config)) return undefined;
	const request = stepRequest(config, logout.url, logout.method);
	if (logout.send === 'call')
		return state.token === '' ? undefined : placeToken(config, state.token, request);
	if (!state.refreshToken) return undefined;
	if (logout.send === 'refreshJson')
		setFields(
			request,
			{ [config.steps.refresh?.field ?? 'refresh_token']: state.refreshToken },
			'json',
		);
	else setFields(request, { token: state.refreshToken, token_type_hint: 'refresh_token' }, 'form');
	return request;
}

/**
 * Whether the provider confirmed the logout: a 2xx, or a 3xx (a portal's logout sends the browser
 * back to its login page); anything else, by status and its own text.
 */
export function readLogoutAnswer(
	config: TokenConfig,
	state: TokenState,
	request: IHttpRequestOptions,
	response: HttpResponse,
): { confirmed: true } | { confirmed: false; reason: string } {
	if (response.statusCode >= 200 && response.statusCode < 400) return { confirmed: true };
	const step = stepOf(config, 'Logout', request, 'logoutUrl', labelWhere('logoutUrl'), [
		state.token,
		state.refreshToken ?? '',
	]);
	const failure = stepStatusError(step, response);
	return {
		confirmed: false,
		reason: failure?.message ?? `${step.line} answered HTTP ${response.statusCode}`,
	};
}
