import { liveCookie, parseSetCookies } from '../../../shared/engine/cookies';
import { NOW } from '../fixtures';

describe('parseSetCookies', () => {
	it('reads name and value of one line or many; attributes only decide whether it deletes', () => {
		expect(parseSetCookies('SESSIONID=abc; Path=/; HttpOnly', NOW)).toEqual([
			{ name: 'SESSIONID', value: 'abc', deletes: false },
		]);
		expect(parseSetCookies(['a=1', ' b = 2 ; Secure'], NOW)).toEqual([
			{ name: 'a', value: '1', deletes: false },
			{ name: 'b', value: '2', deletes: false },
		]);
		expect(parseSetCookies(undefined, NOW)).toEqual([]);
	});

	it('an empty value, Max-Age 0 or less, or a past Expires deletes; Max-Age wins over Expires', () => {
		const deleting = (line: string) => parseSetCookies(line, NOW)[0].deletes;
		expect(deleting('s=')).toBe(true);
		expect(deleting('s=""')).toBe(true);
		expect(deleting('s=x; Max-Age=0')).toBe(true);
		expect(deleting('s=x; Max-Age=-1')).toBe(true);
		expect(deleting('s=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT')).toBe(true);
		expect(deleting('s=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60')).toBe(false);
		expect(deleting('s=x; Max-Age=60; Max-Age=0')).toBe(true); // the last attribute wins
		expect(deleting('s=x; Expires=Fri, 01 Jan 2027 00:00:00 GMT')).toBe(false);
		expect(deleting('s=x; Expires=not a date')).toBe(false);
	});
});

describe('liveCookie', () => {
	it('the last live cookie of the name: deletions and other names are passed over', () => {
		const cookies = parseSetCookies(
			[
				'SESSIONID=deleted; Max-Age=0',
				'SESSIONID=first',
				'SESSIONID=second',
				'other=x',
				'SESSIONID=',
			],
			NOW,
		);
		expect(liveCookie(cookies, 'SESSIONID')).toEqual({
			name: 'SESSIONID',
			value: 'second',
			deletes: false,
		});
		expect(liveCookie(cookies, 'sessionid')).toBeUndefined();
	});
});
