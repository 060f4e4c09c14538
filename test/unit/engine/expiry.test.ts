import { jwtExpiry, LoginTokenError, parseAbsoluteTime, readExpiry } from '../../../shared/engine';
import { config, jwt, thrown } from '../fixtures';

const NOW = Date.parse('2026-01-01T10:00:00Z');
const at = (c: ReturnType<typeof config>, body: unknown, token = 'opaque', serverNow?: number) =>
	readExpiry(c, { token, body, now: NOW, serverNow });

const expiryError = (c: ReturnType<typeof config>, body: unknown, token = 'opaque') =>
	thrown<LoginTokenError>(() => at(c, body, token));

describe('readExpiry', () => {
	it('expires_in as number or numeric text, nested paths too', () => {
		expect(at(config(), { expires_in: 1800 })).toEqual({
			expiresAt: NOW + 1_800_000,
			source: 'expiresIn',
		});
		expect(at(config(), { expires_in: '1800' }).expiresAt).toBe(NOW + 1_800_000);
		expect(
			at(config({ expirySource: 'expiresIn', expiresInPath: 'data.ttl' }), { data: { ttl: 60 } })
				.expiresAt,
		).toBe(NOW + 60_000);
	});

	it('expires_at as ISO, epoch seconds and epoch milliseconds', () => {
		const iso = '2026-01-01T11:00:00Z';
		expect(at(config(), { expires_at: iso })).toEqual({
			expiresAt: Date.parse(iso),
			source: 'expiresAt',
		});
		expect(at(config(), { expires_at: Date.parse(iso) / 1000 }).expiresAt).toBe(Date.parse(iso));
		expect(at(config(), { expires_at: Date.parse(iso) }).expiresAt).toBe(Date.parse(iso));
		expect(at(config(), { expires_at: String(Date.parse(iso) / 1000) }).expiresAt).toBe(
			Date.parse(iso),
		);
	});

	it('corrects absolute times for a provider clock that is off (from its Date header)', () => {
		const serverNow = NOW + 10 * 60_000; // provider 10 minutes ahead
		expect(
			at(config(), { expires_at: '2026-01-01T11:10:00Z' }, 'opaque', serverNow).expiresAt,
		).toBe(Date.parse('2026-01-01T11:00:00Z'));
		// a difference within the Date header's resolution is ignored
		expect(
			at(config(), { expires_at: '2026-01-01T11:00:00Z' }, 'opaque', NOW - 900).expiresAt,
		).toBe(Date.parse('2026-01-01T11:00:00Z'));
	});

	it('JWT exp', () => {
		const token = jwt({ sub: 'alice', exp: NOW / 1000 + 900 });
		expect(at(config(), {}, token)).toEqual({ expiresAt: NOW + 900_000, source: 'jwt' });
		expect(jwtExpiry('a.b')).toBeUndefined();
		expect(jwtExpiry(jwt({ sub: 'x' }))).toBeUndefined();
		expect(jwtExpiry('x.!!!.y')).toBeUndefined();
	});

	it('auto: expires_in beats expires_at beats JWT beats fixed', () => {
		const token = jwt({ exp: NOW / 1000 + 900 });
		expect(at(config(), { expires_in: 60, expires_at: '2026-01-01T11:00:00Z' }, token).source).toBe(
			'expiresIn',
		);
		expect(at(config(), { expires_at: '2026-01-01T11:00:00Z' }, token).source).toBe('expiresAt');
		expect(at(config(), {}, token).source).toBe('jwt');
		expect(at(config({ sessionLifetime: 120 }), {})).toEqual({
			expiresAt: NOW + 120_000,
			source: 'fixed',
		});
	});

	it('fixed ignores what the response says', () => {
		expect(
			at(config({ expirySource: 'fixed', sessionLifetime: 600 }), { expires_in: 5 }).expiresAt,
		).toBe(NOW + 600_000);
	});

	it.each([
		[
			{ expirySource: 'expiresIn' },
			{},
			'expiresInPath',
			/Expires-In Path: not found in the login response \(the path stops after \(top level\), which has an empty object\)/,
		],
		[
			{},
			{ expires_in: 'soon' },
			'expiresInPath',
			/holds text of 4 character\(s\) that is not a number of seconds/,
		],
		[{}, { expires_in: 0 }, 'expiresInPath', /no time left/],
		[{ expirySource: 'expiresAt' }, { other: 1 }, 'expiresAtPath', /not found .* keys: other/],
		[{}, { expires_at: 'not-a-date' }, 'expiresAtPath', /not an ISO 8601 date or epoch time/],
		[{}, { expires_at: '2025-12-31T00:00:00Z' }, 'expiresAtPath', /expired already/],
		[{ expirySource: 'jwt' }, {}, 'expirySource', /not a JWT with an "exp" claim/],
	])('%j with %j fails on %s', (overrides, body, field, message) => {
		const error = expiryError(config(overrides), body);
		expect(error.kind).toBe('expiry');
		expect(error.field).toBe(field);
		expect(error.message).toMatch(message);
		expect(error.message).not.toMatch(/soon|not-a-date/);
	});

	it('parseAbsoluteTime tells seconds from milliseconds by magnitude', () => {
		expect(parseAbsoluteTime(1_767_261_600)).toBe(1_767_261_600_000);
		expect(parseAbsoluteTime(1_767_261_600_000)).toBe(1_767_261_600_000);
		expect(parseAbsoluteTime('')).toBeUndefined();
		expect(parseAbsoluteTime(true)).toBeUndefined();
	});
});
