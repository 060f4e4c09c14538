import { parseRetryAfter } from '../../../shared/runtime/login';
import { NOW } from '../fixtures';

// The login call itself runs through n8n-core in test/integration/loginDiscipline.test.ts.
describe('parseRetryAfter', () => {
	it('seconds, or an HTTP date relative to now (never negative), in milliseconds', () => {
		expect(parseRetryAfter('30', NOW)).toBe(30_000);
		expect(parseRetryAfter([' 2 ', '99'], NOW)).toBe(2_000);
		expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
		expect(parseRetryAfter(new Date(NOW - 90_000).toUTCString(), NOW)).toBe(0);
	});

	it('nothing usable: undefined', () => {
		for (const value of [undefined, '', '  ', 'soon', 12, ['']])
			expect(parseRetryAfter(value, NOW)).toBeUndefined();
	});
});
