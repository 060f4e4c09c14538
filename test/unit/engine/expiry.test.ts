import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

import { jwtExpiry, LoginTokenError, parseAbsoluteTime, readExpiry } from '../../../shared/engine';
import { config, jwt, thrown } from '../fixtures';

const NOW = Date.parse('2026-01-01T10:00:00Z');
const HOUR = 3_600_000;
const TOO_LONG =
	'the login response says the token lives more than a year (31536000 seconds), which is not a plausible token lifetime; choose another Expiry Source, or Fixed Lifetime with Token Lifetime set to the real lifetime';

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

describe('timestamps without a zone are UTC, whatever the server zone (defect 8)', () => {
	// Node reads TZ once per process, so each zone runs the engine in a child process.
	const script = `
		const ts = require('typescript');
		const fs = require('fs');
		require.extensions['.ts'] = (m, file) => m._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'), {
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
		}).outputText, file);
		const { parseAbsoluteTime } = require(${JSON.stringify(path.resolve(__dirname, '../../../shared/engine/expiry.ts'))});
		const texts = JSON.parse(process.argv[1]);
		process.stdout.write(JSON.stringify(texts.map((text) => parseAbsoluteTime(text))));
	`;
	const texts = [
		'2026-01-01T10:30:00',
		'2026-01-01 10:30:00',
		'2026-01-01T10:30:00.000',
		'2026-01-01T10:30',
		'Thu, 01 Jan 2026 10:30:00',
		'2026/01/01 10:30:00',
		'2026-01-01T19:30:00+09:00',
		'2026-01-01T10:30:00Z',
	];

	it.each(['Asia/Tokyo', 'America/New_York'])('in %s', (tz) => {
		const out = execFileSync(process.execPath, ['-e', script, JSON.stringify(texts)], {
			env: { ...process.env, TZ: tz },
			encoding: 'utf8',
		});
		expect(JSON.parse(out)).toEqual(texts.map(() => NOW + HOUR / 2));
	});
});

describe('absurd expiries are refused with a clear error, never a RangeError (defect 8)', () => {
	it.each([
		[{ expires_in: 1e13 }, {}, 'Expires-In Path'],
		[{ expires_in: '1e13' }, {}, 'Expires-In Path'],
		[{ expires_in: 31_536_001 }, {}, 'Expires-In Path'],
		[{ expires_at: '9999-12-31T00:00:00Z' }, {}, 'Expires-At Path'],
		[{ expires_at: 8.64e15 }, {}, 'Expires-At Path'],
		[{ expires_at: 99_999_999_999 }, {}, 'Expires-At Path'],
	])('%j', (body, overrides, fieldLabel) => {
		const error = expiryError(config(overrides), body);
		expect(error).toBeInstanceOf(LoginTokenError);
		expect(error.kind).toBe('expiry');
		expect(error.message).toBe(`${fieldLabel}: ${TOO_LONG}`);
	});

	it('a year exactly is still accepted', () => {
		expect(at(config(), { expires_in: 31_536_000 }).expiresAt).toBe(NOW + 31_536_000_000);
	});
});

describe('epoch units told apart by magnitude (defect 8)', () => {
	const inOneHour = NOW + HOUR;
	it.each([
		['seconds', inOneHour / 1000],
		['milliseconds', inOneHour],
		['microseconds (16 digits)', inOneHour * 1000],
		['nanoseconds (19 digits)', inOneHour * 1e6],
		['microseconds as text', String(inOneHour * 1000)],
	])('%s', (_unit, value) => {
		expect(at(config(), { expires_at: value }).expiresAt).toBe(inOneHour);
	});

	it('JWT exp in seconds and in milliseconds', () => {
		expect(at(config(), {}, jwt({ exp: inOneHour / 1000 })).expiresAt).toBe(inOneHour);
		expect(at(config(), {}, jwt({ exp: inOneHour })).expiresAt).toBe(inOneHour);
		expect(
			expiryError(config({ expirySource: 'jwt' }), {}, jwt({ exp: NOW / 1000 + 2 * 31_536_000 }))
				.message,
		).toBe(`Expiry Source: ${TOO_LONG}`);
	});
});

describe('the provider Date header (defect 8)', () => {
	const expires_at = '2026-01-01T11:00:00Z';
	it('corrects skew up to a day', () => {
		// the provider's clock is 2 hours behind: its 11:00 is our 13:00
		expect(at(config(), { expires_at }, 'o', NOW - 2 * HOUR).expiresAt).toBe(NOW + 3 * HOUR);
	});
	it('ignores a Date header more than a day away (a 1999 clock shifts nothing)', () => {
		expect(at(config(), { expires_at }, 'o', Date.parse('1999-01-01T00:00:00Z')).expiresAt).toBe(
			Date.parse(expires_at),
		);
		expect(at(config(), { expires_at }, 'o', NOW + 25 * HOUR).expiresAt).toBe(
			Date.parse(expires_at),
		);
	});
});

it('parseAbsoluteTime never returns a value Date cannot hold', () => {
	for (const value of [1e300, -1e300, '9'.repeat(400), '1e400', Number.MAX_VALUE])
		expect(
			parseAbsoluteTime(value) === undefined || Math.abs(parseAbsoluteTime(value)!) <= 8.64e15,
		).toBe(true);
});

describe('readExpiry: Expires-In Unit and the JWT exp (issue 14, defect 5)', () => {
	const exp = (seconds: number) => jwt({ sub: 'alice', exp: NOW / 1000 + seconds });

	it('milliseconds (Directus) and minutes', () => {
		const ms = config({ expiresInPath: 'data.expires', expiresInUnit: 'milliseconds' });
		expect(at(ms, { data: { expires: 20000 } })).toEqual({
			expiresAt: NOW + 20_000,
			source: 'expiresIn',
		});
		expect(at(config({ expiresInUnit: 'minutes' }), { expires_in: 15 }).expiresAt).toBe(
			NOW + 900_000,
		);
		expect(expiryError(ms, { data: { expires: 0 } }).message).toBe(
			'Expires-In Path: the login response says the token has no time left (0 or fewer milliseconds)',
		);
	});

	it('an expires-in 20x or more off the JWT exp gives way to the JWT, with a warning', () => {
		const wrongUnit = config({ expiresInPath: 'data.expires' });
		expect(at(wrongUnit, { data: { expires: 20000 } }, exp(20))).toEqual({
			expiresAt: NOW + 20_000,
			source: 'jwt',
			warning:
				"Expires-In Path says the token lives 20000 s (Expires-In Unit is seconds), but the token's own JWT exp says 20 s: the JWT exp is used. Check the unit, or choose Expiry Source: JWT Exp Claim.",
		});
		// less than 20x apart: the answer's own expiry stands
		expect(at(config(), { expires_in: 399 }, exp(20))).toEqual({
			expiresAt: NOW + 399_000,
			source: 'expiresIn',
		});
		// an expires-at too
		expect(at(config(), { expires_at: NOW / 1000 + 72_000 }, exp(3600))).toMatchObject({
			expiresAt: NOW + 3_600_000,
			source: 'jwt',
			warning: expect.stringMatching(/^Expires-At Path says the token lives 72000 s, but/),
		});
	});

	it('an Expires-At that reads as a time before 2001 is a lifetime, not a time', () => {
		const error = expiryError(
			config({ expirySource: 'expiresAt', expiresAtPath: 'data.expires' }),
			{ data: { expires: 20000 } },
		);
		expect(error.message).toBe(
			'Expires-At Path: the login response holds a number that, read as an epoch time, lies before 2001: it looks like a lifetime, not a time. Choose Expiry Source: Expires-In Field with the matching Expires-In Unit',
		);
	});
});
