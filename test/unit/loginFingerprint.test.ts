import { loginFingerprint, loginHash, matchesLoginHash } from '../../shared/engine';
import { config, PASSWORD } from './fixtures';

describe('login fingerprint and stored login hash', () => {
	it('the same login gives the same fingerprint; password, user or any login setting change it', () => {
		const base = loginFingerprint(config());
		expect(loginFingerprint(config())).toBe(base);
		for (const change of [
			{ password: 'other' },
			{ username: 'bob' },
			{ loginUrl: '/v2/login' },
			{ loginBody: '{"client_id":"x"}' },
			{ loginHeaders: '{"X-Key":"y"}' },
			{ loginCredentialsIn: 'basicAuth' },
		])
			expect(loginFingerprint(config(change))).not.toBe(base);
		// where the token goes is not part of the login
		expect(loginFingerprint(config({ sendSessionAs: 'header' }))).toBe(base);
	});

	it('a stored hash matches exactly its login, is salted, and holds no password', () => {
		const hash = loginHash(config());
		expect(hash).toMatch(/^v1\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
		expect(hash).not.toContain(PASSWORD);
		expect(loginHash(config())).not.toBe(hash);
		expect(matchesLoginHash(config(), hash)).toBe(true);
		expect(matchesLoginHash(config({ password: 'other' }), hash)).toBe(false);
		expect(matchesLoginHash(config({ loginBody: '{"a":1}' }), hash)).toBe(false);
		for (const broken of ['', undefined, 42, 'v1$x', 'v2$a$b', `${hash}0`])
			expect(matchesLoginHash(config(), broken)).toBe(false);
	});
});
