/**
 * What a mock token API imitates. Options that mirror a Login Token API credential field carry
 * that field's name and default (sessionSource, sessionPath, expirySource, sessionLifetime,
 * sendSessionAs, sendSessionName, sendSessionPrefix, refreshOnStatus, ...), so a test reads
 * "provider X, credential X".
 */
import type { LoginAnswer } from '../loginAnswer';

export type LoginMisbehaviour =
	| 'none'
	| 'html'
	| 'emptyJson'
	| 'noToken'
	| 'serverError'
	| 'badExpiry'
	/** 200 whose keys are named like the error codes n8n rewrites messages for */
	| 'errorCodeKeys'
	/** the login is read (and counted), then the connection is closed without an answer */
	| 'resetConnection'
	/** a good login answer that trickles in, 2 bytes every 2 s (the connection is never idle) */
	| 'trickle';

/** One scripted login answer, used (once) before the normal login behaviour. */
export interface ScriptedLoginAnswer {
	status: number;
	headers?: Record<string, string>;
	body?: unknown;
}

/** How a wrong username or password is answered: a status and a JSON body (a JSON string too). */
export interface WrongPasswordAnswer {
	status: number;
	body: unknown;
}

export interface MockTokenApiOptions {
	// who may log in
	username?: string;
	password?: string;
	/** Login accepts POST, GET and PUT on this path. */
	loginPath?: string;
	usernameField?: string;
	passField?: string;
	/** Extra body fields the login requires; missing/wrong -> 400 {error:'invalid_request', missing:[keys]}. */
	requireBody?: Record<string, string>;
	/** Extra login headers required (case-insensitive names); missing/wrong -> 400 {error:'invalid_request', missingHeaders:[names]}. */
	requireHeaders?: Record<string, string>;
	/**
	 * Headers every request needs, the login included (Parse's X-Parse-Application-Id); missing or
	 * wrong -> 403 {error:'unauthorized'}, before anything else is looked at.
	 */
	apiHeaders?: Record<string, string>;
	/** How a wrong username or password is answered; default 401 {error:'invalid_grant', error_description:'Bad credentials'}. */
	wrongPasswordAnswer?: WrongPasswordAnswer;
	// what a token looks like and where the login answer carries it
	tokenFormat?: 'opaque' | 'jwt';
	sessionSource?: 'body' | 'header' | 'cookie';
	/** Dot path with [n] indexes, e.g. 'data.session.token' or 'data.tokens[0].value'. */
	sessionPath?: string;
	sessionHeaderName?: string;
	sessionCookieName?: string;
	// how expiry is told to the client
	expirySource?: 'expiresIn' | 'expiresAt' | 'none';
	expiresInPath?: string;
	expiresInAsString?: boolean;
	/** The unit the Expires-In field is written in (Directus: milliseconds). */
	expiresInUnit?: 'seconds' | 'milliseconds' | 'minutes';
	expiresAtPath?: string;
	expiresAtFormat?: 'iso' | 'epochSeconds' | 'epochMillis';
	/** Server-side lifetime in seconds; may be fractional. Fixed per token when it is issued. */
	sessionLifetime?: number;
	/** What the login answer (and a JWT's exp) claims; defaults to sessionLifetime. */
	advertisedLifetime?: number;
	// how a call must carry the token
	sendSessionAs?: 'bearer' | 'header' | 'query' | 'cookie';
	/** Header / query parameter / cookie name; defaults as the credential's: 'X-Auth-Token' / 'token' / 'session'. */
	sendSessionName?: string;
	/** Header mode only: the value must be prefix + token, e.g. 'Token '. */
	sendSessionPrefix?: string;
	// how an expired/revoked/unknown/missing token is answered
	refreshOnStatus?: number;
	/** Answer with this status and JSON body instead (e.g. 200 {code: 602}, as Marketo does). */
	expiredBody?: { status: number; body: Record<string, unknown> };
	singleSession?: boolean;
	loginDelayMs?: number;
	loginRateLimit?: { max: number; windowMs: number };
	loginMisbehaviour?: LoginMisbehaviour;
	/** A scripted login answer (status, headers, raw body) carrying the issued token: see ../loginAnswer.ts. */
	loginAnswer?: LoginAnswer;
	/** Login attempts are answered with these, one each, first to last; then as usual. */
	loginScript?: ScriptedLoginAnswer[];
	port?: number;
}

/** Options that stay undefined unless set (their default depends on other options, or "off"). */
type UnsetByDefault =
	| 'advertisedLifetime'
	| 'sendSessionName'
	| 'expiredBody'
	| 'loginRateLimit'
	| 'loginAnswer'
	| 'loginScript'
	| 'wrongPasswordAnswer';

export type ResolvedMockTokenApiOptions = Required<Omit<MockTokenApiOptions, UnsetByDefault>> &
	Pick<MockTokenApiOptions, UnsetByDefault>;

const DEFAULT_OPTIONS: Readonly<Required<Omit<MockTokenApiOptions, UnsetByDefault>>> =
	Object.freeze({
		username: 'alice',
		password: 'correct-horse-battery',
		loginPath: '/login',
		usernameField: 'username',
		passField: 'password',
		requireBody: {},
		requireHeaders: {},
		apiHeaders: {},
		tokenFormat: 'opaque',
		sessionSource: 'body',
		sessionPath: 'access_token',
		sessionHeaderName: 'X-Auth-Token',
		sessionCookieName: 'SESSIONID',
		expirySource: 'expiresIn',
		expiresInPath: 'expires_in',
		expiresInAsString: false,
		expiresInUnit: 'seconds',
		expiresAtPath: 'expires_at',
		expiresAtFormat: 'iso',
		sessionLifetime: 3600,
		sendSessionAs: 'bearer',
		sendSessionPrefix: '',
		refreshOnStatus: 401,
		singleSession: false,
		loginDelayMs: 0,
		loginMisbehaviour: 'none',
		port: 0,
	});

const KNOWN_OPTION_KEYS = new Set<string>([
	...Object.keys(DEFAULT_OPTIONS),
	'advertisedLifetime',
	'sendSessionName',
	'expiredBody',
	'loginRateLimit',
	'loginAnswer',
	'loginScript',
	'wrongPasswordAnswer',
]);

/**
 * Merges a patch into options. An undefined value restores the default (e.g. switches
 * expiredBody off again). Unknown keys throw: a typo in a test should fail loudly, not be ignored.
 */
export function applyOptionsPatch(
	current: ResolvedMockTokenApiOptions,
	patch: Partial<MockTokenApiOptions>,
	allowPort: boolean,
): ResolvedMockTokenApiOptions {
	const next: Record<string, unknown> = { ...current };
	const defaults: Record<string, unknown> = DEFAULT_OPTIONS;
	for (const [key, value] of Object.entries(patch)) {
		if (!KNOWN_OPTION_KEYS.has(key)) throw new Error(`Unknown mock token API option: ${key}`);
		if (key === 'port' && !allowPort) continue; // the port cannot change while listening
		next[key] = value === undefined || value === null ? defaults[key] : value;
	}
	return next as ResolvedMockTokenApiOptions;
}

export function resolveOptions(options: MockTokenApiOptions): ResolvedMockTokenApiOptions {
	return applyOptionsPatch({ ...DEFAULT_OPTIONS }, options, true);
}

/** The name a call must use for its token in header/query/cookie modes (the credential's defaults). */
export function sendSessionName(o: ResolvedMockTokenApiOptions): string {
	if (o.sendSessionName) return o.sendSessionName;
	if (o.sendSessionAs === 'query') return 'token';
	if (o.sendSessionAs === 'cookie') return 'session';
	return 'X-Auth-Token';
}

export function advertisedLifetime(o: ResolvedMockTokenApiOptions): number {
	return o.advertisedLifetime ?? o.sessionLifetime;
}
