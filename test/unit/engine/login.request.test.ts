import { buildLoginRequest, LOGIN_TIMEOUT_MS } from '../../../shared/engine';
import { config, PASSWORD } from '../fixtures';

describe('buildLoginRequest', () => {
	it('sends a JSON body with the configured field names and extra fields', () => {
		const request = buildLoginRequest(
			config({
				usernameField: 'user',
				passField: 'pass',
				loginBody: { grant_type: 'password', client_id: 'x' },
			}),
		);
		expect(request).toMatchObject({
			url: 'https://api.example-bank.com/login',
			method: 'POST',
			json: true,
			body: { grant_type: 'password', client_id: 'x', user: 'alice', pass: PASSWORD },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: LOGIN_TIMEOUT_MS,
			// the answer as text, so a numeric token keeps its digits
			encoding: 'text',
		});
		expect(request.headers).toMatchObject({
			Accept: 'application/json',
			'Content-Type': 'application/json',
		});
		expect(request.auth).toBeUndefined();
	});

	it('sends a form body, encoded', () => {
		const request = buildLoginRequest(
			config({
				loginCredentialsIn: 'formBody',
				loginBody: '{"grant_type":"password","scope":"a b"}',
			}),
		);
		expect(request.headers).toMatchObject({ 'Content-Type': 'application/x-www-form-urlencoded' });
		expect(new URLSearchParams(request.body as string).get('password')).toBe(PASSWORD);
		expect(request.body).toContain('scope=a+b');
		expect(request.json).toBeUndefined();
	});

	it('uses HTTP Basic with no credential fields in the body', () => {
		const request = buildLoginRequest(config({ loginCredentialsIn: 'basicAuth' }));
		expect(request.auth).toEqual({ username: 'alice', password: PASSWORD });
		expect(request.body).toBeUndefined();
		const withExtra = buildLoginRequest(
			config({ loginCredentialsIn: 'basicAuth', loginBody: { grant_type: 'client_credentials' } }),
		);
		expect(withExtra.body).toEqual({ grant_type: 'client_credentials' });
	});

	it('puts the fields in the query string for a GET login', () => {
		const request = buildLoginRequest(config({ loginMethod: 'GET' }));
		expect(request.method).toBe('GET');
		expect(request.qs).toEqual({ username: 'alice', password: PASSWORD });
		expect(request.body).toBeUndefined();
	});

	it("keeps the user's own Accept and Content-Type headers", () => {
		const request = buildLoginRequest(
			config({
				loginHeaders: {
					accept: 'application/vnd.bank+json',
					'content-type': 'application/vnd.login+json',
					'X-Api-Key': 'k',
				},
			}),
		);
		expect(request.headers).toEqual({
			accept: 'application/vnd.bank+json',
			'content-type': 'application/vnd.login+json',
			'X-Api-Key': 'k',
		});
	});
});
