import type { TokenState } from './tokenState';

/**
 * A login lease: which n8n process (of a queue-mode cluster) is logging in for a credential, and
 * until when. Stored in the credential's hidden fields through n8n's own encrypted persistence,
 * the only store every main and worker process shares that a community node may use.
 *
 * The protocol (Fischer's mutual exclusion with a time bound): read; if no live lease, write yours;
 * wait longer than a write takes (the settle delay); read back; only the process whose lease is
 * stored logs in. The others use a token that still works or wait for the new one. The holder
 * renews its lease while its login runs, so a lease outlives a slow login but not a dead holder.
 * Exclusive when every lease write lands within the settle delay and every renewal within the
 * lease: best effort, not a lock (n8n gives community nodes no compare-and-set).
 *
 * Only where another process can exist is any of this paid for (see mayShareCredential).
 */
export interface LoginLease {
	owner: string;
	/** Epoch ms. */
	until: number;
}

/** A lease lasts this long from its last renewal, at least (see leaseLengthMs). */
export const LEASE_MS = 400;
/** The holder renews its lease this often while its login runs. */
export const RENEW_EVERY_MS = 100;
/**
 * The longest lease any holder ever writes. A lease further away than this (plus clock slack) was
 * not written by a holder: an imported or hand-edited credential. It is ignored as garbage.
 */
export const MAX_LEASE_MS = 30_000;
const CLOCK_SLACK_MS = 5_000;

/**
 * A lease outlasts four of the holder's own writes: when writes slow down (a loaded database),
 * the lease stretches with them, so a living holder's renewal lands before its lease runs out.
 */
export function leaseLengthMs(lastWriteMs: number): number {
	return Math.min(MAX_LEASE_MS, Math.max(LEASE_MS, 4 * lastWriteMs));
}

/**
 * The settle delay: longer than a competitor's read-then-write takes. A first claim competes with
 * processes that may be busy starting executions (their event loop stalls between read and write;
 * 2 logins were seen at 2 busy cores with less than 1 s), a takeover of a dead holder's lease with
 * waiters that are idle in their poll loop. A process whose own write took long waits twice that.
 * Measured on 2 loaded cores: writes take 50-350 ms usually, up to 2.3 s while 10 executions start.
 */
export const SETTLE_MS = 1_000;
export const TAKEOVER_SETTLE_MS = 250;

export function settleDelayMs(writeMs: number, takeover = false): number {
	return Math.max(takeover ? TAKEOVER_SETTLE_MS : SETTLE_MS, 2 * writeMs);
}
/** How often a waiting process re-reads the stored credential. */
export const POLL_MS = 50;
/**
 * A waiting process gives up waiting after this and logs in itself: longer than the longest login
 * (its 30 s deadline) a living holder may renew its lease for.
 */
export const MAX_WAIT_MS = 35_000;
/** A token with less than this left is not handed out as "still valid" while another process refreshes it. */
export const STILL_VALID_GUARD_MS = 1_000;

/** The stored lease, unless there is none or it lies further ahead than any holder writes (garbage). */
export function readLease(data: Record<string, unknown>, now = Date.now()): LoginLease | undefined {
	const owner = typeof data.sessionLeaseOwner === 'string' ? data.sessionLeaseOwner : '';
	const until =
		typeof data.sessionLeaseUntil === 'string' ? Date.parse(data.sessionLeaseUntil) : Number.NaN;
	if (owner === '' || Number.isNaN(until)) return undefined;
	if (until - now > MAX_LEASE_MS + CLOCK_SLACK_MS) return undefined;
	return { owner, until };
}

/** The hidden fields for `lease`, or the fields that release any lease. */
export function leaseFields(lease: LoginLease | undefined): {
	sessionLeaseOwner: string;
	sessionLeaseUntil: string;
} {
	return lease
		? { sessionLeaseOwner: lease.owner, sessionLeaseUntil: new Date(lease.until).toISOString() }
		: { sessionLeaseOwner: '', sessionLeaseUntil: '' };
}

export function isLeaseHeldByOther(
	lease: LoginLease | undefined,
	me: string,
	now: number,
): lease is LoginLease {
	return lease !== undefined && lease.owner !== me && lease.until > now;
}

/** The n8n process a lease owner id (`<process>-<claim>`) belongs to. */
export function leaseProcess(owner: string): string {
	return owner.split('-')[0] ?? '';
}

/**
 * Whether another n8n process may use this credential, so logins must go through the lease.
 * n8n tells a node only whether it runs in a queue worker (or a webhook process, or a multi-main
 * setup): a main in queue mode looks exactly like a regular one. So a main also takes the lease
 * once the credential shows another process: its token was stored by one (`sessionLoggedInBy`),
 * or another holds or held a lease. A single n8n pays nothing, except once after a restart (the
 * token was stored by its former process).
 */
export function mayShareCredential(input: {
	/** 'worker', 'webhook', 'multiMain', 'main', or 'unknown' (n8n did not say) */
	role: ProcessRole;
	data: Record<string, unknown>;
	processId: string;
}): boolean {
	if (input.role !== 'main') return true;
	const others = [input.data.sessionLoggedInBy, input.data.sessionLeaseOwner]
		.filter((value): value is string => typeof value === 'string' && value !== '')
		.map(leaseProcess);
	return others.some((process) => process !== input.processId);
}

export type ProcessRole = 'main' | 'worker' | 'webhook' | 'multiMain' | 'unknown';

export type LeaseStep =
	/** The stored token is one the caller may use: take it, no login. */
	| { kind: 'adopt'; state: TokenState }
	/** Another process is logging in; the caller's token still works meanwhile: use it. */
	| { kind: 'useCurrent'; state: TokenState }
	/** Another process is logging in: read again shortly. */
	| { kind: 'wait' }
	/** Nobody is logging in (or waiting took too long): claim the lease. */
	| { kind: 'claim' };

/**
 * What a process that needs a new token does next, given the stored credential. `usable`: a
 * token the caller may switch to (not its old one, not rejected, fresh); `stillValid`: a token
 * that is not expired and was not rejected, though due for refresh.
 */
export function nextLeaseStep(input: {
	stored: TokenState;
	lease: LoginLease | undefined;
	me: string;
	now: number;
	waitedTooLong: boolean;
	usable: (state: TokenState) => boolean;
	stillValid: ((state: TokenState) => boolean) | undefined;
}): LeaseStep {
	const { stored, lease, me, now } = input;
	if (input.usable(stored)) return { kind: 'adopt', state: stored };
	if (isLeaseHeldByOther(lease, me, now) && !input.waitedTooLong) {
		if (input.stillValid?.(stored)) return { kind: 'useCurrent', state: stored };
		return { kind: 'wait' };
	}
	return { kind: 'claim' };
}
