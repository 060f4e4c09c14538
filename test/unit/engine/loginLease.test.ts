import { loginScope, type TokenState } from '../../../shared/engine';
import {
	isLeaseHeldByOther,
	LEASE_MS,
	leaseFields,
	leaseLengthMs,
	MAX_LEASE_MS,
	mayShareCredential,
	nextLeaseStep,
	readLease,
	SETTLE_MS,
	settleDelayMs,
	TAKEOVER_SETTLE_MS,
} from '../../../shared/engine/loginLease';
import { config } from '../fixtures';

const c = config();

describe('login lease (pure)', () => {
	const fresh: TokenState = {
		token: 'a',
		expiresAt: Date.now() + 60_000,
		obtainedAt: Date.now(),
		scope: loginScope(c),
	};
	const base = {
		stored: fresh,
		me: 'me',
		now: Date.now(),
		waitedTooLong: false,
		usable: () => false,
		stillValid: undefined,
	};
	const othersLease = { owner: 'other', until: Date.now() + 10_000 };

	it('reads back what it writes, and nothing from empty fields', () => {
		expect(readLease(leaseFields(othersLease))).toEqual(othersLease);
		expect(readLease(leaseFields(undefined))).toBeUndefined();
		expect(readLease({ sessionLeaseOwner: 'x', sessionLeaseUntil: 'not a date' })).toBeUndefined();
	});

	it('decides adopt, use current, wait or claim', () => {
		expect(nextLeaseStep({ ...base, lease: undefined, usable: () => true })).toEqual({
			kind: 'adopt',
			state: fresh,
		});
		expect(nextLeaseStep({ ...base, lease: othersLease, stillValid: () => true })).toEqual({
			kind: 'useCurrent',
			state: fresh,
		});
		expect(nextLeaseStep({ ...base, lease: othersLease }).kind).toBe('wait');
		expect(nextLeaseStep({ ...base, lease: othersLease, waitedTooLong: true }).kind).toBe('claim');
		expect(nextLeaseStep({ ...base, lease: undefined }).kind).toBe('claim');
		expect(nextLeaseStep({ ...base, lease: { ...othersLease, owner: 'me' } }).kind).toBe('claim');
		expect(isLeaseHeldByOther({ ...othersLease, until: Date.now() - 1 }, 'me', Date.now())).toBe(
			false,
		);
	});

	it('a lease further ahead than the longest a holder writes is garbage', () => {
		const now = Date.now();
		const at = (ms: number) => leaseFields({ owner: 'other', until: now + ms });
		expect(readLease(at(MAX_LEASE_MS), now)).toEqual({ owner: 'other', until: now + MAX_LEASE_MS });
		expect(readLease(at(3_600_000), now)).toBeUndefined();
		expect(readLease(at(MAX_LEASE_MS + 10_000), now)).toBeUndefined();
	});

	it('the lease stretches with slow writes, within bounds; a takeover settles shorter', () => {
		expect(leaseLengthMs(0)).toBe(LEASE_MS);
		expect(leaseLengthMs(400)).toBe(1_600);
		expect(leaseLengthMs(60_000)).toBe(MAX_LEASE_MS);
		expect(settleDelayMs(50)).toBe(SETTLE_MS);
		expect(settleDelayMs(50, true)).toBe(TAKEOVER_SETTLE_MS);
		expect(settleDelayMs(2_300, true)).toBe(4_600);
	});

	it('a main shares the credential only once another process shows in it; workers always', () => {
		const alone = { role: 'main' as const, processId: 'p1' };
		expect(mayShareCredential({ ...alone, data: {} })).toBe(false);
		expect(mayShareCredential({ ...alone, data: { sessionLoggedInBy: 'p1' } })).toBe(false);
		expect(mayShareCredential({ ...alone, data: { sessionLoggedInBy: 'p2' } })).toBe(true);
		expect(mayShareCredential({ ...alone, data: { sessionLeaseOwner: 'p1-3' } })).toBe(false);
		expect(mayShareCredential({ ...alone, data: { sessionLeaseOwner: 'p2-1' } })).toBe(true);
		for (const role of ['worker', 'webhook', 'multiMain', 'unknown'] as const)
			expect(mayShareCredential({ role, processId: 'p1', data: {} })).toBe(true);
	});
});
