import {
	isCredentialHeader,
	isFramingHeaderName,
	isForbiddenHeaderName,
	isHeaderNameSyntax,
	isUnreadableResponseHeader,
} from '../../../shared/engine/headerNames';

describe('header names', () => {
	it('syntax: RFC 9110 token characters only', () => {
		expect(isHeaderNameSyntax('X-Auth-Token')).toBe(true);
		expect(isHeaderNameSyntax("x!#$%&'*+.^_`|~9")).toBe(true);
		for (const name of ['X Token', 'a=b', 'a;b', 'Tök', ''])
			expect(isHeaderNameSyntax(name)).toBe(false);
	});

	it('a request header the HTTP client controls cannot carry the token, in any case, Proxy-* and Sec-* too', () => {
		for (const name of [
			'Host',
			' content-length ',
			'COOKIE',
			'Proxy-Authorization',
			'Sec-Token',
			'TE',
		])
			expect(isForbiddenHeaderName(name)).toBe(true);
		for (const name of ['Authorization', 'X-Auth-Token', 'X-Host', 'Hosts'])
			expect(isForbiddenHeaderName(name)).toBe(false);
	});

	it('the token cannot be read from framing, hop-by-hop or Set-Cookie response headers', () => {
		for (const name of ['Set-Cookie', 'transfer-encoding', 'Proxy-Authenticate', ' Connection'])
			expect(isUnreadableResponseHeader(name)).toBe(true);
		for (const name of ['X-Auth-Token', 'Authorization', 'Date', 'Cookie'])
			expect(isUnreadableResponseHeader(name)).toBe(false);
	});
});

describe('header names on a redirect and in configured headers (issue 14, defects 3 and 6)', () => {
	it('headers that may carry a credential, and the ones the caller names', () => {
		for (const name of [
			'Authorization',
			'proxy-authorization',
			'Cookie',
			'X-Api-Key',
			'X-Auth-Token',
			'X-Session',
			'X-CSRF-Token',
			'X-Parse-REST-API-Key',
		])
			expect(isCredentialHeader(name)).toBe(true);
		for (const name of ['Accept', 'X-Request-Id', 'X-Parse-Application-Id', 'Content-Type'])
			expect(isCredentialHeader(name)).toBe(false);
		expect(isCredentialHeader('X-Parse-Application-Id', ['x-parse-application-id'])).toBe(true);
	});

	it('headers the HTTP client sets or a proxy reads cannot be configured', () => {
		for (const name of ['Host', 'content-length', 'Transfer-Encoding', 'Proxy-Authorization', 'TE'])
			expect(isFramingHeaderName(name)).toBe(true);
		for (const name of ['Authorization', 'Cookie', 'X-Api-Key'])
			expect(isFramingHeaderName(name)).toBe(false);
	});
});
