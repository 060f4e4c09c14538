import type { IHttpRequestOptions } from 'n8n-workflow';

import {
	confineRedirects,
	CREDENTIAL_TEST_HEADER,
	isCredentialHost,
	JUST_LOGGED_IN_MS,
	LoginTokenError,
	needsLoginFirst,
	placeToken,
	requestUrl,
	takeTestMark,
	tokenExpiredSignal,
	type TokenState,
} from '../../../shared/engine';
import { config, NOW, tokenState } from '../fixtures';

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

describe('confineRedirects', () => {
	it('limits redirect hops to the Base URL host, keeps n8n from copying Authorization across origins', () => {
		const confined = confineRedirects(config(), {
			url: 'https://api.example-bank.com/me',
			headers: { Authorization: 'Bearer t', Accept: 'application/json' },
		});
		expect(confined).toEqual({
			url: 'https://api.example-bank.com/me',
			headers: { authorization: 'Bearer t', Accept: 'application/json' },
			allowedDomains: 'api.example-bank.com',
			sendCredentialsOnCrossOriginRedirect: false,
		});
	});

	it("narrows the credential's own Allowed Domains to the Base URL host, or keeps a list that excludes it", () => {
		const request = { url: 'https://api.example-bank.com/me' };
		expect(
			confineRedirects(config(), {
				...request,
				allowedDomains: '*.example-bank.com, x.org',
			} as never).allowedDomains,
		).toBe('api.example-bank.com');
		expect(
			confineRedirects(config(), { ...request, allowedDomains: 'x.org' } as never).allowedDomains,
		).toBe('x.org');
	});

	it('leaves custom headers and the query alone', () => {
		const confined = confineRedirects(config(), {
			url: 'https://api.example-bank.com/me',
			headers: { 'X-Session': 't' },
			qs: { token: 't' },
		});
		expect(confined.headers).toEqual({ 'X-Session': 't' });
		expect(confined.qs).toEqual({ token: 't' });
	});
});

describe('authenticate decisions', () => {
	const c = config();
	const state = (obtainedAgo: number, overrides: Partial<TokenState> = {}): TokenState =>
		tokenState({ obtainedAt: NOW - obtainedAgo, expiresAt: NOW + 3600_000 }, overrides);

	it('sends the stored token of this login on ordinary requests', () => {
		expect(needsLoginFirst(c, state(600_000), false, NOW)).toBe(false);
		expect(needsLoginFirst(c, state(0, { token: '' }), false, NOW)).toBe(false);
	});

	it('asks for a login when the token belongs to another login', () => {
		expect(
			needsLoginFirst(
				c,
				state(0, { scope: 'https://old.example.com https://old.example.com/login alice' }),
				false,
				NOW,
			),
		).toBe(true);
	});

	it('asks for a login on the credential test unless the token was just obtained', () => {
		expect(needsLoginFirst(c, state(600_000), true, NOW)).toBe(true);
		expect(needsLoginFirst(c, state(0, { token: '' }), true, NOW)).toBe(true);
		expect(needsLoginFirst(c, state(JUST_LOGGED_IN_MS - 1), true, NOW)).toBe(false);
	});

	it('finds and removes the test mark in any header case', () => {
		const marked = takeTestMark({
			url: 'https://x',
			headers: { [CREDENTIAL_TEST_HEADER.toLowerCase()]: 'true', Accept: 'a' },
		});
		expect(marked).toEqual({
			isCredentialTest: true,
			request: { url: 'https://x', headers: { Accept: 'a' } },
		});
		expect(takeTestMark({ url: 'https://x' }).isCredentialTest).toBe(false);
	});

	it('signals expiry the way n8n request helpers recognise it', () => {
		expect(tokenExpiredSignal().response.status).toBe(401);
	});
});
