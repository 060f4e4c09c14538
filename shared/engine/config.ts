import {
	checkLoginUrl,
	checkPrefix,
	checkReadHeaderName,
	checkSendName,
	checkTestPath,
	protocolRelative,
} from './configGuards';
import { configError } from './errors';
import { isFramingHeaderName, isHeaderNameSyntax } from './headerNames';
import { parsePath, type PathSegment } from './paths';
import { joinUrl } from './urls';

/** No token lives longer than this; values beyond it are mistakes (units, overflow), never lifetimes. */
export const MAX_LIFETIME_SECONDS = 365 * 24 * 3600;
import { readTlsSettings, type TlsSettings } from './tls';

/** The Login Token API credential, validated and normalised once, so nothing downstream re-checks it. */
export interface TokenConfig {
	baseUrl: string; // no trailing slash
	/** scheme://host:port of baseUrl: the only place the token is ever sent */
	apiOrigin: string;
	loginUrl: string; // absolute
	loginMethod: 'POST' | 'GET' | 'PUT';
	loginCredentialsIn: 'jsonBody' | 'formBody' | 'basicAuth';
	usernameField: string;
	passField: string;
	username: string;
	password: string;
	loginBody: Record<string, unknown>;
	loginHeaders: Record<string, string>;
	/** Headers for Every Call: on every call to the Base URL's origin (any node) and on a login there */
	apiHeaders: Record<string, string>;
	sessionSource: 'body' | 'header' | 'cookie';
	sessionPath: PathSegment[];
	sessionHeaderName: string;
	sessionCookieName: string;
	expirySource: 'auto' | 'expiresIn' | 'expiresAt' | 'jwt' | 'fixed';
	expiresInPath: PathSegment[];
	/** what one unit of the Expires-In field is (Directus answers milliseconds) */
	expiresInUnit: 'seconds' | 'milliseconds' | 'minutes';
	expiresAtPath: PathSegment[];
	tokenLifetimeSeconds: number;
	refreshMarginSeconds: number;
	sendSessionAs: 'bearer' | 'header' | 'query' | 'cookie';
	sendSessionName: string;
	sendSessionPrefix: string;
	refreshOnStatus: number[];
	expiredBodyMatch: Array<{ path: PathSegment[]; value: string }>;
	testPath: string;
	/** TLS for the login and every call (parity: TLS settings) */
	tls: TlsSettings;
}

function oneOf<T extends string>(
	data: Record<string, unknown>,
	field: string,
	allowed: readonly T[],
	fallback: T,
): T {
	const value = data[field] ?? fallback;
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
		return value as T;
	throw configError(field, `one of ${allowed.join(', ')}`, `"${String(value)}"`);
}

function text(data: Record<string, unknown>, field: string, fallback = ''): string {
	const value = data[field];
	if (value === undefined || value === null) return fallback;
	if (typeof value === 'string') return value.trim() === '' ? fallback : value.trim();
	if (typeof value === 'number') return String(value);
	throw configError(field, 'text', `a ${typeof value}`);
}

function secret(data: Record<string, unknown>, field: string): string {
	const value = data[field];
	return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function seconds(
	data: Record<string, unknown>,
	field: string,
	fallback: number,
	min: number,
): number {
	const raw = data[field] ?? fallback;
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (
		typeof value !== 'number' ||
		!Number.isFinite(value) ||
		value < min ||
		value > MAX_LIFETIME_SECONDS
	) {
		throw configError(
			field,
			`a number of seconds from ${min} to ${MAX_LIFETIME_SECONDS} (one year)`,
			typeof raw === 'string' ? `"${raw}"` : `a ${typeof raw}`,
		);
	}
	return value;
}

/** Credential JSON fields arrive as objects or as JSON text depending on how the credential was saved. */
function jsonObject(data: Record<string, unknown>, field: string): Record<string, unknown> {
	let value = data[field];
	if (value === undefined || value === null || value === '') return {};
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			throw configError(
				field,
				'a JSON object such as {"grant_type": "password"}',
				'text that is not valid JSON',
			);
		}
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw configError(
			field,
			'a JSON object such as {"grant_type": "password"}',
			Array.isArray(value) ? 'a list' : `a ${value === null ? 'null' : typeof value}`,
		);
	}
	return value as Record<string, unknown>;
}

function httpUrl(value: string, field: string): URL {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw configError(
			field,
			'an absolute URL starting with https:// or http://',
			'text that is not a URL',
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw configError(field, 'an http:// or https:// URL', `a ${url.protocol} URL`);
	}
	if (url.username || url.password) {
		throw configError(field, 'a URL without user:password@ (use Username and Password)');
	}
	return url;
}

function statusList(data: Record<string, unknown>, field: string): number[] {
	const raw = text(data, field, '401');
	const parts = raw
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
	const codes = parts.map(Number);
	if (codes.length === 0 || codes.some((code) => !Number.isInteger(code))) {
		throw configError(
			field,
			'comma-separated HTTP status codes between 400 and 499, such as "401, 403"',
			`"${raw}"`,
		);
	}
	// Only a 4xx says the request was refused unprocessed; a request answered 3xx or 5xx may have
	// been carried out, so re-sending it with a new token could book it twice.
	const wrong = codes.filter((code) => code < 400 || code > 499);
	if (wrong.length > 0) {
		throw configError(
			field,
			'status codes between 400 and 499 that mean the token was not accepted, such as "401, 403"',
			`${wrong.join(', ')} (a request answered so may have been carried out, and is never sent again)`,
		);
	}
	return codes;
}

function bodyMatches(
	data: Record<string, unknown>,
	field: string,
): TokenConfig['expiredBodyMatch'] {
	const raw = text(data, field);
	if (raw === '') return [];
	return raw.split(',').map((pair) => {
		const at = pair.indexOf('=');
		if (at <= 0)
			throw configError(
				field,
				'comma-separated path=value pairs such as "code=602, errcode=40001"',
				`"${pair.trim()}"`,
			);
		return { path: parsePath(pair.slice(0, at), field), value: pair.slice(at + 1).trim() };
	});
}

/**
 * A JSON object of headers, checked here so a bad one is a configuration error and never a request
 * that Node refuses halfway ("may have reached the server" would then be wrong: nothing was sent).
 */
function headerMap(object: Record<string, unknown>, field: string): Record<string, string> {
	const out: Record<string, string> = {};
	Object.entries(object).forEach(([key, value], index) => {
		const which = `header ${index + 1}`;
		if (value !== null && typeof value === 'object')
			throw configError(
				field,
				'a flat JSON object of header names to text values',
				`${Array.isArray(value) ? 'a list' : 'an object'} as the value of ${which}`,
			);
		if (!isHeaderNameSyntax(key))
			throw configError(
				field,
				'header names of letters, digits and - such as X-Api-Key',
				`a name of ${key.length} character(s) with other characters (spaces, colons, line breaks, …) as ${which}`,
			);
		if (isFramingHeaderName(key))
			throw configError(
				field,
				'headers the API reads, such as X-Api-Key',
				`"${key}", a header the HTTP client sets itself or a proxy reads`,
			);
		const text = String(value);
		if (/[\r\n\0]/.test(text))
			throw configError(
				field,
				'header values on one line',
				`a value with a line break or a NUL character for ${which}`,
			);
		out[key] = text;
	});
	return out;
}

export function parseTokenConfig(data: Record<string, unknown>): TokenConfig {
	const base = text(data, 'baseUrl');
	if (base === '')
		throw configError(
			'baseUrl',
			'the API address, e.g. https://api.example-bank.com',
			'an empty value',
		);
	const baseUrl = httpUrl(base, 'baseUrl');
	const normalisedBase = base.replace(/\/+$/, '');
	const loginPath = text(data, 'loginUrl', '/login');
	if (protocolRelative(loginPath))
		throw configError(
			'loginUrl',
			'a path such as /login or a full https:// URL',
			'a protocol-relative URL (starting with //)',
		);
	const loginUrl = joinUrl(normalisedBase, loginPath);
	checkLoginUrl(baseUrl, httpUrl(loginUrl, 'loginUrl'));

	const sessionSource = oneOf(data, 'sessionSource', ['body', 'header', 'cookie'] as const, 'body');
	const sendSessionAs = oneOf(
		data,
		'sendSessionAs',
		['bearer', 'header', 'query', 'cookie'] as const,
		'bearer',
	);
	const sendSessionName = text(
		data,
		'sendSessionName',
		{ bearer: 'Authorization', header: 'X-Auth-Token', query: 'token', cookie: 'session' }[
			sendSessionAs
		],
	);
	checkSendName(sendSessionAs, sendSessionName);
	const testPath = text(data, 'testPath');
	checkTestPath(baseUrl.origin, normalisedBase, testPath);

	return {
		baseUrl: normalisedBase,
		apiOrigin: baseUrl.origin,
		loginUrl,
		loginMethod: oneOf(data, 'loginMethod', ['POST', 'GET', 'PUT'] as const, 'POST'),
		loginCredentialsIn: oneOf(
			data,
			'loginCredentialsIn',
			['jsonBody', 'formBody', 'basicAuth'] as const,
			'jsonBody',
		),
		usernameField: text(data, 'usernameField', 'username'),
		passField: text(data, 'passField', 'password'),
		username: secret(data, 'username'),
		password: secret(data, 'password'),
		loginBody: jsonObject(data, 'loginBody'),
		loginHeaders: headerMap(jsonObject(data, 'loginHeaders'), 'loginHeaders'),
		apiHeaders: headerMap(jsonObject(data, 'apiHeaders'), 'apiHeaders'),
		sessionSource,
		sessionPath: parsePath(text(data, 'sessionPath', 'access_token'), 'sessionPath'),
		sessionHeaderName:
			sessionSource === 'header'
				? checkReadHeaderName(
						requiredText(data, 'sessionHeaderName', 'a response header name such as X-Auth-Token'),
					)
				: '',
		sessionCookieName:
			sessionSource === 'cookie'
				? requiredText(data, 'sessionCookieName', 'a cookie name such as SESSIONID')
				: '',
		expirySource: oneOf(
			data,
			'expirySource',
			['auto', 'expiresIn', 'expiresAt', 'jwt', 'fixed'] as const,
			'auto',
		),
		expiresInPath: parsePath(text(data, 'expiresInPath', 'expires_in'), 'expiresInPath'),
		expiresInUnit: oneOf(
			data,
			'expiresInUnit',
			['seconds', 'milliseconds', 'minutes'] as const,
			'seconds',
		),
		expiresAtPath: parsePath(text(data, 'expiresAtPath', 'expires_at'), 'expiresAtPath'),
		tokenLifetimeSeconds: seconds(data, 'sessionLifetime', 3600, 1),
		refreshMarginSeconds: seconds(data, 'refreshMargin', 60, 0),
		sendSessionAs,
		sendSessionName,
		sendSessionPrefix: checkPrefix(
			typeof data.sendSessionPrefix === 'string' ? data.sendSessionPrefix : '',
		),
		refreshOnStatus: statusList(data, 'refreshOnStatus'),
		expiredBodyMatch: bodyMatches(data, 'expiredBodyMatch'),
		testPath,
		tls: readTlsSettings(data),
	};
}

function requiredText(data: Record<string, unknown>, field: string, expected: string): string {
	const value = text(data, field);
	if (value === '') throw configError(field, expected, 'an empty value');
	return value;
}
