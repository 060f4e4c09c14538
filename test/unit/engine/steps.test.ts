import {
	buildLoginRequest,
	buildLogoutRequest,
	buildPostLoginRequest,
	buildRefreshRequest,
	readLogoutAnswer,
	readPostLoginAnswer,
	readPreLoginAnswer,
	readRefreshAnswer,
	type HttpResponse,
} from '../../../shared/engine';
import { config, NOW, thrown, tokenState } from '../fixtures';

const BASE = 'https://api.example-bank.com';
const answer = (
	statusCode: number,
	body: unknown,
	headers: Record<string, unknown> = {},
): HttpResponse => ({
	statusCode,
	headers: { 'content-type': 'application/json', ...headers },
	body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('refresh: the request and the rotation decision', () => {
	const refresh = (extra: Record<string, unknown> = {}) =>
		config({ advancedSettings: true, useRefresh: true, ...extra });

	it('OAuth2 form to the Login URL by default, with the client fields of Extra Login Body', () => {
		const request = buildRefreshRequest(
			refresh({ loginBody: '{"grant_type":"password","client_id":"app","scope":"read"}' }),
			'rt-1',
		);
		expect(request).toMatchObject({ method: 'POST', url: `${BASE}/login` });
		expect(request.body).toBe(
			'grant_type=refresh_token&refresh_token=rt-1&client_id=app&scope=read',
		);
		expect(request.headers).toMatchObject({ 'Content-Type': 'application/x-www-form-urlencoded' });
	});

	it('a JSON field at the Refresh URL, or a Bearer header without a body', () => {
		const json = buildRefreshRequest(
			refresh({ refreshUrl: '/auth/refresh', refreshSend: 'json', refreshField: 'token' }),
			'rt-1',
		);
		expect(json).toMatchObject({
			url: `${BASE}/auth/refresh`,
			body: { token: 'rt-1' },
			json: true,
		});
		const bearer = buildRefreshRequest(refresh({ refreshSend: 'bearer' }), 'rt-1');
		expect(bearer.headers).toMatchObject({ Authorization: 'Bearer rt-1' });
		expect(bearer.body).toBeUndefined();
	});

	it('a rotating answer replaces the refresh token; one without keeps the old; both are marked as a refresh', () => {
		const c = refresh({ refreshPath: 'data.refresh_token', sessionPath: 'data.access_token' });
		const rotated = readRefreshAnswer(
			c,
			'rt-1',
			answer(200, { data: { access_token: 'at-2', refresh_token: 'rt-2' }, expires_in: 60 }),
			NOW,
		);
		expect(rotated).toMatchObject({
			token: 'at-2',
			refreshToken: 'rt-2',
			renewedBy: 'refresh',
			expiresAt: NOW + 60_000,
		});
		const kept = readRefreshAnswer(c, 'rt-1', answer(200, { data: { access_token: 'at-3' } }), NOW);
		expect(kept).toMatchObject({ token: 'at-3', refreshToken: 'rt-1', renewedBy: 'refresh' });
	});

	it('a refresh answer without the token names the refresh response', () => {
		const error = thrown<{ kind: string; message: string }>(() =>
			readRefreshAnswer(refresh(), 'rt-1', answer(200, { ok: true }), NOW),
		);
		expect(error.kind).toBe('tokenMissing');
		expect(error.message).toMatch(/^Token Path: not found in the refresh response/);
	});

	it('a refused refresh is a refusal (so the runtime falls back to the password), never quoting the refresh token', () => {
		const error = thrown<{ kind: string; message: string }>(() =>
			readRefreshAnswer(
				refresh(),
				'rt-secret-1',
				answer(400, { error: 'invalid_grant', error_description: 'rt-secret-1 is revoked' }),
				NOW,
			),
		);
		expect(error.kind).toBe('loginRefused');
		expect(error.message).toBe(
			`Refresh refused: POST ${BASE}/login answered HTTP 400 with "[redacted] is revoked" (invalid_grant). Check Advanced Settings > Refresh URL and Advanced Settings > Send Refresh Token As.`,
		);
	});
});

describe('pre-login step: what it captures and carries', () => {
	const pre = (extra: Record<string, unknown>) =>
		config({ advancedSettings: true, usePreLogin: true, preLoginUrl: '/portal', ...extra });
	const page = answer(200, '<form><input type="hidden" name="csrf" value="field-1"></form>', {
		'content-type': 'text/html',
		'set-cookie': ['old=gone; Max-Age=0', 'csrftoken=cookie-1; Path=/; HttpOnly', 'theme=dark'],
		'x-csrf': 'header-1',
	});

	it.each([
		['cookie', 'csrftoken', 'cookie-1'],
		['header', 'X-CSRF', 'header-1'],
		['html', 'name="csrf" value="([^"]+)"', 'field-1'],
	])('from a %s (%s)', (from, name, value) => {
		const c = pre({ captureFrom: from, captureName: name, captureSendName: 'X-CSRF-Token' });
		expect(readPreLoginAnswer(c, page, NOW)).toEqual({
			captured: value,
			cookies: 'csrftoken=cookie-1; theme=dark',
			// secrets to scrub: the value, the Cookie header, and a cookie value as long as a session id
			secrets: [value, 'csrftoken=cookie-1; theme=dark', 'cookie-1'],
		});
	});

	it('from a JSON path', () => {
		const c = pre({ captureFrom: 'json', captureName: 'meta.csrf', captureSendName: 'csrf' });
		expect(readPreLoginAnswer(c, answer(200, { meta: { csrf: 'json-1' } }), NOW)).toEqual({
			captured: 'json-1',
			secrets: ['json-1'],
		});
	});

	it('the login carries the value where it is asked for, and the cookies', () => {
		const extras = { captured: 'v-1', cookies: 'csrftoken=cookie-1' };
		const asHeader = buildLoginRequest(
			pre({ captureName: 'x', captureSendAs: 'header', captureSendName: 'X-CSRF-Token' }),
			extras,
		);
		expect(asHeader.headers).toMatchObject({ 'X-CSRF-Token': 'v-1', Cookie: 'csrftoken=cookie-1' });
		const asBody = buildLoginRequest(
			pre({ captureName: 'x', captureSendAs: 'body', captureSendName: 'csrf' }),
			extras,
		);
		expect(asBody.body).toMatchObject({ csrf: 'v-1', username: 'alice' });
		const asQuery = buildLoginRequest(
			pre({ captureName: 'x', captureSendAs: 'query', captureSendName: 'csrf' }),
			extras,
		);
		expect(asQuery.qs).toEqual({ csrf: 'v-1' });
	});

	it('a value that is not there, or a refused page, says so without values', () => {
		const c = pre({
			captureFrom: 'cookie',
			captureName: 'XSRF-TOKEN',
			captureSendName: 'X-XSRF-TOKEN',
		});
		expect(thrown(() => readPreLoginAnswer(c, page, NOW)).message).toBe(
			`Capture Name, Path or Pattern: the pre-login answer (GET ${BASE}/portal, HTTP 200) holds no such value (cookies set: csrftoken, theme; content type text/html)`,
		);
		expect(thrown(() => readPreLoginAnswer(c, answer(404, {}), NOW)).message).toBe(
			`Pre-login step refused: GET ${BASE}/portal answered HTTP 404. Check Advanced Settings > Pre-Login URL and Advanced Settings > Pre-Login Method.`,
		);
	});

	it('a pattern without a group, or one that is not a regular expression, is a configuration error', () => {
		expect(
			thrown(() => pre({ captureFrom: 'html', captureName: 'value="[^"]+"', captureSendName: 'c' }))
				.message,
		).toBe(
			'Capture Name, Path or Pattern: expected a regular expression with one group ( … ) around the value, got one without a group',
		);
		expect(
			thrown(() => pre({ captureFrom: 'html', captureName: '([', captureSendName: 'c' })).message,
		).toMatch(/text that is not a regular expression$/);
	});
});

describe('post-login step and logout', () => {
	const post = (extra: Record<string, unknown> = {}) =>
		config({
			advancedSettings: true,
			usePostLogin: true,
			postLoginUrl: '/tenants/select',
			postLoginBody: '{"tenant":"acme"}',
			...extra,
		});
	const login = tokenState(
		{ obtainedAt: NOW, expiresAt: NOW + 60_000 },
		{ token: 'login-tok', refreshToken: 'rt-1' },
	);

	it('sends the login token as every call does, and takes the token at Post-Login Token Path', () => {
		const request = buildPostLoginRequest(post(), 'login-tok');
		expect(request).toMatchObject({
			url: `${BASE}/tenants/select`,
			method: 'POST',
			body: { tenant: 'acme' },
		});
		expect(request.headers).toMatchObject({ Authorization: 'Bearer login-tok' });
		const state = readPostLoginAnswer(
			post({ postLoginPath: 'data.token' }),
			login,
			answer(200, { data: { token: 'tenant-tok' } }),
			NOW,
		);
		expect(state).toMatchObject({ token: 'tenant-tok', refreshToken: 'rt-1' });
		expect(readPostLoginAnswer(post(), login, answer(204, ''), NOW)).toBe(login);
	});

	it('a post-login URL off the Base URL is refused: the new token goes to its origin only', () => {
		expect(thrown(() => post({ postLoginUrl: 'https://login.example.com/tenants' })).message).toBe(
			'Post-Login URL: expected a path on the Base URL, or a URL on its scheme, host and port, got a URL on another host (https://login.example.com)',
		);
	});

	it('logout: the access token as on every call, or the refresh token in a JSON field or an RFC 7009 form; nothing without the token', () => {
		const logout = (send: string) =>
			config({
				advancedSettings: true,
				useRefresh: true,
				refreshField: 'refresh_token',
				logoutUrl: '/logout',
				logoutSend: send,
			});
		expect(buildLogoutRequest(logout('call'), login)?.headers).toMatchObject({
			Authorization: 'Bearer login-tok',
		});
		expect(buildLogoutRequest(logout('refreshJson'), login)?.body).toEqual({
			refresh_token: 'rt-1',
		});
		expect(buildLogoutRequest(logout('refreshForm'), login)?.body).toBe(
			'token=rt-1&token_type_hint=refresh_token',
		);
		expect(
			buildLogoutRequest(logout('refreshJson'), { ...login, refreshToken: undefined }),
		).toBeUndefined();
		expect(buildLogoutRequest(config(), login)).toBeUndefined();
		const c = logout('call');
		const request = buildLogoutRequest(c, login);
		expect(readLogoutAnswer(c, login, request!, answer(204, ''))).toEqual({ confirmed: true });
		expect(
			readLogoutAnswer(c, login, request!, answer(401, { error: 'login-tok expired' })),
		).toEqual({
			confirmed: false,
			reason: `Logout refused: POST ${BASE}/logout answered HTTP 401 with "[redacted] expired". Check Advanced Settings > Logout URL.`,
		});
	});

	it("logout: never a token of another login (the Base URL edited since), a redirect counts as confirmed, no refresh token in a GET's URL", () => {
		const c = config({ advancedSettings: true, logoutUrl: '/logout' });
		expect(buildLogoutRequest(c, { ...login, scope: 'https://old.example.com x alice' })).toBe(
			undefined,
		);
		const request = buildLogoutRequest(c, login);
		expect(readLogoutAnswer(c, login, request!, answer(303, '', { location: '/login' }))).toEqual({
			confirmed: true,
		});
		expect(
			thrown(() =>
				config({
					advancedSettings: true,
					useRefresh: true,
					logoutUrl: '/logout',
					logoutMethod: 'GET',
					logoutSend: 'refreshForm',
				}),
			).message,
		).toBe(
			'Logout Method: expected POST or DELETE to send the refresh token in the body, got GET, which would put the refresh token in the URL',
		);
	});

	it('a refresh-token logout needs Use Refresh Token', () => {
		expect(
			thrown(() =>
				config({ advancedSettings: true, logoutUrl: '/logout', logoutSend: 'refreshJson' }),
			).message,
		).toBe(
			'Logout Sends: expected Access Token (as on every call), or Refresh Token turned on to send the refresh token, got a refresh-token choice without Refresh Token',
		);
	});
});
