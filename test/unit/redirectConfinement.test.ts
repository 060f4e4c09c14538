import { confineRedirects } from '../../shared/engine';
import { config } from './fixtures';

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
