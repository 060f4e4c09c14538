import type { TokenState } from './tokenState';

/**
 * A login lease: which n8n process (of a queue-mode cluster) is logging in for a credential, and
 * until when. Stored in the credential's hidden fields through n8n's own encrypted persistence,
 * the only store every main and worker process shares that a community node may use.
 *
 * The protocol (Fischer's mutual exclusion with a time bound): read; if no live lease, write yours;
 * wait longer than a write takes; read back; only the process whose lease is stored logs in. The
 * others use a token that still works or wait for the new one. It is exclusive when every lease
 * write lands within SETTLE_MS and the owner finishes within LEASE_MS: best effort, not a lock.
 */
export interface LoginLease {
	owner: string;
	/** Epoch ms. */
	until: number;
}

/** Longer than a login takes (n8n's 5-minute request timeout aside): after it, the lease is void. */
export const LEASE_MS = 15_000;
/**
 * Longer than one write through n8n (read, encrypt, UPDATE) takes on a loaded machine; a process
 * whose own write took longer waits twice that (its peers are probably as slow). Measured on
 * 2 loaded cores: 50-350 ms usually, up to 2.3 s while 10 executions start on the same worker.
 */
export const SETTLE_MS = 1_000;

/** The settle delay after a lease write that took `writeMs`. */
export function settleDelayMs(writeMs: number): number {
	return Math.max(SETTLE_MS, 2 * writeMs);
}
/** How often a waiting process re-reads the stored credential. */
export const POLL_MS = 150;
/** A waiting process gives up waiting after this and logs in itself. */
export const MAX_WAIT_MS = LEASE_MS + 5_000;
/** A token with less than this left is not handed out as "still valid" while another process refreshes it. */
export const STILL_VALID_GUARD_MS = 1_000;

export function readLease(data: Record<string, unknown>): LoginLease | undefined {
	const owner = typeof data.sessionLeaseOwner === 'string' ? data.sessionLeaseOwner : '';
	const until =
		typeof data.sessionLeaseUntil === 'string' ? Date.parse(data.sessionLeaseUntil) : Number.NaN;
	if (owner === '' || Number.isNaN(until)) return undefined;
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
