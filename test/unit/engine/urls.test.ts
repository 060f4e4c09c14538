import {
	isAbsoluteUrl,
	isCredentialHost,
	joinUrl,
	originOf,
	parseTokenConfig,
	requestUrl,
} from '../../../shared/engine';

// The axios that n8n-core 2.41.1 sends with (bundled with @n8n/backend-network); getUri resolves
// baseURL and url with the same buildFullPath its http adapter uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const axios = require('../../../node_modules/@n8n/backend-network/node_modules/axios') as {
	getUri(config: { baseURL: string; url: string }): string;
};
const axiosUrl = (baseURL: string, url: string) => axios.getUri({ baseURL, url });

describe('URLs resolved as axios resolves them', () => {
	const base = 'http://127.0.0.1:8080/v2';
	it.each([
		'/me',
		'me',
		'',
		'//other:9/x',
		'http://other/x',
		'HTTP://other/x',
		'ftp://x/y',
		'\\\\other\\x',
		'/\\other',
		' //other/x',
		'mailto:x',
		'///triple',
	])('joinUrl(base, %j) equals axios buildFullPath', (url) => {
		expect(joinUrl(base, url)).toBe(axiosUrl(base, url));
		expect(requestUrl({ baseURL: base, url })).toBe(axiosUrl(base, url));
	});

	it('a URL axios refuses (no // after http:) is never joined to the base', () => {
		expect(() => axiosUrl(base, 'http:\\\\other\\x')).toThrow('missing "//" after protocol');
		expect(originOf(joinUrl(base, 'http:\\\\other\\x'))).toBeUndefined();
	});

	it('a scheme downgrade (https Base URL, http redirect or URL to the same host) is another origin', () => {
		const bank = parseTokenConfig({ baseUrl: 'https://api.example-bank.com' });
		expect(isCredentialHost(bank, 'https://api.example-bank.com/me')).toBe(true);
		expect(isCredentialHost(bank, 'http://api.example-bank.com/me')).toBe(false);
		expect(isCredentialHost(bank, 'https://api.example-bank.com:8443/me')).toBe(false);
	});

	it('a protocol-relative URL is absolute and has no origin to trust', () => {
		expect(isAbsoluteUrl('//other/x')).toBe(true);
		expect(originOf('//other/x')).toBeUndefined();
		expect(originOf('http:\\\\other\\x')).toBeUndefined();
		expect(originOf('https:other')).toBeUndefined();
		expect(originOf('http://%31%32%37.0.0.1:1/')).toBe('http://127.0.0.1:1');
		expect(originOf('http://xn--bcher-kva.example/')).toBe('http://xn--bcher-kva.example');
		expect(originOf('http://bücher.example/')).toBe('http://xn--bcher-kva.example');
	});
});
