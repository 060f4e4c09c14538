/**
 * A mock HTTP API that hands out short-lived tokens after a login, for testing
 * the login-token credential and nodes without a real third-party service.
 *
 * Everything about the token dance is configurable (where credentials go, where
 * the token and its expiry come back, how calls must carry it, how an expired
 * token is answered) so one server can imitate many real APIs.
 *
 * Listens on 127.0.0.1 only. Can be driven in-process (startMockTokenApi) or from
 * another process via the /__mock/* admin endpoints and the CLI at the bottom.
 */
import * as http from 'node:http';
import * as crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { signJwt } from './jwt';

// ---------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------

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
	| 'resetConnection';

/** One scripted login answer, used (once) before the normal login behaviour. */
export interface ScriptedLoginAnswer {
	status: number;
	headers?: Record<string, string>;
	body?: unknown;
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
	// what a token looks like and where it is delivered
	tokenFormat?: 'opaque' | 'jwt';
	tokenIn?: 'body' | 'header' | 'cookie';
	/** Dot path with [n] indexes, e.g. 'data.session.token' or 'data.tokens[0].value'. */
	tokenBodyPath?: string;
	sessionHeaderName?: string;
	sessionCookieName?: string;
	// how expiry is told to the client
	expiryAs?: 'expiresIn' | 'expiresAt' | 'none';
	expiresInPath?: string;
	expiresInAsString?: boolean;
	expiresAtPath?: string;
	expiresAtFormat?: 'iso' | 'epochSeconds' | 'epochMillis';
	/** Server-side lifetime in seconds; may be fractional. Fixed per token when it is issued. */
	tokenTtlSeconds?: number;
	/** What the login response (and a JWT's exp) claims; defaults to tokenTtlSeconds. */
	advertisedTtlSeconds?: number;
	// how a call must carry the token
	acceptTokenAs?: 'bearer' | 'header' | 'query' | 'cookie';
	/** Header / query param / cookie name; defaults 'X-Auth-Token' / 'token' / 'SESSIONID'. */
	acceptTokenName?: string;
	/** Header mode only: the value must be prefix + token, e.g. 'Token '. */
	acceptTokenPrefix?: string;
	// how an expired/revoked/unknown/missing token is answered
	expiredStatus?: number;
	expiredBody?: { status: number; body: Record<string, unknown> };
	singleSession?: boolean;
	loginDelayMs?: number;
	loginRateLimit?: { max: number; windowMs: number };
	loginMisbehaviour?: LoginMisbehaviour;
	/** Login attempts are answered with these, one each, first to last; then as usual. */
	loginScript?: ScriptedLoginAnswer[];
	port?: number;
}

/** Options that stay undefined unless set (their default depends on other options, or "off"). */
type UnsetByDefault =
	| 'advertisedTtlSeconds'
	| 'acceptTokenName'
	| 'expiredBody'
	| 'loginRateLimit'
	| 'loginScript';

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
		tokenFormat: 'opaque',
		tokenIn: 'body',
		tokenBodyPath: 'access_token',
		sessionHeaderName: 'X-Auth-Token',
		sessionCookieName: 'SESSIONID',
		expiryAs: 'expiresIn',
		expiresInPath: 'expires_in',
		expiresInAsString: false,
		expiresAtPath: 'expires_at',
		expiresAtFormat: 'iso',
		tokenTtlSeconds: 3600,
		acceptTokenAs: 'bearer',
		acceptTokenPrefix: '',
		expiredStatus: 401,
		singleSession: false,
		loginDelayMs: 0,
		loginMisbehaviour: 'none',
		port: 0,
	});

const KNOWN_OPTION_KEYS = new Set<string>([
	...Object.keys(DEFAULT_OPTIONS),
	'advertisedTtlSeconds',
	'acceptTokenName',
	'expiredBody',
	'loginRateLimit',
	'loginScript',
]);

/**
 * Merges a patch into options. An undefined or null value restores the default,
 * so an HTTP client (JSON has no undefined) can switch e.g. expiredBody off again.
 * Unknown keys throw: a typo in a test should fail loudly, not be ignored.
 */
function applyOptionsPatch(
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

function resolveOptions(options: MockTokenApiOptions): ResolvedMockTokenApiOptions {
	return applyOptionsPatch({ ...DEFAULT_OPTIONS }, options, true);
}

/** The name a call must use for its token in header/query/cookie modes. */
function acceptTokenName(o: ResolvedMockTokenApiOptions): string {
	if (o.acceptTokenName) return o.acceptTokenName;
	if (o.acceptTokenAs === 'query') return 'token';
	if (o.acceptTokenAs === 'cookie') return 'SESSIONID';
	return 'X-Auth-Token';
}

function advertisedTtlSeconds(o: ResolvedMockTokenApiOptions): number {
	return o.advertisedTtlSeconds ?? o.tokenTtlSeconds;
}

// ---------------------------------------------------------------------------
// Dot paths with [n] indexes: 'data.tokens[0].value'
// ---------------------------------------------------------------------------

export type PathSegment = string | number;

/** Splits 'a.b[0].c' into ['a', 'b', 0, 'c']. */
export function parsePath(path: string): PathSegment[] {
	const segments: PathSegment[] = [];
	for (const part of path.split('.')) {
		const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
		if (!match || (match[1] === '' && match[2] === '')) throw new Error(`Invalid path: ${path}`);
		if (match[1]) segments.push(match[1]);
		for (const index of (match[2] ?? '').match(/\d+/g) ?? []) segments.push(Number(index));
	}
	if (segments.length === 0) throw new Error(`Invalid path: ${path}`);
	return segments;
}

/** Sets `value` at `path`, creating objects/arrays on the way and reusing existing ones. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
	const segments = parsePath(path);
	let node: Record<string | number, unknown> = target;
	segments.forEach((segment, i) => {
		if (i === segments.length - 1) {
			node[segment] = value;
			return;
		}
		const nextIsIndex = typeof segments[i + 1] === 'number';
		const existing = node[segment];
		if (typeof existing !== 'object' || existing === null) node[segment] = nextIsIndex ? [] : {};
		node = node[segment] as Record<string | number, unknown>;
	});
}

/** Reads the value at `path`, or undefined when any step is missing. */
export function getPath(source: unknown, path: string): unknown {
	let node: unknown = source;
	for (const segment of parsePath(path)) {
		if (typeof node !== 'object' || node === null) return undefined;
		node = (node as Record<string | number, unknown>)[segment];
	}
	return node;
}

// ---------------------------------------------------------------------------
// Small HTTP helpers
// ---------------------------------------------------------------------------

type Query = Record<string, string | string[]>;

function readBody(req: http.IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function searchParamsToObject(params: URLSearchParams): Query {
	const result: Query = {};
	params.forEach((value, key) => {
		const existing = result[key];
		if (existing === undefined) result[key] = value;
		else result[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	});
	return result;
}

/** JSON and form bodies become objects; anything else stays a string; an empty body is null. */
function parseBody(raw: Buffer, contentType: string | undefined): unknown {
	if (raw.length === 0) return null;
	const text = raw.toString('utf8');
	const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
	if (type === 'application/json' || type.endsWith('+json')) {
		try {
			return JSON.parse(text) as unknown;
		} catch {
			return text; // malformed JSON is echoed raw rather than rejected
		}
	}
	if (type === 'application/x-www-form-urlencoded')
		return searchParamsToObject(new URLSearchParams(text));
	return text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function headerValue(req: http.IncomingMessage, name: string): string | undefined {
	const value = req.headers[name.toLowerCase()];
	return Array.isArray(value) ? value.join(', ') : value;
}

function parseCookies(header: string | undefined): Record<string, string> {
	const cookies: Record<string, string> = {};
	for (const pair of (header ?? '').split(';')) {
		const eq = pair.indexOf('=');
		if (eq <= 0) continue;
		const name = pair.slice(0, eq).trim();
		if (!(name in cookies)) cookies[name] = pair.slice(eq + 1).trim();
	}
	return cookies;
}

/** Tracks timers so close() can cancel pending delays and never leaves Jest hanging. */
class TimerSet {
	private readonly timers = new Set<NodeJS.Timeout>();

	sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(
				() => {
					this.timers.delete(timer);
					resolve();
				},
				Math.max(0, ms),
			);
			this.timers.add(timer);
		});
	}

	clear(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}
}

function listen(server: http.Server, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve((server.address() as AddressInfo).port);
		});
	});
}

/** Stops listening and drops keep-alive connections, so close() resolves promptly. */
function closeServer(server: http.Server): Promise<void> {
	return new Promise((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
}

// ---------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------

interface TokenEntry {
	issuedAt: number;
	/** Epoch ms; a token is valid while now < expiresAt. */
	expiresAt: number;
	revoked: boolean;
}

class TokenStore {
	private readonly tokens = new Map<string, TokenEntry>();

	add(token: string, issuedAt: number, ttlMs: number): void {
		this.tokens.set(token, { issuedAt, expiresAt: issuedAt + ttlMs, revoked: false });
	}

	isValid(token: string, now: number): boolean {
		const entry = this.tokens.get(token);
		return entry !== undefined && !entry.revoked && now < entry.expiresAt;
	}

	revokeAll(): void {
		for (const entry of this.tokens.values()) entry.revoked = true;
	}

	/** Like revokeAll, but the tokens really run out of time (they are expired, not revoked). */
	expireAll(now: number): void {
		for (const entry of this.tokens.values()) entry.expiresAt = Math.min(entry.expiresAt, now);
	}

	all(): string[] {
		return [...this.tokens.keys()];
	}

	live(now: number): string[] {
		return this.all().filter((token) => this.isValid(token, now));
	}
}

function createToken(o: ResolvedMockTokenApiOptions, issuedAt: number, jwtSecret: Buffer): string {
	if (o.tokenFormat !== 'jwt') return `tok_${crypto.randomBytes(20).toString('hex')}`;
	const iat = Math.floor(issuedAt / 1000);
	// jti keeps two tokens issued in the same second distinct.
	return signJwt(
		{ sub: o.username, iat, exp: iat + advertisedTtlSeconds(o), jti: crypto.randomUUID() },
		jwtSecret,
	);
}

function formatInstant(
	epochMs: number,
	format: ResolvedMockTokenApiOptions['expiresAtFormat'],
): string | number {
	if (format === 'epochSeconds') return Math.floor(epochMs / 1000);
	if (format === 'epochMillis') return Math.floor(epochMs);
	return new Date(epochMs).toISOString();
}

/** Writes the advertised expiry (or, for the badExpiry misbehaviour, garbage) into a login response. */
function addExpiry(
	body: Record<string, unknown>,
	o: ResolvedMockTokenApiOptions,
	issuedAt: number,
	bad: boolean,
): void {
	const ttl = advertisedTtlSeconds(o);
	if (o.expiryAs === 'expiresAt') {
		setPath(
			body,
			o.expiresAtPath,
			bad ? 'not-a-date' : formatInstant(issuedAt + ttl * 1000, o.expiresAtFormat),
		);
	} else if (o.expiryAs === 'expiresIn') {
		setPath(body, o.expiresInPath, bad ? 'soon' : o.expiresInAsString ? String(ttl) : ttl);
	} else if (bad) {
		setPath(body, o.expiresInPath, 'soon'); // so the misbehaviour still shows with expiryAs 'none'
	}
}

// ---------------------------------------------------------------------------
// The mock server
// ---------------------------------------------------------------------------

export interface MockRequestRecord {
	method: string;
	path: string;
	hadToken: boolean;
	tokenValid: boolean;
	status: number;
	at: number;
}

export interface MockCounters {
	logins: number;
	failedLogins: number;
	rateLimitedLogins: number;
	acceptedCalls: number;
	rejectedCalls: number;
	unauthenticatedCalls: number;
	sideEffects: number;
	requests: number;
}

export interface MockTokenApi {
	/** 'http://127.0.0.1:<port>' */
	readonly url: string;
	readonly port: number;
	/** A snapshot of the current options, defaults filled in. */
	readonly options: Readonly<ResolvedMockTokenApiOptions>;
	configure(patch: Partial<MockTokenApiOptions>): void;
	counters(): MockCounters;
	requests(): MockRequestRecord[];
	issuedTokens(): string[];
	liveTokens(): string[];
	revokeAll(): void;
	expireAll(): void;
	reset(): void;
	close(): Promise<void>;
}

function zeroCounters(): MockCounters {
	return {
		logins: 0,
		failedLogins: 0,
		rateLimitedLogins: 0,
		acceptedCalls: 0,
		rejectedCalls: 0,
		unauthenticatedCalls: 0,
		sideEffects: 0,
		requests: 0,
	};
}

interface RequestContext {
	req: http.IncomingMessage;
	res: http.ServerResponse;
	method: string;
	url: URL;
	body: unknown;
	/** Absent for admin requests, which are not logged. */
	record?: MockRequestRecord;
}

type Headers = Record<string, string | string[]>;

/** All responses go through here so the request log has its status before the client sees it. */
function send(ctx: RequestContext, status: number, body: string | Buffer, headers: Headers): void {
	if (ctx.record) ctx.record.status = status;
	if (ctx.res.headersSent || ctx.res.destroyed) return; // e.g. a client that gave up on /slow
	ctx.res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
	ctx.res.end(body);
}

function sendJson(ctx: RequestContext, status: number, body: unknown, headers: Headers = {}): void {
	send(ctx, status, JSON.stringify(body), {
		'Content-Type': 'application/json; charset=utf-8',
		...headers,
	});
}

const LOGIN_METHODS = new Set(['POST', 'GET', 'PUT']);
const ECHO_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

class MockTokenServer {
	private opts: ResolvedMockTokenApiOptions;
	private counts = zeroCounters();
	private log: MockRequestRecord[] = [];
	private loginTimes: number[] = []; // for the rate limit's sliding window
	private scriptedLogins: ScriptedLoginAnswer[] = [];
	private paymentSeq = 0; // never reset, so payment ids stay unique across reset()
	private readonly tokens = new TokenStore();
	private readonly timers = new TimerSet();
	private readonly jwtSecret = crypto.randomBytes(32);
	readonly server: http.Server;

	constructor(options: MockTokenApiOptions) {
		this.opts = resolveOptions(options);
		this.scriptedLogins = [...(this.opts.loginScript ?? [])];
		this.server = http.createServer((req, res) => void this.handle(req, res));
	}

	get options(): ResolvedMockTokenApiOptions {
		return Object.freeze({ ...this.opts });
	}

	configure(patch: Partial<MockTokenApiOptions>): void {
		this.opts = applyOptionsPatch(this.opts, patch, false);
		if ('loginScript' in patch) this.scriptedLogins = [...(this.opts.loginScript ?? [])];
	}

	counters(): MockCounters {
		return { ...this.counts };
	}

	requests(): MockRequestRecord[] {
		return this.log.map((record) => ({ ...record }));
	}

	issuedTokens(): string[] {
		return this.tokens.all();
	}

	liveTokens(): string[] {
		return this.tokens.live(Date.now());
	}

	revokeAll(): void {
		this.tokens.revokeAll();
	}

	expireAll(): void {
		this.tokens.expireAll(Date.now());
	}

	/** Zeroes counters, the request log and the rate-limit window; issued tokens stay as they are. */
	reset(): void {
		this.counts = zeroCounters();
		this.log = [];
		this.loginTimes = [];
	}

	async close(): Promise<void> {
		this.timers.clear();
		await closeServer(this.server);
	}

	// --- dispatch -----------------------------------------------------------

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const ctx: RequestContext = {
			req,
			res,
			method: (req.method ?? 'GET').toUpperCase(),
			url: new URL(req.url ?? '/', 'http://127.0.0.1'),
			body: null,
		};
		try {
			ctx.body = parseBody(await readBody(req), req.headers['content-type']);
			if (ctx.url.pathname.startsWith('/__mock/')) return this.handleAdmin(ctx);

			this.counts.requests++;
			// The log keeps only the pathname: a query string may carry the token.
			ctx.record = {
				method: ctx.method,
				path: ctx.url.pathname,
				hadToken: false,
				tokenValid: false,
				status: 0,
				at: Date.now(),
			};
			this.log.push(ctx.record);

			const o = this.opts; // one consistent view of the options for this request
			if (ctx.url.pathname === o.loginPath && LOGIN_METHODS.has(ctx.method))
				return await this.handleLogin(ctx, o);
			return await this.handleApiCall(ctx, o);
		} catch (error) {
			sendJson(ctx, 500, { error: 'mock_internal_error', message: (error as Error).message });
		}
	}

	// --- login --------------------------------------------------------------

	private async handleLogin(ctx: RequestContext, o: ResolvedMockTokenApiOptions): Promise<void> {
		const scripted = this.scriptedLogins.shift();
		if (scripted) {
			if (scripted.status === 429) this.counts.rateLimitedLogins++;
			else if (scripted.status >= 400) this.counts.failedLogins++;
			return sendJson(ctx, scripted.status, scripted.body ?? {}, scripted.headers ?? {});
		}
		const retryAfter = this.rateLimitRetryAfter(o);
		if (retryAfter !== undefined) {
			this.counts.rateLimitedLogins++;
			return sendJson(ctx, 429, { error: 'rate_limited' }, { 'Retry-After': String(retryAfter) });
		}
		if (o.loginDelayMs > 0) await this.timers.sleep(o.loginDelayMs);

		const rejection = this.checkLoginRequest(ctx, o);
		if (rejection) {
			this.counts.failedLogins++;
			return sendJson(ctx, rejection.status, rejection.body);
		}

		this.counts.logins++;
		switch (o.loginMisbehaviour) {
			case 'html':
				return send(ctx, 200, '<html>Login page</html>', {
					'Content-Type': 'text/html; charset=utf-8',
				});
			case 'emptyJson':
				return sendJson(ctx, 200, {});
			case 'noToken':
				return sendJson(ctx, 200, { token_type: 'Bearer', expires_in: 3600, user: { id: 1 } });
			case 'serverError':
				return sendJson(ctx, 500, { error: 'boom' });
			case 'errorCodeKeys':
				return sendJson(ctx, 200, { ECONNRESET: 'x', ENOTFOUND: 1, EPERM: true });
			case 'resetConnection':
				if (ctx.record) ctx.record.status = -1;
				ctx.req.socket.destroy();
				return;
			default:
				return this.issueAndDeliverToken(ctx, o, o.loginMisbehaviour === 'badExpiry');
		}
	}

	/** Sliding window over accepted login attempts; returns Retry-After seconds when over the limit. */
	private rateLimitRetryAfter(o: ResolvedMockTokenApiOptions): number | undefined {
		const limit = o.loginRateLimit;
		if (!limit) return undefined;
		const now = Date.now();
		this.loginTimes = this.loginTimes.filter((t) => now - t < limit.windowMs);
		if (this.loginTimes.length >= limit.max) {
			const oldest = this.loginTimes[0] ?? now;
			return Math.max(1, Math.ceil((oldest + limit.windowMs - now) / 1000));
		}
		// Rejected attempts are not recorded, so a client that backs off can get in again.
		this.loginTimes.push(now);
		return undefined;
	}

	/** Returns the error answer for a bad login request, or undefined when it may log in. */
	private checkLoginRequest(
		ctx: RequestContext,
		o: ResolvedMockTokenApiOptions,
	): { status: number; body: Record<string, unknown> } | undefined {
		const fields = this.loginFields(ctx);
		const credentials = readCredentials(ctx, fields, o);
		if (!credentials) {
			return {
				status: 400,
				body: { error: 'invalid_request', error_description: 'Missing credentials' },
			};
		}
		const missingHeaders = Object.entries(o.requireHeaders)
			.filter(([name, value]) => headerValue(ctx.req, name) !== value)
			.map(([name]) => name);
		if (missingHeaders.length > 0)
			return { status: 400, body: { error: 'invalid_request', missingHeaders } };

		const missing = Object.entries(o.requireBody)
			.filter(([key, value]) => fields[key] !== value)
			.map(([key]) => key);
		if (missing.length > 0) return { status: 400, body: { error: 'invalid_request', missing } };

		if (credentials.username !== o.username || credentials.password !== o.password) {
			return {
				status: 401,
				body: { error: 'invalid_grant', error_description: 'Bad credentials' },
			};
		}
		return undefined;
	}

	/** Body fields as strings; a GET login (no body) may send them in the query string instead. */
	private loginFields(ctx: RequestContext): Record<string, string> {
		const source: Record<string, unknown> = isPlainObject(ctx.body)
			? ctx.body
			: ctx.method === 'GET'
				? searchParamsToObject(ctx.url.searchParams)
				: {};
		const fields: Record<string, string> = {};
		for (const [key, value] of Object.entries(source)) {
			if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
				fields[key] = String(value);
		}
		return fields;
	}

	private issueAndDeliverToken(
		ctx: RequestContext,
		o: ResolvedMockTokenApiOptions,
		badExpiry: boolean,
	): void {
		if (o.singleSession) this.tokens.revokeAll();
		const issuedAt = Date.now();
		const token = createToken(o, issuedAt, this.jwtSecret);
		this.tokens.add(token, issuedAt, o.tokenTtlSeconds * 1000);

		const body: Record<string, unknown> = {};
		const headers: Headers = {};
		if (o.tokenIn === 'body') {
			setPath(body, o.tokenBodyPath, token);
			if (!('token_type' in body)) body.token_type = 'Bearer';
		} else {
			body.ok = true;
			if (o.tokenIn === 'header') headers[o.sessionHeaderName] = token;
			// An unrelated cookie first, so clients must pick the right one by name.
			else
				headers['Set-Cookie'] = [
					'tracking=abc; Path=/',
					`${o.sessionCookieName}=${token}; Path=/; HttpOnly`,
				];
		}
		addExpiry(body, o, issuedAt, badExpiry);
		sendJson(ctx, 200, body, headers);
	}

	// --- API calls ----------------------------------------------------------

	private async handleApiCall(ctx: RequestContext, o: ResolvedMockTokenApiOptions): Promise<void> {
		const presented = presentedToken(ctx, o);
		const record = ctx.record as MockRequestRecord;
		record.hadToken = presented.kind !== 'none';
		if (presented.kind === 'none') {
			this.counts.unauthenticatedCalls++;
			return sendExpired(ctx, o);
		}
		if (presented.kind === 'malformed' || !this.tokens.isValid(presented.value, Date.now())) {
			this.counts.rejectedCalls++;
			return sendExpired(ctx, o);
		}
		record.tokenValid = true;
		this.counts.acceptedCalls++;
		return this.route(ctx, o);
	}

	private async route(ctx: RequestContext, o: ResolvedMockTokenApiOptions): Promise<void> {
		const { method } = ctx;
		const path = ctx.url.pathname;
		const item = /^\/items\/(\d+)$/.exec(path);

		if (method === 'GET' && path === '/me')
			return sendJson(ctx, 200, { id: 1, username: o.username });
		// Some APIs echo the session back (headers and body): tests prove none of it reaches n8n's output.
		if (method === 'GET' && path === '/session') {
			const token = presentedToken(ctx, o);
			const value = token.kind === 'token' ? token.value : '';
			return sendJson(
				ctx,
				200,
				{ user: o.username, session: value, note: `Bearer ${value}` },
				{ 'X-Echo-Token': value },
			);
		}
		if (method === 'GET' && path === '/accounts') {
			return sendJson(ctx, 200, {
				accounts: [
					{ id: 'acc-1', balance: 100.5 },
					{ id: 'acc-2', balance: 20 },
				],
			});
		}
		if (method === 'GET' && item)
			return sendJson(ctx, 200, { id: Number(item[1]), name: `Item ${item[1]}` });
		if (path === '/echo' && ECHO_METHODS.has(method)) return sendJson(ctx, 200, echo(ctx, o));
		if (method === 'POST' && path === '/payments') return this.payment(ctx);
		if (method === 'GET' && path === '/slow') {
			await this.timers.sleep(Math.min(Number(ctx.url.searchParams.get('ms')) || 0, 60_000));
			return sendJson(ctx, 200, { ok: true });
		}
		if (method === 'GET' && path === '/redirect') return redirect(ctx);
		if (method === 'GET' && path === '/binary') {
			return send(ctx, 200, Buffer.from(Array.from({ length: 16 }, (_, i) => i)), {
				'Content-Type': 'application/octet-stream',
			});
		}
		if (method === 'GET' && path === '/text')
			return send(ctx, 200, 'hello', { 'Content-Type': 'text/plain; charset=utf-8' });
		return sendJson(ctx, 404, { error: 'not_found' });
	}

	/** The side effect happens before any simulated upstream failure, like a real non-idempotent call. */
	private payment(ctx: RequestContext): void {
		this.counts.sideEffects++;
		const id = `pay-${++this.paymentSeq}`;
		// booked, then the connection drops before the answer (?reset=1)
		if (ctx.url.searchParams.get('reset') === '1') {
			if (ctx.record) ctx.record.status = -1;
			ctx.req.socket.destroy();
			return;
		}
		const fail = Number(ctx.url.searchParams.get('fail'));
		if (Number.isInteger(fail) && fail >= 400 && fail <= 599) {
			return sendJson(ctx, fail, { error: 'upstream failure' });
		}
		const amount = isPlainObject(ctx.body) ? ctx.body.amount : undefined;
		return sendJson(ctx, 201, { id, amount });
	}

	// --- admin (not logged, not counted, no token) --------------------------

	private handleAdmin(ctx: RequestContext): void {
		const route = `${ctx.method} ${ctx.url.pathname}`;
		switch (route) {
			case 'GET /__mock/counters':
				return sendJson(ctx, 200, {
					...this.counters(),
					issuedTokens: this.issuedTokens(),
					liveTokens: this.liveTokens(),
				});
			case 'GET /__mock/requests':
				return sendJson(ctx, 200, { requests: this.requests() });
			case 'GET /__mock/options':
				return sendJson(ctx, 200, this.options);
			case 'POST /__mock/configure':
				if (!isPlainObject(ctx.body))
					return sendJson(ctx, 400, { error: 'expected a JSON object' });
				try {
					this.configure(ctx.body as Partial<MockTokenApiOptions>);
				} catch (error) {
					return sendJson(ctx, 400, { error: (error as Error).message });
				}
				return sendJson(ctx, 200, { ok: true, options: this.options });
			case 'POST /__mock/revoke':
				this.revokeAll();
				return sendJson(ctx, 200, { ok: true });
			case 'POST /__mock/expire':
				this.expireAll();
				return sendJson(ctx, 200, { ok: true });
			case 'POST /__mock/reset':
				this.reset();
				return sendJson(ctx, 200, { ok: true });
			default:
				return sendJson(ctx, 404, { error: 'not_found' });
		}
	}
}

/** Credentials from HTTP Basic first, then from body (or GET query) fields. */
function readCredentials(
	ctx: RequestContext,
	fields: Record<string, string>,
	o: ResolvedMockTokenApiOptions,
): { username: string; password: string } | undefined {
	const authorization = headerValue(ctx.req, 'authorization') ?? '';
	const basic = /^Basic\s+(\S+)$/i.exec(authorization);
	if (basic) {
		const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon >= 0)
			return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
	}
	const username = fields[o.usernameField];
	const password = fields[o.passField];
	if (username === undefined || password === undefined) return undefined;
	return { username, password };
}

/** What a call carried in the accepted place. 'malformed': something is there but cannot be a token. */
type PresentedToken = { kind: 'none' } | { kind: 'malformed' } | { kind: 'token'; value: string };

function presentedToken(ctx: RequestContext, o: ResolvedMockTokenApiOptions): PresentedToken {
	const name = acceptTokenName(o);
	const found = (value: string | undefined): PresentedToken =>
		value === undefined ? { kind: 'none' } : { kind: 'token', value };
	switch (o.acceptTokenAs) {
		case 'header': {
			const value = headerValue(ctx.req, name);
			if (value === undefined) return { kind: 'none' };
			// Without the prefix (e.g. 'Token ') even a real token must be refused.
			return value.startsWith(o.acceptTokenPrefix)
				? found(value.slice(o.acceptTokenPrefix.length))
				: { kind: 'malformed' };
		}
		case 'query':
			return found(ctx.url.searchParams.get(name) ?? undefined);
		case 'cookie':
			return found(parseCookies(headerValue(ctx.req, 'cookie'))[name]);
		default: {
			const authorization = headerValue(ctx.req, 'authorization');
			if (authorization === undefined) return { kind: 'none' };
			const bearer = /^Bearer\s+(.+)$/i.exec(authorization);
			// Another scheme (e.g. Basic) carries no token at all.
			return bearer ? found(bearer[1]?.trim()) : { kind: 'none' };
		}
	}
}

function sendExpired(ctx: RequestContext, o: ResolvedMockTokenApiOptions): void {
	if (o.expiredBody) return sendJson(ctx, o.expiredBody.status, o.expiredBody.body);
	const headers: Headers =
		o.expiredStatus === 401 ? { 'WWW-Authenticate': 'Bearer error="invalid_token"' } : {};
	return sendJson(ctx, o.expiredStatus, { error: 'invalid_token' }, headers);
}

/** Mirrors the request back, without the token and without any header value. */
function echo(ctx: RequestContext, o: ResolvedMockTokenApiOptions): Record<string, unknown> {
	const params = new URLSearchParams(ctx.url.searchParams);
	if (o.acceptTokenAs === 'query') params.delete(acceptTokenName(o));
	const hidden = new Set([
		'authorization',
		'proxy-authorization',
		'cookie',
		o.sessionHeaderName.toLowerCase(),
	]);
	if (o.acceptTokenAs === 'header') hidden.add(acceptTokenName(o).toLowerCase());
	return {
		method: ctx.method,
		path: ctx.url.pathname,
		query: searchParamsToObject(params),
		body: ctx.body,
		contentType: ctx.req.headers['content-type'] ?? null,
		headerNames: Object.keys(ctx.req.headers).filter((name) => !hidden.has(name)),
	};
}

function redirect(ctx: RequestContext): void {
	const to = ctx.url.searchParams.get('to');
	if (!to) return sendJson(ctx, 400, { error: 'missing to' });
	const status = Number(ctx.url.searchParams.get('status') ?? 302);
	if (!REDIRECT_STATUSES.has(status)) return sendJson(ctx, 400, { error: 'bad redirect status' });
	return send(ctx, status, '', { Location: to });
}

/** Starts a mock token API on 127.0.0.1 (random port unless options.port is set). */
export async function startMockTokenApi(options: MockTokenApiOptions = {}): Promise<MockTokenApi> {
	const mock = new MockTokenServer(options);
	const port = await listen(mock.server, mock.options.port);
	const url = `http://127.0.0.1:${port}`;
	let closing: Promise<void> | undefined;
	return {
		url,
		port,
		get options() {
			return mock.options;
		},
		configure: (patch) => mock.configure(patch),
		counters: () => mock.counters(),
		requests: () => mock.requests(),
		issuedTokens: () => mock.issuedTokens(),
		liveTokens: () => mock.liveTokens(),
		revokeAll: () => mock.revokeAll(),
		expireAll: () => mock.expireAll(),
		reset: () => mock.reset(),
		close: () => (closing ??= mock.close()),
	};
}

// ---------------------------------------------------------------------------
// Capture server: records everything, to prove a token did NOT reach a host
// ---------------------------------------------------------------------------

export interface CapturedRequest {
	method: string;
	path: string;
	/** Lower-case names; repeated headers joined with ', '. */
	headers: Record<string, string>;
	/** The request target exactly as received, query string included. */
	rawUrl: string;
	body: string;
}

export interface CaptureServer {
	url: string;
	port: number;
	requests(): CapturedRequest[];
	clear(): void;
	close(): Promise<void>;
}

export async function startCaptureServer(): Promise<CaptureServer> {
	let captured: CapturedRequest[] = [];
	const server = http.createServer((req, res) => {
		readBody(req)
			.catch(() => Buffer.alloc(0))
			.then((body) => {
				const headers: Record<string, string> = {};
				for (const [name, value] of Object.entries(req.headers)) {
					if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
				}
				const rawUrl = req.url ?? '/';
				captured.push({
					method: req.method ?? 'GET',
					path: new URL(rawUrl, 'http://127.0.0.1').pathname,
					headers,
					rawUrl,
					body: body.toString('utf8'),
				});
				const payload = JSON.stringify({ ok: true });
				res.writeHead(200, {
					'Content-Type': 'application/json',
					'Content-Length': String(Buffer.byteLength(payload)),
				});
				res.end(payload);
			});
	});
	const port = await listen(server, 0);
	let closing: Promise<void> | undefined;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests: () => captured.map((r) => ({ ...r, headers: { ...r.headers } })),
		clear: () => {
			captured = [];
		},
		close: () => (closing ??= closeServer(server)),
	};
}

// ---------------------------------------------------------------------------
// CLI: node tokenApi.js '{"tokenFormat":"jwt"}'  ->  {"url":"http://127.0.0.1:PORT"}
// ---------------------------------------------------------------------------

async function main(): Promise<void> {
	const raw = process.argv[2] || process.env.MOCK_TOKEN_API_OPTIONS || '{}';
	const api = await startMockTokenApi(JSON.parse(raw) as MockTokenApiOptions);
	process.stdout.write(`${JSON.stringify({ url: api.url })}\n`);
	const stop = (): void => {
		void api.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		process.stderr.write(`${String(error)}\n`);
		process.exit(1);
	});
}
