import type { IHttpRequestOptions } from 'n8n-workflow';

import { isCredentialHost, LoginTokenError, placeToken, requestUrl } from '../../../shared/engine';
import { config } from '../fixtures';

const request = (url: string, extra: Partial<IHttpRequestOptions> = {}): IHttpRequestOptions => ({
	url,
	method: 'GET',
	...extra,
});

describe('placeToken', () => {
	it('bearer replaces any Authorization header the user set', () => {
		const placed = placeToken(
			config(),
			'tok',
			request('https://api.example-bank.com/a', {
				headers: { authorization: 'Basic x', 'X-Other': '1' },
			}),
		);
		expect(placed.headers).toEqual({ 'X-Other': '1', Authorization: 'Bearer tok' });
	});

	it('custom header with prefix', () => {
		const placed = placeToken(
			config({
				sendSessionAs: 'header',
				sendSessionName: 'X-Session',
				sendSessionPrefix: 'Token ',
			}),
			'tok',
			request('https://api.example-bank.com/a'),
		);
		expect(placed.headers).toEqual({ 'X-Session': 'Token tok' });
	});

	it('query parameter beside existing ones', () => {
		const placed = placeToken(
			config({ sendSessionAs: 'query', sendSessionName: 'access_token' }),
			'tok',
			request('https://api.example-bank.com/a', { qs: { page: 2 } }),
		);
		expect(placed.qs).toEqual({ page: 2, access_token: 'tok' });
	});

	it('cookie appended to an existing Cookie header, raw', () => {
		const placed = placeToken(
			config({ sendSessionAs: 'cookie', sendSessionName: 'SESSIONID' }),
			'a+b/=',
			request('https://api.example-bank.com/a', { headers: { Cookie: 'lang=en' } }),
		);
		expect(placed.headers).toEqual({ Cookie: 'lang=en; SESSIONID=a+b/=' });
	});

	it("does not change the caller's request object", () => {
		const original = request('https://api.example-bank.com/a', { headers: { A: '1' } });
		placeToken(config(), 'tok', original);
		expect(original.headers).toEqual({ A: '1' });
	});

	it('sends no token when there is none', () => {
		expect(
			placeToken(config(), '', request('https://api.example-bank.com/a')).headers,
		).toBeUndefined();
	});

	it.each([
		'https://evil.example.com/a',
		'http://api.example-bank.com/a', // scheme downgrade
		'https://api.example-bank.com:8443/a', // other port
		'https://api.example-bank.com.evil.com/a',
		'/relative-without-base',
	])('refuses %s', (url) => {
		let error: unknown;
		try {
			placeToken(config(), 'SECRET-TOKEN-123', request(url));
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(LoginTokenError);
		expect((error as LoginTokenError).kind).toBe('offHost');
		expect((error as LoginTokenError).message).toMatch(
			/^Refusing to send the token to .*only https:\/\/api\.example-bank\.com/,
		);
		expect((error as LoginTokenError).message).not.toContain('SECRET-TOKEN-123');
	});

	it("reads the legacy `uri` of requests made by n8n's own HTTP Request node", () => {
		const legacy = {
			uri: 'https://api.example-bank.com/a',
			method: 'GET',
		} as unknown as IHttpRequestOptions;
		expect(placeToken(config(), 'tok', legacy).headers).toEqual({ Authorization: 'Bearer tok' });
		expect(() =>
			placeToken(config(), 'tok', {
				uri: 'https://evil.example.com/a',
			} as unknown as IHttpRequestOptions),
		).toThrow(/Refusing to send the token to https:\/\/evil\.example\.com/);
	});

	it('joins baseURL and url like n8n, for the credential test request', () => {
		expect(requestUrl({ baseURL: 'https://api.example-bank.com/', url: '/me' })).toBe(
			'https://api.example-bank.com/me',
		);
		expect(
			isCredentialHost(config(), requestUrl({ baseURL: 'https://api.example-bank.com', url: '' })),
		).toBe(true);
		expect(
			placeToken(config(), 'tok', { baseURL: 'https://api.example-bank.com', url: '/me' }).headers,
		).toEqual({ Authorization: 'Bearer tok' });
	});
});
