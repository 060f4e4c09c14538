/**
 * Retry-After (RFC 9110 10.2.3): delta-seconds (digits only) or an HTTP-date. Anything else (a
 * negative or fractional number, a 20-digit number, free text) is unreadable: the caller ignores it
 * and says so, rather than reading "1.5" as a date in 2001 or overflowing Date with 1e20 seconds.
 */

/** The longest wait a Retry-After is taken for; a longer one is cut to this (it still blocks logins). */
export const MAX_RETRY_AFTER_MS = 24 * 3600_000;

export type RetryAfter =
	| { kind: 'absent' }
	| { kind: 'unreadable' }
	/** ms to wait from now: 0 for a date in the past, at most MAX_RETRY_AFTER_MS */
	| { kind: 'wait'; ms: number };

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** IMF-fixdate, the obsolete RFC 850 form and asctime: the three forms RFC 9110 5.6.7 allows. */
const HTTP_DATE = new RegExp(
	`^(?:${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT|${LONG_DAY}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT|${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4})$`,
);

export function readRetryAfter(value: unknown, now: number): RetryAfter {
	const text = Array.isArray(value) ? value[0] : value;
	if (text === undefined || text === null) return { kind: 'absent' };
	if (typeof text !== 'string') return { kind: 'unreadable' };
	const trimmed = text.trim();
	if (trimmed === '') return { kind: 'absent' };
	const bounded = (ms: number): RetryAfter => ({
		kind: 'wait',
		ms: Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS),
	});
	if (/^\d+$/.test(trimmed)) {
		// More than 10 digits is more than 300 years: bounded without multiplying (no overflow).
		return bounded(trimmed.length > 10 ? MAX_RETRY_AFTER_MS : Number(trimmed) * 1000);
	}
	if (!HTTP_DATE.test(trimmed)) return { kind: 'unreadable' };
	const date = Date.parse(trimmed.endsWith('GMT') ? trimmed : `${trimmed} GMT`);
	return Number.isNaN(date) ? { kind: 'unreadable' } : bounded(date - now);
}
