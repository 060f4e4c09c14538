import { joinUrl, LoginTokenError, parseTokenConfig } from '../../../shared/engine';
import { config, thrown } from '../fixtures';

const configError = (data: Record<string, unknown>) =>
	thrown<LoginTokenError>(() =>
		parseTokenConfig({ baseUrl: 'https://api.example-bank.com', ...data }),
	);

describe('parseTokenConfig', () => {
	it('applies the contract defaults', () => {
		const c = config();
		expect(c).toMatchObject({
			baseUrl: 'https://api.example-bank.com',
			apiOrigin: 'https://api.example-bank.com',
			loginUrl: 'https://api.example-bank.com/login',
			loginMethod: 'POST',
			loginCredentialsIn: 'jsonBody',
			usernameField: 'username',
			passField: 'password',
			sessionSource: 'body',
			sessionPath: ['access_token'],
			expirySource: 'auto',
			expiresInPath: ['expires_in'],
			expiresAtPath: ['expires_at'],
			tokenLifetimeSeconds: 3600,
			refreshMarginSeconds: 60,
			sendSessionAs: 'bearer',
			refreshOnStatus: [401],
			expiredBodyMatch: [],
			testPath: '',
		});
	});

	it('keeps a base path and joins relative login URLs to it; absolute login URLs stay', () => {
		expect(config({ baseUrl: 'https://api.bank.com/v2/', loginUrl: 'auth/token' }).loginUrl).toBe(
			'https://api.bank.com/v2/auth/token',
		);
		expect(config({ loginUrl: 'https://auth.bank.com/oauth/token' }).loginUrl).toBe(
			'https://auth.bank.com/oauth/token',
		);
		expect(joinUrl('https://a.com/v1', '/x?y=1')).toBe('https://a.com/v1/x?y=1');
	});

	it('accepts JSON fields as text or as objects', () => {
		expect(config({ loginBody: '{"grant_type":"password"}' }).loginBody).toEqual({
			grant_type: 'password',
		});
		expect(config({ loginHeaders: { 'X-Api-Key': 'k', 'X-N': 5 } }).loginHeaders).toEqual({
			'X-Api-Key': 'k',
			'X-N': '5',
		});
	});

	it('treats an emptied field as its default', () => {
		expect(config({ sessionPath: '  ', loginUrl: '' }).sessionPath).toEqual(['access_token']);
		expect(config({ loginUrl: '' }).loginUrl).toBe('https://api.example-bank.com/login');
	});

	it('parses status lists and body matches', () => {
		const c = config({
			refreshOnStatus: '401, 403',
			expiredBodyMatch: 'code=602, error.errcode=40001',
		});
		expect(c.refreshOnStatus).toEqual([401, 403]);
		expect(c.expiredBodyMatch).toEqual([
			{ path: ['code'], value: '602' },
			{ path: ['error', 'errcode'], value: '40001' },
		]);
	});

	it('defaults the token parameter name per placement', () => {
		expect(config({ sendSessionAs: 'header' }).sendSessionName).toBe('X-Auth-Token');
		expect(config({ sendSessionAs: 'query' }).sendSessionName).toBe('token');
		expect(config({ sendSessionAs: 'cookie' }).sendSessionName).toBe('session');
	});

	it.each([
		[{ baseUrl: '' }, 'baseUrl', /Base URL: expected the API address/],
		[{ baseUrl: 'api.bank.com' }, 'baseUrl', /expected an absolute URL/],
		[
			{ baseUrl: 'ftp://api.bank.com' },
			'baseUrl',
			/expected an http:\/\/ or https:\/\/ URL, got a ftp: URL/,
		],
		[{ baseUrl: 'https://u:p@api.bank.com' }, 'baseUrl', /without user:password@/],
		[{ loginMethod: 'PATCH' }, 'loginMethod', /expected one of POST, GET, PUT, got "PATCH"/],
		[
			{ loginBody: '{"a":' },
			'loginBody',
			/expected a JSON object .* got text that is not valid JSON/,
		],
		[{ loginBody: '[1,2]' }, 'loginBody', /got a list/],
		[{ loginHeaders: { a: { b: 1 } } }, 'loginHeaders', /flat JSON object/],
		[
			{ sessionPath: 'data..token' },
			'sessionPath',
			/Token Path: "data..token" is not a valid path/,
		],
		[{ sessionSource: 'header', sessionHeaderName: '' }, 'sessionHeaderName', /Token Header Name/],
		[{ sessionLifetime: 0 }, 'sessionLifetime', /from 1 to 31536000 \(one year\)/],
		[{ refreshMargin: -5 }, 'refreshMargin', /from 0 to 31536000/],
		[{ refreshOnStatus: '401, abc' }, 'refreshOnStatus', /comma-separated HTTP status codes/],
		[{ refreshOnStatus: '200' }, 'refreshOnStatus', /between 400 and 499/],
		[{ expiredBodyMatch: 'code602' }, 'expiredBodyMatch', /path=value pairs/],
	])('rejects %j naming the field %s', (data, field, message) => {
		const error = configError(data);
		expect(error).toBeInstanceOf(LoginTokenError);
		expect(error.kind).toBe('config');
		expect(error.field).toBe(field);
		expect(error.message).toMatch(message);
	});

	it('never puts the password into a configuration error', () => {
		const error = configError({ password: 'hunter2-secret', loginBody: 'hunter2-secret' });
		expect(error.message).not.toContain('hunter2');
	});
});
