/**
 * The credential's optional login steps, checked once: renewal with a refresh token, logout, a
 * request before the login (a CSRF value and cookies to carry), a request after it (a tenant
 * switch that hands out the token), and a TOTP code sent with the password. All live behind
 * Advanced Settings; each is off (undefined) unless its switch or URL is set.
 */
import type { PathSegment } from './paths';
import { parsePath } from './paths';
import { configError } from './errors';
import { httpUrl, jsonObject, oneOf, requiredText, text } from './configFields';
import { checkSendName } from './configGuards';
import { isHeaderNameSyntax } from './headerNames';
import { base32Text, decodeBase32Secret, type TotpAlgorithm } from './totp';
import { joinUrl, originOf } from './urls';

export interface RefreshSettings {
	/** absolute; the Login URL unless Refresh URL is set */
	url: string;
	method: 'POST' | 'PUT';
	/** grant_type=refresh_token form (OAuth2), a JSON field, or Authorization: Bearer <refresh token> */
	send: 'oauth2' | 'json' | 'bearer';
	/** the JSON body field (send: json) */
	field: string;
	/** where login and refresh answers carry the refresh token */
	source: 'body' | 'header' | 'cookie';
	path: PathSegment[];
	/** header or cookie name (source header or cookie) */
	name: string;
}

export interface LogoutSettings {
	url: string;
	method: 'POST' | 'DELETE' | 'GET';
	/** the access token as every call carries it, or the refresh token in a JSON field or an RFC 7009 form */
	send: 'call' | 'refreshJson' | 'refreshForm';
}

export interface CaptureSettings {
	from: 'header' | 'cookie' | 'json' | 'html';
	/** header or cookie name */
	name: string;
	path: PathSegment[];
	/** html: a regular expression whose first group is the value */
	pattern?: RegExp;
	sendAs: 'header' | 'body' | 'query';
	sendName: string;
}

export interface PreLoginSettings {
	url: string;
	method: 'GET' | 'POST';
	capture?: CaptureSettings;
}

export interface PostLoginSettings {
	url: string;
	method: 'POST' | 'GET' | 'PUT';
	body: Record<string, unknown>;
	/** where its answer holds the token to use instead of the login's; undefined: keep the login's */
	tokenPath?: PathSegment[];
}

export interface TotpConfig {
	key: Buffer;
	/** the secret as typed and as base32 letters alone: secrets to scrub, never sent */
	secretTexts: string[];
	digits: number;
	period: number;
	algorithm: TotpAlgorithm;
	sendIn: 'body' | 'header';
	name: string;
}

export interface LoginSteps {
	refresh?: RefreshSettings;
	logout?: LogoutSettings;
	preLogin?: PreLoginSettings;
	postLogin?: PostLoginSettings;
	totp?: TotpConfig;
}

interface Origins {
	baseUrl: string;
	apiOrigin: string;
	loginUrl: string;
}

/**
 * A step's URL: a path on the Base URL, or an absolute URL on the Base URL's or the Login URL's
 * origin (the token and the password go nowhere else). `allowLoginOrigin` false: the Base URL's only.
 */
function stepUrl(
	data: Record<string, unknown>,
	field: string,
	origins: Origins,
	fallback: string,
	allowLoginOrigin = true,
): string {
	const value = text(data, field);
	if (value === '') return fallback;
	if (value.startsWith('//'))
		throw configError(
			field,
			'a path such as /auth/refresh or a full https:// URL',
			'a protocol-relative URL (starting with //)',
		);
	const url = joinUrl(origins.baseUrl, value);
	httpUrl(url, field);
	const allowed = [origins.apiOrigin, ...(allowLoginOrigin ? [originOf(origins.loginUrl)] : [])];
	if (!allowed.includes(originOf(url)))
		throw configError(
			field,
			allowLoginOrigin
				? "a path on the Base URL, or a URL on the Base URL's or the Login URL's scheme, host and port"
				: 'a path on the Base URL, or a URL on its scheme, host and port',
			`a URL on another host (${originOf(url)})`,
		);
	return url;
}

function positiveInteger(
	data: Record<string, unknown>,
	field: string,
	fallback: number,
	range: [number, number],
): number {
	const raw = data[field] ?? fallback;
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < range[0] || value > range[1])
		throw configError(
			field,
			`a whole number from ${range[0]} to ${range[1]}`,
			typeof raw === 'string' ? `"${raw}"` : `a ${typeof raw}`,
		);
	return value;
}

function readRefresh(data: Record<string, unknown>, origins: Origins): RefreshSettings | undefined {
	if (data.useRefresh !== true) return undefined;
	const source = oneOf(data, 'refreshSource', ['body', 'header', 'cookie'] as const, 'body');
	const where = text(data, 'refreshPath', 'refresh_token');
	if (source !== 'body' && !isHeaderNameSyntax(where))
		throw configError(
			'refreshPath',
			`a ${source} name of letters, digits and - such as refresh_token`,
			`text of ${where.length} character(s) with other characters`,
		);
	return {
		url: stepUrl(data, 'refreshUrl', origins, origins.loginUrl),
		method: oneOf(data, 'refreshMethod', ['POST', 'PUT'] as const, 'POST'),
		send: oneOf(data, 'refreshSend', ['oauth2', 'json', 'bearer'] as const, 'oauth2'),
		field: text(data, 'refreshField', 'refresh_token'),
		source,
		path: source === 'body' ? parsePath(where, 'refreshPath') : [],
		name: source === 'body' ? '' : where,
	};
}

function readLogout(
	data: Record<string, unknown>,
	origins: Origins,
	refresh: RefreshSettings | undefined,
): LogoutSettings | undefined {
	if (text(data, 'logoutUrl') === '') return undefined;
	const send = oneOf(data, 'logoutSend', ['call', 'refreshJson', 'refreshForm'] as const, 'call');
	if (send !== 'call' && !refresh)
		throw configError(
			'logoutSend',
			'Access Token (as on every call), or Refresh Token turned on to send the refresh token',
			'a refresh-token choice without Refresh Token',
		);
	const method = oneOf(data, 'logoutMethod', ['POST', 'DELETE', 'GET'] as const, 'POST');
	// A GET carries its fields in the URL, where servers and proxies log them.
	if (method === 'GET' && send !== 'call')
		throw configError(
			'logoutMethod',
			'POST or DELETE to send the refresh token in the body',
			'GET, which would put the refresh token in the URL',
		);
	return {
		// The access token goes to the Base URL's origin only; a refresh token where the login goes too.
		url: stepUrl(data, 'logoutUrl', origins, '', send !== 'call'),
		method,
		send,
	};
}

function readCapture(data: Record<string, unknown>): CaptureSettings | undefined {
	const what = text(data, 'captureName');
	if (what === '') return undefined;
	const from = oneOf(data, 'captureFrom', ['header', 'cookie', 'json', 'html'] as const, 'cookie');
	let pattern: RegExp | undefined;
	if (from === 'html') {
		try {
			pattern = new RegExp(what, 'i');
		} catch {
			throw configError(
				'captureName',
				'a regular expression with one group, such as name="csrf" value="([^"]+)"',
				'text that is not a regular expression',
			);
		}
		if (!/\((?!\?)/.test(what))
			throw configError(
				'captureName',
				'a regular expression with one group ( … ) around the value',
				'one without a group',
			);
	}
	const sendAs = oneOf(data, 'captureSendAs', ['header', 'body', 'query'] as const, 'header');
	const sendName = requiredText(
		data,
		'captureSendName',
		'the header, body field or query parameter name the login takes the value in, such as X-CSRF-Token',
	);
	if (sendAs === 'header') checkSendName('header', sendName, 'captureSendName');
	return {
		from,
		name: from === 'header' || from === 'cookie' ? what : '',
		path: from === 'json' ? parsePath(what, 'captureName') : [],
		pattern,
		sendAs,
		sendName,
	};
}

function readPreLogin(
	data: Record<string, unknown>,
	origins: Origins,
): PreLoginSettings | undefined {
	if (data.usePreLogin !== true) return undefined;
	if (text(data, 'preLoginUrl') === '')
		throw configError(
			'preLoginUrl',
			'the page to fetch before the login, such as /login',
			'an empty value',
		);
	return {
		url: stepUrl(data, 'preLoginUrl', origins, ''),
		method: oneOf(data, 'preLoginMethod', ['GET', 'POST'] as const, 'GET'),
		capture: readCapture(data),
	};
}

function readPostLogin(
	data: Record<string, unknown>,
	origins: Origins,
): PostLoginSettings | undefined {
	if (data.usePostLogin !== true) return undefined;
	if (text(data, 'postLoginUrl') === '')
		throw configError(
			'postLoginUrl',
			'the request to send after the login, such as /tenants/select',
			'an empty value',
		);
	const tokenPath = text(data, 'postLoginPath');
	return {
		// It carries the new token: the Base URL's origin only.
		url: stepUrl(data, 'postLoginUrl', origins, '', false),
		method: oneOf(data, 'postLoginMethod', ['POST', 'GET', 'PUT'] as const, 'POST'),
		body: jsonObject(data, 'postLoginBody'),
		tokenPath: tokenPath === '' ? undefined : parsePath(tokenPath, 'postLoginPath'),
	};
}

function readTotp(data: Record<string, unknown>): TotpConfig | undefined {
	if (data.useTotp !== true) return undefined;
	const secret = typeof data.totpSecret === 'string' ? data.totpSecret : '';
	const sendIn = oneOf(data, 'totpSendIn', ['body', 'header'] as const, 'body');
	const name = text(data, 'totpField', 'otp');
	if (sendIn === 'header') checkSendName('header', name, 'totpField');
	return {
		key: decodeBase32Secret(secret),
		secretTexts: [secret.trim(), base32Text(secret)],
		digits: positiveInteger(data, 'totpDigits', 6, [6, 10]),
		period: positiveInteger(data, 'totpPeriod', 30, [1, 3600]),
		algorithm: oneOf(data, 'totpAlgorithm', ['SHA1', 'SHA256', 'SHA512'] as const, 'SHA1'),
		sendIn,
		name,
	};
}

export function readLoginSteps(data: Record<string, unknown>, origins: Origins): LoginSteps {
	const refresh = readRefresh(data, origins);
	return {
		refresh,
		logout: readLogout(data, origins, refresh),
		preLogin: readPreLogin(data, origins),
		postLogin: readPostLogin(data, origins),
		totp: readTotp(data),
	};
}
