import { loginScope, type TokenState } from '../../../shared/engine';
import {
	isLeaseHeldByOther,
	leaseFields,
	nextLeaseStep,
	readLease,
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
});
