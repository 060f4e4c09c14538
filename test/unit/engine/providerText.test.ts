import { PROVIDER_TEXT_MAX, providerText } from '../../../shared/engine';

const SECRET = 'correct-horse-battery';

describe("providerText: the provider's own words, only when safe", () => {
	it.each([
		[
			{ error: 'invalid_grant', error_description: 'Bad credentials' },
			'"Bad credentials" (invalid_grant)',
		],
		[{ message: 'User locked' }, '"User locked"'],
		[{ error: 'unauthorized' }, '"unauthorized"'],
		[{ error: { code: 7, message: 'Session limit reached' } }, '"Session limit reached"'],
		[{ errors: [{ message: 'Invalid login' }] }, '"Invalid login"'],
		[{ detail: 'Account expired', title: 'Forbidden', status: 403 }, '"Account expired"'],
		[{ error: 'Not a code: has spaces', error_description: 'x' }, '"x"'],
	])('reads %j', (body, expected) => {
		expect(providerText(body, 'application/json', [])).toBe(expected);
	});

	it('a short plain-text body counts; HTML, other types and empty bodies do not', () => {
		expect(providerText('Invalid password\n', 'text/plain', [])).toBe('"Invalid password"');
		expect(providerText('<html><h1>Denied</h1></html>', 'text/plain', [])).toBeUndefined();
		expect(providerText('Denied', 'text/html', [])).toBeUndefined();
		expect(providerText('   ', 'text/plain', [])).toBeUndefined();
		expect(providerText({ ok: false, code: 3 }, 'application/json', [])).toBeUndefined();
		expect(providerText(undefined, 'none', [])).toBeUndefined();
	});

	it('scrubs secrets, also URL-encoded, before cutting', () => {
		expect(
			providerText(
				{ message: `password ${SECRET} and ${encodeURIComponent(`${SECRET}/+`)} wrong` },
				'application/json',
				[SECRET, `${SECRET}/+`],
			),
		).toBe('"password [redacted] and [redacted] wrong"');
		// A secret that straddles the cut is still removed whole.
		const long = `${'x'.repeat(PROVIDER_TEXT_MAX - 5)}${SECRET}`;
		const shown = providerText(long, 'text/plain', [SECRET]) as string;
		expect(shown).not.toContain(SECRET.slice(0, 5));
	});

	it('removes control characters and bidirectional overrides, and bounds the length', () => {
		expect(providerText('line1\r\nline2\u0000\u001b[31m\u202eevil', 'text/plain', [])).toBe(
			'"line1 line2 [31m evil"',
		);
		const shown = providerText('y'.repeat(5000), 'text/plain', []) as string;
		expect(shown).toBe(`"${'y'.repeat(PROVIDER_TEXT_MAX - 1)}…"`);
	});
});

describe('providerText: a JSON string body (issue 14, defect 7)', () => {
	it('is quoted like a plain-text body (json-server-auth answers "Incorrect password")', () => {
		expect(providerText('Incorrect password', 'application/json', [])).toBe('"Incorrect password"');
		expect(providerText('Denied', 'application/problem+json', [])).toBe('"Denied"');
		expect(providerText(`no ${SECRET}`, 'application/json', [SECRET])).toBe('"no [redacted]"');
		expect(providerText('<p>Denied</p>', 'application/json', [])).toBeUndefined();
	});
});
