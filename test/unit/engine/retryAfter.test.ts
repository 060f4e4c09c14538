import { MAX_RETRY_AFTER_MS, readRetryAfter } from '../../../shared/engine';
import { NOW } from '../fixtures';

describe('readRetryAfter: delta-seconds or an HTTP date, bounded, nothing else', () => {
	it('seconds, or an HTTP date relative to now (never negative), in milliseconds', () => {
		expect(readRetryAfter('30', NOW)).toEqual({ kind: 'wait', ms: 30_000 });
		expect(readRetryAfter([' 2 ', '99'], NOW)).toEqual({ kind: 'wait', ms: 2_000 });
		expect(readRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toEqual({
			kind: 'wait',
			ms: 90_000,
		});
		expect(readRetryAfter(new Date(NOW - 90_000).toUTCString(), NOW)).toEqual({
			kind: 'wait',
			ms: 0,
		});
	});

	it('the obsolete RFC 850 and asctime date forms count too', () => {
		expect(readRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', NOW)).toEqual({ kind: 'wait', ms: 0 });
		const asctime = 'Sun Nov  6 08:49:37 2094';
		expect(readRetryAfter(asctime, NOW)).toEqual({ kind: 'wait', ms: MAX_RETRY_AFTER_MS });
	});

	it('absent', () => {
		for (const value of [undefined, '', '  ', ['']])
			expect(readRetryAfter(value, NOW)).toEqual({ kind: 'absent' });
	});

	it('unreadable: negative, fractional, text, a bare number type, a date without the HTTP form', () => {
		for (const value of ['-1', '1.5', 'soon', 12, '2026-11-24T10:00:00Z', '1e3', '0x10'])
			expect(readRetryAfter(value, NOW)).toEqual({ kind: 'unreadable' });
	});

	it('bounded: 20 digits or a date centuries away wait a day, never overflow', () => {
		expect(readRetryAfter('99999999999999999999', NOW)).toEqual({
			kind: 'wait',
			ms: MAX_RETRY_AFTER_MS,
		});
		expect(readRetryAfter('86401', NOW)).toEqual({ kind: 'wait', ms: MAX_RETRY_AFTER_MS });
		expect(readRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', NOW)).toEqual({
			kind: 'wait',
			ms: MAX_RETRY_AFTER_MS,
		});
	});
});
