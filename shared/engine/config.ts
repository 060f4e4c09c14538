import {
	checkLoginUrl,
	checkPrefix,
	checkReadHeaderName,
	checkSendName,
	checkTestPath,
	protocolRelative,
} from './configGuards';
import {
	headerMap,
	httpUrl,
	jsonObject,
	oneOf,
	requiredText,
	seconds,
	secret,
	text,
} from './configFields';
import { configError } from './errors';
import { parsePath, type PathSegment } from './paths';
import { joinUrl } from './urls';
import { readLoginSteps, type LoginSteps } from './stepsConfig';
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
	/** refresh token, logout, pre- and post-login steps, TOTP (stepsConfig.ts) */
	steps: LoginSteps;
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
		steps: readLoginSteps(data, { baseUrl: normalisedBase, apiOrigin: baseUrl.origin, loginUrl }),
	};
}
