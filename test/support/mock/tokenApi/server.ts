/**
 * A mock HTTP API that hands out short-lived tokens after a login, for testing the credential and
 * nodes without a real third-party service. Everything about the token dance is configurable
 * (options.ts) so one server imitates many real APIs; it counts what it saw (logins, accepted and
 * rejected calls, side effects). Listens on 127.0.0.1 only; GET /__mock/counters shows the counts
 * (not logged, not counted, no token needed).
 */
import * as crypto from 'node:crypto';
import * as http from 'node:http';

import { closeServer, listen, readBody } from '../http';
import { scriptedLoginAnswer } from '../loginAnswer';
import { presentedToken, route, sendExpired } from './calls';
import {
	checkLoginRequest,
	deliverToken,
	LOGIN_METHODS,
	misbehave,
	missingApiHeaders,
	rateLimit,
	trickleToken,
} from './login';
import {
	applyOptionsPatch,
	resolveOptions,
	type MockTokenApiOptions,
	type ResolvedMockTokenApiOptions,
	type ScriptedLoginAnswer,
} from './options';
import {
	parseBody,
	send,
	sendJson,
	TimerSet,
	type MockRequestRecord,
	type RequestContext,
} from './request';
import { createToken, TokenStore } from './tokens';

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
	/** Zeroes counters, the request log and the rate-limit window; issued tokens stay as they are. */
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

class MockTokenServer {
	opts: ResolvedMockTokenApiOptions;
	counts = zeroCounters();
	log: MockRequestRecord[] = [];
	private loginTimes: number[] = []; // for the rate limit's sliding window
	private scriptedLogins: ScriptedLoginAnswer[] = [];
	private paymentSeq = 0; // never reset, so payment ids stay unique across reset()
	readonly tokens = new TokenStore();
	readonly timers = new TimerSet();
	private readonly jwtSecret = crypto.randomBytes(32);
	readonly server: http.Server;

	constructor(options: MockTokenApiOptions) {
		this.opts = resolveOptions(options);
		this.scriptedLogins = [...(this.opts.loginScript ?? [])];
		this.server = http.createServer((req, res) => void this.handle(req, res));
	}

	configure(patch: Partial<MockTokenApiOptions>): void {
		this.opts = applyOptionsPatch(this.opts, patch, false);
		if ('loginScript' in patch) this.scriptedLogins = [...(this.opts.loginScript ?? [])];
	}

	reset(): void {
		this.counts = zeroCounters();
		this.log = [];
		this.loginTimes = [];
	}

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
			if (ctx.url.pathname === '/__mock/counters' && ctx.method === 'GET') {
				const now = Date.now();
				return sendJson(ctx, 200, {
					...this.counts,
					issuedTokens: this.tokens.all(),
					liveTokens: this.tokens.live(now),
				});
			}

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
			const isLogin = ctx.url.pathname === o.loginPath && LOGIN_METHODS.has(ctx.method);
			if (missingApiHeaders(ctx, o)) {
				if (isLogin) this.counts.failedLogins++;
				else this.counts.unauthenticatedCalls++;
				return sendJson(ctx, 403, { error: 'unauthorized' });
			}
			if (isLogin) return await this.login(ctx, o);
			return await this.call(ctx, o);
		} catch (error) {
			sendJson(ctx, 500, { error: 'mock_internal_error', message: (error as Error).message });
		}
	}

	private async login(ctx: RequestContext, o: ResolvedMockTokenApiOptions): Promise<void> {
		const scripted = this.scriptedLogins.shift();
		if (scripted) {
			if (scripted.status === 429) this.counts.rateLimitedLogins++;
			else if (scripted.status >= 400) this.counts.failedLogins++;
			return sendJson(ctx, scripted.status, scripted.body ?? {}, scripted.headers ?? {});
		}
		const limited = rateLimit(this.loginTimes, o, Date.now());
		this.loginTimes = limited.times;
		if (limited.retryAfter !== undefined) {
			this.counts.rateLimitedLogins++;
			return sendJson(
				ctx,
				429,
				{ error: 'rate_limited' },
				{ 'Retry-After': String(limited.retryAfter) },
			);
		}
		if (o.loginDelayMs > 0) await this.timers.sleep(o.loginDelayMs);

		const rejection = checkLoginRequest(ctx, o);
		if (rejection) {
			this.counts.failedLogins++;
			return sendJson(ctx, rejection.status, rejection.body);
		}
		this.counts.logins++;
		if (misbehave(ctx, o)) return;

		if (o.singleSession) this.tokens.revokeAll();
		const issuedAt = Date.now();
		const token = o.loginAnswer?.token ?? createToken(o, issuedAt, this.jwtSecret);
		this.tokens.add(token, issuedAt, o.sessionLifetime * 1000);
		if (o.loginAnswer) {
			const scripted = scriptedLoginAnswer(o.loginAnswer, token);
			return send(ctx, scripted.status, scripted.body, scripted.headers);
		}
		if (o.loginMisbehaviour === 'trickle')
			return await trickleToken(ctx, o, token, issuedAt, async (ms) => await this.timers.sleep(ms));
		deliverToken(ctx, o, token, issuedAt);
	}

	private async call(ctx: RequestContext, o: ResolvedMockTokenApiOptions): Promise<void> {
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
		return await route(ctx, o, {
			bookPayment: () => {
				this.counts.sideEffects++;
				return `pay-${++this.paymentSeq}`;
			},
			sleep: async (ms) => await this.timers.sleep(ms),
		});
	}
}

/** Starts a mock token API on 127.0.0.1 (random port unless options.port is set). */
export async function startMockTokenApi(options: MockTokenApiOptions = {}): Promise<MockTokenApi> {
	const mock = new MockTokenServer(options);
	const port = await listen(mock.server, mock.opts.port);
	let closing: Promise<void> | undefined;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		get options() {
			return Object.freeze({ ...mock.opts });
		},
		configure: (patch) => mock.configure(patch),
		counters: () => ({ ...mock.counts }),
		requests: () => mock.log.map((record) => ({ ...record })),
		issuedTokens: () => mock.tokens.all(),
		liveTokens: () => mock.tokens.live(Date.now()),
		revokeAll: () => mock.tokens.revokeAll(),
		expireAll: () => mock.tokens.expireAll(Date.now()),
		reset: () => mock.reset(),
		close: () =>
			(closing ??= (async () => {
				mock.timers.clear();
				await closeServer(mock.server);
			})()),
	};
}
