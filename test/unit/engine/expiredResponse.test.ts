import { isExpiredTokenResponse } from '../../../shared/engine';
import { config } from '../fixtures';

describe('isExpiredTokenResponse', () => {
	const c = config({
		refreshOnStatus: '401,403',
		expiredBodyMatch: 'code=602, error.errcode=40001, expired=true',
	});

	it('matches configured statuses only', () => {
		expect(isExpiredTokenResponse(c, 401, '')).toBe(true);
		expect(isExpiredTokenResponse(c, 403, '')).toBe(true);
		expect(isExpiredTokenResponse(c, 500, '')).toBe(false);
		expect(isExpiredTokenResponse(config(), 403, '')).toBe(false);
	});

	it('matches JSON bodies of any status, as object, text or bytes', () => {
		expect(isExpiredTokenResponse(c, 200, { code: 602, message: 'Access token expired' })).toBe(
			true,
		);
		expect(isExpiredTokenResponse(c, 200, JSON.stringify({ error: { errcode: 40001 } }))).toBe(
			true,
		);
		expect(isExpiredTokenResponse(c, 200, Buffer.from('{"expired":true}'))).toBe(true);
	});

	it('does not match other values, other shapes or non-JSON', () => {
		expect(isExpiredTokenResponse(c, 200, { code: 601 })).toBe(false);
		expect(isExpiredTokenResponse(c, 200, { code: { nested: 602 } })).toBe(false);
		expect(isExpiredTokenResponse(c, 200, '<html>code=602</html>')).toBe(false);
		expect(isExpiredTokenResponse(c, 200, null)).toBe(false);
	});
});
