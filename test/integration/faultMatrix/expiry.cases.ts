import { jwt } from '../../unit/fixtures';
import type { FaultCase, FaultEnv } from './faultCase';

const ME = [{ id: 1, username: 'alice' }];
const OK = ['POST /login → 200', 'GET /me → 200 [token]'];
const TOO_LONG =
	'the login response says the token lives more than a year (31536000 seconds), which is not a plausible token lifetime; choose another Expiry Source, or Fixed Lifetime with Token Lifetime set to the real lifetime';

/** Sets the login answer when the case runs, so times are relative to that moment. */
const answer =
	(make: (now: number) => { body: string; headers?: Record<string, string>; token?: string }) =>
	async (env: FaultEnv): Promise<void> => {
		env.api.configure({ loginAnswer: make(Date.now()) });
	};
const zoneless = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const httpDate = (ms: number) => new Date(ms).toUTCString();

/** Expiry formats: zones, units, bounds, the Date header. */
export const expiryCases: FaultCase[] = [
	{
		name: 'defect 8: a zone-less expires_at is UTC on a server in Tokyo (jest.config.js)',
		prepare: answer((now) => ({
			body: `{"access_token":"{token}","expires_at":"${zoneless(now + 1800_000)}"}`,
		})),
		run: { url: '/me' },
		expect: { items: ME, provider: OK, lifetimeSeconds: 1800 },
	},
	{
		name: 'defect 8: a zone-less expires_at with a space instead of T is UTC too',
		prepare: answer((now) => ({
			body: `{"access_token":"{token}","expires_at":"${zoneless(now + 1800_000).replace('T', ' ')}"}`,
		})),
		run: { url: '/me' },
		expect: { items: ME, provider: OK, lifetimeSeconds: 1800 },
	},
	{
		name: 'an expires_at with an offset is read with it',
		prepare: answer((now) => ({
			body: `{"access_token":"{token}","expires_at":"${zoneless(now + 9 * 3600_000 + 600_000)}+09:00"}`,
		})),
		run: { url: '/me' },
		expect: { items: ME, provider: OK, lifetimeSeconds: 600 },
	},
	{
		name: 'defect 8: expires_in 1e13 is a clear error, not "Invalid time value"',
		provider: { loginAnswer: { body: '{"access_token":"{token}","expires_in":1e13}' } },
		run: { url: '/me' },
		expect: { error: `Expires-In Path: ${TOO_LONG}`, provider: ['POST /login → 200'] },
	},
	{
		name: 'defect 8: an expires_at two years away is refused',
		prepare: answer((now) => ({
			body: `{"access_token":"{token}","expires_at":${Math.floor(now / 1000) + 2 * 31_536_000}}`,
		})),
		run: { url: '/me' },
		expect: { error: `Expires-At Path: ${TOO_LONG}`, provider: ['POST /login → 200'] },
	},
	{
		name: 'defect 8: a microsecond epoch (16 digits) is read as microseconds',
		prepare: answer((now) => ({
			body: `{"access_token":"{token}","expires_at":${(now + 1200_000) * 1000}}`,
		})),
		run: { url: '/me' },
		expect: { items: ME, provider: OK, lifetimeSeconds: 1200 },
	},
	{
		name: 'epoch seconds as text',
		prepare: answer((now) => ({
			body: `{"access_token":"{token}","expires_at":"${Math.floor(now / 1000) + 1500}"}`,
		})),
		run: { url: '/me' },
		expect: { items: ME, provider: OK, lifetimeSeconds: 1500 },
	},
	{
		name: 'defect 8: a JWT exp written in milliseconds',
		prepare: answer((now) => ({
			token: jwt({ sub: 'alice', exp: now + 900_000 }),
			body: '{"access_token":"{token}"}',
		})),
		run: { url: '/me' },
		expect: { items: ME, provider: OK, lifetimeSeconds: 900 },
	},
	{
		name: 'defect 8: a Date header from 1999 shifts nothing',
		prepare: answer((now) => ({
			headers: { Date: 'Fri, 01 Jan 1999 00:00:00 GMT' },
			body: `{"access_token":"{token}","expires_at":"${new Date(now + 1200_000).toISOString()}"}`,
		})),
		run: { url: '/me' },
		expect: { items: ME, provider: OK, lifetimeSeconds: 1200 },
	},
	{
		name: 'a provider clock 2 hours behind is corrected from its Date header',
		prepare: answer((now) => ({
			headers: { Date: httpDate(now - 2 * 3600_000) },
			body: `{"access_token":"{token}","expires_at":"${new Date(now - 2 * 3600_000 + 1200_000).toISOString()}"}`,
		})),
		run: { url: '/me' },
		expect: { items: ME, provider: OK, lifetimeSeconds: 1200 },
	},
	{
		name: 'an unreadable expires_in names the field, not the value',
		provider: { loginMisbehaviour: 'badExpiry' },
		run: { url: '/me' },
		expect: {
			error:
				'Expires-In Path: the login response holds text of 4 character(s) that is not a number of seconds',
			provider: ['POST /login → 200'],
		},
	},
	{
		name: 'expires_in 0',
		provider: { loginAnswer: { body: '{"access_token":"{token}","expires_in":0}' } },
		run: { url: '/me' },
		expect: {
			error:
				'Expires-In Path: the login response says the token has no time left (0 or fewer seconds)',
			provider: ['POST /login → 200'],
		},
	},
];
