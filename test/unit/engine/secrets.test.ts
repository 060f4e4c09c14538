import {
	basicCredentials,
	configSecrets,
	proxySecrets,
	redact,
	scrubSecrets,
	tokenPreview,
} from '../../../shared/engine';
import { config, PASSWORD } from '../fixtures';

describe('secrets', () => {
	it('previews long tokens by their ends and length only', () => {
		const token = `eyJh${'x'.repeat(304)}x9Qk`;
		expect(tokenPreview(token)).toBe('eyJh…x9Qk (312 chars)');
		expect(tokenPreview('short-token-123')).toBe('•••• (15 chars)');
		expect(tokenPreview('')).toBe('');
	});

	it('redacts plain and URL-encoded occurrences', () => {
		expect(redact('GET /a?token=a%2Bb%2F%3D failed for a+b/=', ['a+b/='])).toBe(
			'GET /a?token=[redacted] failed for [redacted]',
		);
		expect(redact('nothing here', [undefined, '', 'abc'])).toBe('nothing here');
	});

	it('scrubs nested JSON but keeps its shape', () => {
		const value = {
			a: 'Bearer secret-token',
			list: ['x', { b: 'secret-token!' }],
			n: 1,
			nil: null,
		};
		expect(scrubSecrets(value, ['secret-token'])).toEqual({
			a: 'Bearer [redacted]',
			list: ['x', { b: '[redacted]!' }],
			n: 1,
			nil: null,
		});
	});
});

describe('secrets of the credential and the proxy (issue 14, defect 3)', () => {
	const PEM = [
		'-----BEGIN PRIVATE KEY-----',
		'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0123456789abcdef',
		'short',
		'-----END PRIVATE KEY-----',
		'',
	].join('\n');

	it('the password also as Basic sends it, the key, its passphrase, the certificates and their long base64 lines', () => {
		const secrets = configSecrets(
			config({
				clientCertificate: PEM.replace(/PRIVATE KEY/g, 'CERTIFICATE'),
				clientPrivateKey: PEM,
				clientKeyPassphrase: 'pass-phrase-1',
			}),
		);
		expect(secrets).toContain(PASSWORD);
		expect(secrets).toContain(Buffer.from(`alice:${PASSWORD}`).toString('base64'));
		expect(secrets).toContain('pass-phrase-1');
		expect(secrets).toContain(PEM.trim());
		expect(secrets).toContain('MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0123456789abcdef');
		// the BEGIN/END lines and short lines tell nothing about the key
		expect(secrets).not.toContain('short');
		expect(secrets).not.toContain('-----BEGIN PRIVATE KEY-----');
	});

	it('configured headers named like a credential are secrets, others are not', () => {
		const secrets = configSecrets(
			config({
				apiHeaders: '{"X-Parse-REST-API-Key":"rest-key-0123","X-Parse-Application-Id":"myApp"}',
				loginHeaders: '{"X-Api-Key":"login-key-0123","Accept-Language":"de"}',
			}),
		);
		expect(secrets).toEqual(expect.arrayContaining(['rest-key-0123', 'login-key-0123']));
		expect(secrets).not.toContain('myApp');
		expect(secrets).not.toContain('de');
	});

	it('a proxy: its password, user:password and their base64 (Proxy-Authorization)', () => {
		expect(proxySecrets({ auth: { username: 'u', password: 'proxy-pw' } })).toEqual([
			'proxy-pw',
			basicCredentials('u', 'proxy-pw'),
			'u:proxy-pw',
		]);
		expect(proxySecrets(undefined)).toEqual([]);
		expect(proxySecrets({ auth: { username: 'u', password: '' } })).toEqual([]);
	});

	it('scrubs keys too, and a longer secret before one it contains', () => {
		expect(scrubSecrets({ 'tok-123456': { user: 'a' } }, ['tok-123456'])).toEqual({
			'[redacted]': { user: 'a' },
		});
		expect(redact('abcd-efgh', ['abcd', 'abcd-efgh'])).toBe('[redacted]');
	});
});
