import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

import { LoginTokenError, parseAbsoluteTime, readExpiry } from '../../shared/engine';
import { config, jwt, thrown } from './fixtures';

const NOW = Date.parse('2026-01-01T10:00:00Z');
const HOUR = 3_600_000;
const read = (
	body: unknown,
	overrides: Record<string, unknown> = {},
	token = 'opaque',
	serverNow?: number,
) => readExpiry(config(overrides), { token, body, now: NOW, serverNow });
const refused = (body: unknown, overrides: Record<string, unknown> = {}, token = 'opaque') =>
	thrown<LoginTokenError>(() => read(body, overrides, token));

const TOO_LONG =
	'the login response says the token lives more than a year (31536000 seconds), which is not a plausible token lifetime; choose another Expiry Source, or Fixed Lifetime with Token Lifetime set to the real lifetime';

describe('timestamps without a zone are UTC, whatever the server zone (defect 8)', () => {
	// Node reads TZ once per process, so each zone runs the engine in a child process.
	const script = `
		const ts = require('typescript');
		const fs = require('fs');
		require.extensions['.ts'] = (m, file) => m._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'), {
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
		}).outputText, file);
		const { parseAbsoluteTime } = require(${JSON.stringify(path.resolve(__dirname, '../../shared/engine/expiry.ts'))});
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
		const error = refused(body, overrides);
		expect(error).toBeInstanceOf(LoginTokenError);
		expect(error.kind).toBe('expiry');
		expect(error.message).toBe(`${fieldLabel}: ${TOO_LONG}`);
	});

	it('a year exactly is still accepted', () => {
		expect(read({ expires_in: 31_536_000 }).expiresAt).toBe(NOW + 31_536_000_000);
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
		expect(read({ expires_at: value }).expiresAt).toBe(inOneHour);
	});

	it('JWT exp in seconds and in milliseconds', () => {
		expect(read({}, {}, jwt({ exp: inOneHour / 1000 })).expiresAt).toBe(inOneHour);
		expect(read({}, {}, jwt({ exp: inOneHour })).expiresAt).toBe(inOneHour);
		expect(
			refused({}, { expirySource: 'jwt' }, jwt({ exp: NOW / 1000 + 2 * 31_536_000 })).message,
		).toBe(`Expiry Source: ${TOO_LONG}`);
	});
});

describe('the provider Date header (defect 8)', () => {
	const expires_at = '2026-01-01T11:00:00Z';
	it('corrects skew up to a day', () => {
		// the provider's clock is 2 hours behind: its 11:00 is our 13:00
		expect(read({ expires_at }, {}, 'o', NOW - 2 * HOUR).expiresAt).toBe(NOW + 3 * HOUR);
	});
	it('ignores a Date header more than a day away (a 1999 clock shifts nothing)', () => {
		expect(read({ expires_at }, {}, 'o', Date.parse('1999-01-01T00:00:00Z')).expiresAt).toBe(
			Date.parse(expires_at),
		);
		expect(read({ expires_at }, {}, 'o', NOW + 25 * HOUR).expiresAt).toBe(Date.parse(expires_at));
	});
});

it('parseAbsoluteTime never returns a value Date cannot hold', () => {
	for (const value of [1e300, -1e300, '9'.repeat(400), '1e400', Number.MAX_VALUE])
		expect(
			parseAbsoluteTime(value) === undefined || Math.abs(parseAbsoluteTime(value)!) <= 8.64e15,
		).toBe(true);
});
