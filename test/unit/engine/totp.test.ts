import { decodeBase32Secret, totpCode, type TotpAlgorithm } from '../../../shared/engine';

/** RFC 6238 appendix B: the seeds are ASCII "1234567890" repeated to the hash's key length. */
const SEEDS: Record<TotpAlgorithm, Buffer> = {
	SHA1: Buffer.from('12345678901234567890'),
	SHA256: Buffer.from('12345678901234567890123456789012'),
	SHA512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};

const VECTORS: Array<[seconds: number, codes: Record<TotpAlgorithm, string>]> = [
	[59, { SHA1: '94287082', SHA256: '46119246', SHA512: '90693936' }],
	[1111111109, { SHA1: '07081804', SHA256: '68084774', SHA512: '25091201' }],
	[1111111111, { SHA1: '14050471', SHA256: '67062674', SHA512: '99943326' }],
	[1234567890, { SHA1: '89005924', SHA256: '91819424', SHA512: '93441116' }],
	[2000000000, { SHA1: '69279037', SHA256: '90698825', SHA512: '38618901' }],
	[20000000000, { SHA1: '65353130', SHA256: '77737706', SHA512: '47863826' }],
];

describe('totpCode: RFC 6238 test vectors', () => {
	it.each(VECTORS)('at %i s', (seconds, codes) => {
		for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as const) {
			const settings = { key: SEEDS[algorithm], digits: 8, period: 30, algorithm };
			expect(totpCode(settings, seconds * 1000)).toBe(codes[algorithm]);
		}
	});

	it('6 digits keep leading zeros; the period sets the step', () => {
		const settings = { key: SEEDS.SHA1, digits: 6, period: 30, algorithm: 'SHA1' as const };
		expect(totpCode(settings, 1111111109_000)).toBe('081804');
		expect(totpCode({ ...settings, period: 60 }, 59_000)).toBe(totpCode(settings, 1_000));
	});
});

describe('decodeBase32Secret: the secret as authenticator apps show it', () => {
	it('decodes base32 with spaces, dashes, padding and lower case', () => {
		// base32 of "12345678901234567890"
		const encoded = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
		expect(decodeBase32Secret(encoded)).toEqual(SEEDS.SHA1);
		expect(decodeBase32Secret('gezd gnbv-gy3t qojq gezd gnbv gy3t qojq==')).toEqual(SEEDS.SHA1);
	});

	it('refuses other text by shape, never showing it', () => {
		expect(() => decodeBase32Secret('not-base32-1890!!')).toThrow(
			'TOTP Secret: expected a base32 secret (letters A-Z and digits 2-7) such as JBSWY3DPEHPK3PXP, got text of 15 character(s) of which 6 are not base32',
		);
		expect(() => decodeBase32Secret('JBSWY3DP')).toThrow(
			'TOTP Secret: expected a base32 secret of at least 16 characters (80 bits, RFC 4226), got 8 character(s)',
		);
		expect(() => decodeBase32Secret('  ')).toThrow('TOTP Secret: expected a base32 secret');
	});
});
