import { redact, scrubSecrets, tokenPreview } from '../../../shared/engine';

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
