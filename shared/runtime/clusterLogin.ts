import { sleep } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import {
	loginFingerprint,
	loginScope,
	readTokenState,
	type TokenConfig,
	type TokenState,
} from '../engine';
import {
	leaseFields,
	leaseLengthMs,
	MAX_LEASE_MS,
	MAX_WAIT_MS,
	nextLeaseStep,
	POLL_MS,
	readLease,
	RENEW_EVERY_MS,
	settleDelayMs,
	STILL_VALID_GUARD_MS,
	type ProcessRole,
} from '../engine/loginLease';
import { persistThroughN8n } from './credentialWrite';
import { processLogins } from './processLogins';

/**
 * Switch for the cluster-wide login lease (queue mode: one main and several workers). Off, a node
 * that needs a new token logs in at once, as before; on, it coordinates through the stored
 * credential first (see shared/engine/loginLease.ts).
 */
export const CLUSTER_LOGIN_LEASE = true;

/** What the lease needs from n8n: the stored credential, a write through n8n's persistence, a login. */
export interface ClusterIo {
	/** The credential as stored now (n8n re-reads its database on every call). */
	read(): Promise<ICredentialDataDecryptedObject>;
	/** Persists `fields` (with the stored token as read) through n8n; false if n8n wrote nothing. */
	write(fields: ICredentialDataDecryptedObject): Promise<boolean>;
	/** Logs in through n8n, which stores the token and (preAuthentication's output) releases the lease. */
	login(): Promise<TokenState>;
	/** Debug trace of the lease steps (n8n's logger at debug level); never token values. */
	trace?(step: string, details: Record<string, number | string | boolean>): void;
}

export interface ClusterLoginOptions {
	/** The token the caller holds and wants replaced ('' if none). */
	oldToken: string;
	/** Minimum validity the caller needs (Token Status Ensure Fresh), else the refresh margin. */
	minValidityMs?: number;
	/** The caller's token may be used while another process refreshes it (not for Ensure Fresh). */
	acceptStillValid: boolean;
}

/**
 * A token to replace `oldToken`, with at most one login in the whole cluster when the lease's
 * timing holds: adopts a token another process stored, uses a still-valid one while another
 * process logs in, waits (bounded) for a login under way elsewhere, or claims the lease and logs in.
 */
export async function clusterLogin(
	config: TokenConfig,
	io: ClusterIo,
	options: ClusterLoginOptions,
): Promise<TokenState> {
	// One claim/wait sequence per login and old token in this process: the others join it.
	const key = `${loginFingerprint(config)}:${options.oldToken}:${options.minValidityMs ?? ''}:${options.acceptStillValid}`;
	return await processLogins.shareLeaseFlight(
		key,
		async () => await leaseLoop(config, io, options),
	);
}

/** How long this process's last lease write took: the next claim and renewal are sized by it. */
let lastWriteMs = 0;

async function leaseLoop(
	config: TokenConfig,
	io: ClusterIo,
	options: ClusterLoginOptions,
): Promise<TokenState> {
	const usable = (state: TokenState): boolean =>
		processLogins.canReplace(config, state, options.oldToken, options.minValidityMs);
	const stillValid = options.acceptStillValid
		? (state: TokenState): boolean =>
				state.token !== '' &&
				state.scope === loginScope(config) &&
				!processLogins.wasRejected(config, state.token) &&
				state.expiresAt !== null &&
				state.expiresAt - Date.now() > STILL_VALID_GUARD_MS
		: undefined;
	const me = processLogins.nextClaimId();
	const started = Date.now();
	// Once another process's live lease was seen, a claim is the takeover of a holder that died.
	let sawOthersLease = false;
	for (;;) {
		const data = await io.read();
		const now = Date.now();
		const lease = readLease(data, now);
		const step = nextLeaseStep({
			stored: readTokenState(data),
			lease,
			me,
			now,
			waitedTooLong: now - started > MAX_WAIT_MS,
			usable,
			stillValid,
		});
		if (step.kind === 'adopt' || step.kind === 'useCurrent') {
			io.trace?.(step.kind, { me, waitedMs: now - started });
			return step.state;
		}
		if (step.kind === 'wait') {
			sawOthersLease = true;
			await sleep(POLL_MS);
			continue;
		}
		const takeover = sawOthersLease && now - started <= MAX_WAIT_MS;
		const writeStarted = Date.now();
		// The claim must outlive its own settle delay and the holder's first renewal.
		const expectedSettle = settleDelayMs(lastWriteMs, takeover);
		const written = await io.write({
			...leaseFields({
				owner: me,
				until: writeStarted + Math.min(MAX_LEASE_MS, expectedSettle + leaseLengthMs(lastWriteMs)),
			}),
		});
		const writeMs = Date.now() - writeStarted;
		lastWriteMs = writeMs;
		io.trace?.('claim', { me, written, writeMs, takeover });
		if (!written) return await io.login(); // n8n persisted nothing: coordination is impossible here
		await sleep(settleDelayMs(writeMs, takeover));
		const confirmed = await io.read();
		const held = readLease(confirmed);
		// A claim that ran out during its settle (a write slower than expected) may have been taken over.
		const mine = held?.owner === me && held.until > Date.now();
		io.trace?.(mine ? 'confirmed' : 'lost', {
			me,
			sinceClaimMs: Date.now() - writeStarted,
		});
		if (!mine) {
			// Another process won: wait for its token. Should its lease have run out by the next read,
			// it died (or stalled) after winning: taking over then needs only the takeover settle, as
			// after a wait (measured: the loser of a slow first claim otherwise paid 1 s more).
			sawOthersLease = true;
			continue;
		}
		const stored = readTokenState(confirmed);
		if (usable(stored)) {
			await io.write(leaseFields(undefined)).catch(() => false);
			return stored;
		}
		return await loginHoldingLease(config, io, me, writeMs);
	}
}

/**
 * The holder's login, with its lease renewed meanwhile (so waiters see it alive and a dead holder is
 * replaced within a lease length). Renewal stops, its last write landed, before n8n stores the new
 * token: the credential's preAuthentication waits for that (processLogins.stopLeaseRenewal), as a
 * renewal landing after the token would write the old token back.
 */
async function loginHoldingLease(
	config: TokenConfig,
	io: ClusterIo,
	me: string,
	claimWriteMs: number,
): Promise<TokenState> {
	let stopped = false;
	let writeMs = claimWriteMs;
	let inFlight: Promise<unknown> = Promise.resolve();
	// Not awaited: stop() waits for a renewal in flight, not for the loop's sleep to end. The first
	// renewal goes out at once, beside the login.
	void (async () => {
		while (!stopped) {
			const writeStarted = Date.now();
			const until = writeStarted + leaseLengthMs(writeMs);
			inFlight = io.write(leaseFields({ owner: me, until })).catch(() => false);
			await inFlight;
			writeMs = Date.now() - writeStarted;
			lastWriteMs = writeMs;
			await sleep(RENEW_EVERY_MS);
		}
	})();
	const stop = async (): Promise<void> => {
		stopped = true;
		await inFlight;
	};
	processLogins.holdLeaseRenewal(config, stop);
	let loggedIn = false;
	try {
		const state = await io.login();
		loggedIn = true;
		return state;
	} finally {
		await stop();
		processLogins.releaseLeaseRenewal(config, stop);
		// On failure, release, so the others try at once rather than wait out the lease.
		if (!loggedIn) await io.write(leaseFields(undefined)).catch(() => false);
	}
}

/**
 * What this n8n process is, as n8n's execution context tells it: the context's instance settings
 * (`instanceType`: main, worker or webhook, and `isMultiMain`), a runtime property of n8n-core's
 * node contexts in 1.x and 2.x that n8n's types mark internal. 'unknown' if it is not there: the
 * caller then assumes other processes exist.
 */
export function processRole(ctx: object): ProcessRole {
	const settings = (ctx as { instanceSettings?: { instanceType?: unknown; isMultiMain?: unknown } })
		.instanceSettings;
	if (!settings || typeof settings.instanceType !== 'string') return 'unknown';
	if (settings.instanceType === 'worker') return 'worker';
	if (settings.instanceType === 'webhook') return 'webhook';
	if (settings.isMultiMain === true) return 'multiMain';
	return settings.instanceType === 'main' ? 'main' : 'unknown';
}

/**
 * ClusterIo for a node: reads with getCredentials, writes by having n8n run the credential's
 * preAuthentication with a pending write (see credentialWrite.ts) and persist what it returns.
 */
export function nodeClusterIo(
	ctx: IExecuteFunctions,
	credential: { type: string; refreshOnlyUrl: string },
	login: () => Promise<TokenState>,
): ClusterIo {
	return {
		read: async () => await ctx.getCredentials(credential.type),
		write: async (fields) => await persistThroughN8n(ctx, credential, fields),
		login,
		// Details in the message: n8n's text log format prints the message only. They hold no token.
		trace: (step, details) =>
			ctx.logger.debug(`Login Token API login lease: ${step} ${JSON.stringify(details)}`),
	};
}
