import { displayUrl } from '../../../shared/engine';

describe('displayUrl: a URL without secrets', () => {
	it('drops user:password@ and the fragment, and shows query names without values', () => {
		expect(displayUrl('https://u:p@api.example.com:8443/v1/login?key=abc&app=x#frag')).toBe(
			'https://api.example.com:8443/v1/login?key=…&app=…',
		);
	});

	it('adds the names a GET login puts in the query', () => {
		expect(displayUrl('http://127.0.0.1:5680/login', ['username', 'password'])).toBe(
			'http://127.0.0.1:5680/login?username=…&password=…',
		);
	});

	it('says so for text that is not a URL', () => {
		expect(displayUrl('not a url')).toBe('(not a valid URL)');
	});
});
