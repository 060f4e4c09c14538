import { jwt } from '../../unit/fixtures';
import { getsMe, loginAnswerRefused, type FaultCase, type FaultEnv } from './faultCase';

const TOO_LONG =
	'the login response says the token lives more than a year (31536000 seconds), which is not a plausible token lifetime; choose another Expiry Source, or Fixed Lifetime with Token Lifetime set to the real lifetime';

type LoginAnswer = { body: string; headers?: Record<string, string>; token?: string };

/** Sets the login answer when the case runs, so times are relative to that moment. */
const answer =
	(make: (now: number) => LoginAnswer) =>
	async (env: FaultEnv): Promise<void> => {
		env.api.configure({ loginAnswer: make(Date.now()) });
	};
const zoneless = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const httpDate = (ms: number) => new Date(ms).toUTCString();

/** The login answers what `make` writes at run time; the stored token must live this long. */
const expiryCase = (name: string, make: (now: number) => LoginAnswer, lifetimeSeconds: number) =>
	getsMe(name, { prepare: answer(make) }, lifetimeSeconds);
/** A login answer whose `expires_at` is what `at` writes at run time. */
const expiresAt = (name: string, at: (now: number) => string, lifetimeSeconds: number) =>
	expiryCase(
		name,
		(now) => ({ body: `{"access_token":"{token}","expires_at":${at(now)}}` }),
		lifetimeSeconds,
	);

/** Expiry formats: zones, units, bounds, the Date header. */
export const expiryCases: FaultCase[] = [
	expiresAt(
		'defect 8: a zone-less expires_at is UTC on a server in Tokyo (jest.config.js)',
		(now) => `"${zoneless(now + 1800_000)}"`,
		1800,
	),
	expiresAt(
		'defect 8: a zone-less expires_at with a space instead of T is UTC too',
		(now) => `"${zoneless(now + 1800_000).replace('T', ' ')}"`,
		1800,
	),
	expiresAt(
		'an expires_at with an offset is read with it',
		(now) => `"${zoneless(now + 9 * 3600_000 + 600_000)}+09:00"`,
		600,
	),
	loginAnswerRefused(
		'defect 8: expires_in 1e13 is a clear error, not "Invalid time value"',
		{ provider: { loginAnswer: { body: '{"access_token":"{token}","expires_in":1e13}' } } },
		`Expires-In Path: ${TOO_LONG}`,
	),
	loginAnswerRefused(
		'defect 8: an expires_at two years away is refused',
		{
			prepare: answer((now) => ({
				body: `{"access_token":"{token}","expires_at":${Math.floor(now / 1000) + 2 * 31_536_000}}`,
			})),
		},
		`Expires-At Path: ${TOO_LONG}`,
	),
	expiresAt(
		'defect 8: a microsecond epoch (16 digits) is read as microseconds',
		(now) => `${(now + 1200_000) * 1000}`,
		1200,
	),
	expiresAt('epoch seconds as text', (now) => `"${Math.floor(now / 1000) + 1500}"`, 1500),
	expiryCase(
		'defect 8: a JWT exp written in milliseconds',
		(now) => ({
			token: jwt({ sub: 'alice', exp: now + 900_000 }),
			body: '{"access_token":"{token}"}',
		}),
		900,
	),
	expiryCase(
		'defect 8: a Date header from 1999 shifts nothing',
		(now) => ({
			headers: { Date: 'Fri, 01 Jan 1999 00:00:00 GMT' },
			body: `{"access_token":"{token}","expires_at":"${new Date(now + 1200_000).toISOString()}"}`,
		}),
		1200,
	),
	expiryCase(
		'a provider clock 2 hours behind is corrected from its Date header',
		(now) => ({
			headers: { Date: httpDate(now - 2 * 3600_000) },
			body: `{"access_token":"{token}","expires_at":"${new Date(now - 2 * 3600_000 + 1200_000).toISOString()}"}`,
		}),
		1200,
	),
	loginAnswerRefused(
		'an unreadable expires_in names the field, not the value',
		{ provider: { loginMisbehaviour: 'badExpiry' } },
		'Expires-In Path: the login response holds text of 4 character(s) that is not a number of seconds',
	),
	loginAnswerRefused(
		'expires_in 0',
		{ provider: { loginAnswer: { body: '{"access_token":"{token}","expires_in":0}' } } },
		'Expires-In Path: the login response says the token has no time left (0 or fewer seconds)',
	),
];
