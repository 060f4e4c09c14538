import fc from 'fast-check';

import {
	isLoginTokenError,
	parseAbsoluteTime,
	readExpiry,
	readLoginResponse,
	type TokenConfig,
} from '../../../shared/engine';
import { config, jwt } from '../fixtures';

const YEAR_MS = 365 * 24 * 3600_000;
const NOW = Date.parse('2026-01-01T10:00:00Z');

/** Any value a provider could put where an expiry is expected. */
const anyValue = fc.oneof(
	fc.double(),
	fc.integer(),
	fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(String),
	fc.string(),
	fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
	fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 19)),
	fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
	fc.constantFrom('1e13', '9'.repeat(40), 'Infinity', 'NaN', '-0', '1e400', '0x10'),
	fc.constant(null),
	fc.anything(),
);
const source = fc.constantFrom('auto', 'expiresIn', 'expiresAt', 'jwt', 'fixed');
const configs = fc
	.tuple(source, fc.integer({ min: 1, max: 31_536_000 }))
	.map(([expirySource, sessionLifetime]) => config({ expirySource, sessionLifetime }));
const tokens = fc.oneof(
	fc.string(),
	anyValue.map((exp) => jwt({ exp })),
	fc.double().map((exp) => jwt({ exp })),
);
const clock = fc.oneof(
	fc.constant(NOW),
	fc.integer({ min: -8.64e15, max: 8.64e15 }),
	fc.date({ noInvalidDate: true }).map((d) => d.getTime()),
);

function checkExpiry(c: TokenConfig, run: () => { expiresAt: number }, now: number): void {
	let expiresAt: number;
	try {
		expiresAt = run().expiresAt;
	} catch (error) {
		// only ever the engine's own, explained error: never a RangeError or TypeError
		expect(isLoginTokenError(error)).toBe(true);
		return;
	}
	expect(Number.isFinite(expiresAt)).toBe(true);
	expect(expiresAt).toBeGreaterThan(now);
	expect(expiresAt - now).toBeLessThanOrEqual(YEAR_MS);
	expect(() => new Date(expiresAt).toISOString()).not.toThrow();
	void c;
}

describe('expiry (property-based)', () => {
	it('parseAbsoluteTime: undefined, or a time Date can hold', () => {
		fc.assert(
			fc.property(anyValue, (value) => {
				const at = parseAbsoluteTime(value);
				if (at !== undefined) {
					expect(Number.isFinite(at)).toBe(true);
					expect(Math.abs(at)).toBeLessThanOrEqual(8.64e15);
				}
			}),
			{ numRuns: 2000 },
		);
	});

	it('readExpiry: a LoginTokenError, or a finite expiry in the future and at most a year away', () => {
		fc.assert(
			fc.property(
				configs,
				tokens,
				fc.record({ expires_in: anyValue, expires_at: anyValue }, { requiredKeys: [] }),
				fc.option(clock, { nil: undefined }),
				(c, token, body, serverNow) =>
					checkExpiry(c, () => readExpiry(c, { token, body, now: NOW, serverNow }), NOW),
			),
			{ numRuns: 2000 },
		);
	});

	it('the same holds for any local clock from 1970 to 9999', () => {
		const localClock = fc.integer({ min: 0, max: Date.parse('9999-12-31T00:00:00Z') });
		fc.assert(
			fc.property(configs, anyValue, anyValue, localClock, (c, expires_in, expires_at, now) =>
				checkExpiry(
					c,
					() => readExpiry(c, { token: 'opaque', body: { expires_in, expires_at }, now }),
					now,
				),
			),
			{ numRuns: 1000 },
		);
	});

	it('epoch seconds, milliseconds, microseconds and nanoseconds of the same instant agree', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: Date.parse('1975-01-01'), max: Date.parse('2500-01-01') }),
				(ms) => {
					const seconds = Math.floor(ms / 1000);
					expect(parseAbsoluteTime(seconds)).toBe(seconds * 1000);
					expect(parseAbsoluteTime(ms)).toBe(ms);
					expect(parseAbsoluteTime(String(BigInt(ms) * 1000n))).toBeCloseTo(ms, -1);
					expect(parseAbsoluteTime(String(BigInt(ms) * 1_000_000n))).toBeCloseTo(ms, -1);
				},
			),
		);
	});

	it('a zone-less ISO date-time is the same instant as with Z', () => {
		fc.assert(
			fc.property(
				fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
				(date) => {
					const text = date.toISOString().slice(0, 19);
					expect(parseAbsoluteTime(text)).toBe(Date.parse(`${text}Z`));
					expect(parseAbsoluteTime(text.replace('T', ' '))).toBe(Date.parse(`${text}Z`));
				},
			),
		);
	});

	it('readLoginResponse: any answer gives a token or a LoginTokenError', () => {
		const headerValue = fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }));
		fc.assert(
			fc.property(
				fc.constantFrom(
					config(),
					config({ sessionSource: 'cookie', sessionCookieName: 'SID' }),
					config({ sessionSource: 'header', sessionHeaderName: 'X-T' }),
					config({ sendSessionAs: 'cookie' }),
				),
				fc.integer({ min: 100, max: 599 }),
				fc.record(
					{ 'set-cookie': headerValue, 'x-t': headerValue, date: headerValue },
					{ requiredKeys: [] },
				),
				fc.oneof(fc.anything(), fc.json(), fc.string()),
				(c, statusCode, headers, body) => {
					try {
						const state = readLoginResponse(c, { statusCode, headers, body }, NOW);
						expect(state.token.length).toBeGreaterThan(0);
						expect(state.expiresAt! - NOW).toBeLessThanOrEqual(YEAR_MS);
					} catch (error) {
						expect(isLoginTokenError(error)).toBe(true);
					}
				},
			),
			{ numRuns: 2000 },
		);
	});
});
