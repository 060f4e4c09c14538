import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import {
	applyTls,
	assertCredentialHost,
	CREDENTIAL_TEST_HEADER,
	needsLoginFirst,
	parseTokenConfig,
	parseTokenConfigCached,
	placeToken,
	readTokenState,
	requestUrl,
	takeTestMark,
	tokenExpiredSignal,
	tokenStateFields,
} from '../shared/engine';
import { logIn } from '../shared/runtime/login';
import { sharedLogin, takeForcedLogin } from '../shared/runtime/sharedLogin';

const jsonOrForm = { show: { loginCredentialsIn: ['jsonBody', 'formBody'] } };

/**
 * A login (username/password) that yields a short-lived token. n8n stores the token in the hidden,
 * expirable `sessionToken` field and calls preAuthentication when it is empty or rejected; the
 * Token HTTP Request and Token Status nodes additionally refresh it before it expires.
 */
export class LoginTokenApi implements ICredentialType {
	name = 'loginTokenApi';

	displayName = 'Login Token API';

	icon: Icon = { light: 'file:loginTokenApi.svg', dark: 'file:loginTokenApi.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-login-token/n8n-nodes-login-token#the-login-token-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://api.example-bank.com',
			description: 'Address of the API. The token is only ever sent to this scheme, host and port.',
		},
		{
			displayName: 'Login URL',
			name: 'loginUrl',
			type: 'string',
			default: '/login',
			description: 'Path relative to the Base URL, or an absolute URL (for a separate auth server)',
		},
		{
			displayName: 'Login Method',
			name: 'loginMethod',
			type: 'options',
			options: [
				{
					name: 'GET',
					value: 'GET',
					description: 'Credentials go in the query string (Basic auth in the header)',
				},
				{ name: 'POST', value: 'POST' },
				{ name: 'PUT', value: 'PUT' },
			],
			default: 'POST',
		},
		{
			displayName: 'Send Credentials As',
			name: 'loginCredentialsIn',
			type: 'options',
			options: [
				{ name: 'JSON Body', value: 'jsonBody', description: '{"username": "…", "password": "…"}' },
				{
					name: 'Form Body',
					value: 'formBody',
					description:
						'username=…&password=… (x-www-form-urlencoded, as OAuth2 password grants use)',
				},
				{ name: 'Basic Auth Header', value: 'basicAuth', description: 'Authorization: Basic …' },
			],
			default: 'jsonBody',
		},
		{
			displayName: 'Username Field',
			name: 'usernameField',
			type: 'string',
			default: 'username',
			description: 'Body key that carries the username',
			displayOptions: jsonOrForm,
		},
		{
			displayName: 'Password Field',
			name: 'passField',
			type: 'string',
			default: 'password',
			description: 'Body key that carries the password',
			displayOptions: jsonOrForm,
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Extra Login Body',
			name: 'loginBody',
			type: 'json',
			default: '{}',
			description:
				'JSON object of further fields sent with the login, e.g. {"grant_type": "password", "client_id": "abc"}',
		},
		{
			displayName: 'Extra Login Headers',
			name: 'loginHeaders',
			type: 'json',
			default: '{}',
			description: 'JSON object of further headers sent with the login, e.g. {"X-Api-Key": "abc"}',
		},
		{
			displayName: 'Token Location',
			name: 'sessionSource',
			type: 'options',
			options: [
				{ name: 'Response Body (JSON)', value: 'body' },
				{ name: 'Response Header', value: 'header' },
				{ name: 'Cookie (Set-Cookie)', value: 'cookie' },
			],
			default: 'body',
			description: 'Where the login response carries the token',
		},
		{
			displayName: 'Token Path',
			name: 'sessionPath',
			type: 'string',
			default: 'access_token',
			description:
				'Dot path to the token in the JSON response, with [n] for list items, e.g. data.session.token',
			displayOptions: { show: { sessionSource: ['body'] } },
		},
		{
			displayName: 'Token Header Name',
			name: 'sessionHeaderName',
			type: 'string',
			default: 'X-Auth-Token',
			description: 'Response header that carries the token (a leading "Bearer " is removed)',
			displayOptions: { show: { sessionSource: ['header'] } },
		},
		{
			displayName: 'Token Cookie Name',
			name: 'sessionCookieName',
			type: 'string',
			default: 'SESSIONID',
			description: 'Cookie (from Set-Cookie) that carries the token',
			displayOptions: { show: { sessionSource: ['cookie'] } },
		},
		{
			displayName: 'Expiry Source',
			name: 'expirySource',
			type: 'options',
			options: [
				{
					name: 'Automatic',
					value: 'auto',
					description:
						'Expires-in field if present, else expires-at field, else JWT exp, else the fixed lifetime',
				},
				{ name: 'Expires-In Field (Seconds)', value: 'expiresIn' },
				{ name: 'Expires-At Field (Date or Epoch)', value: 'expiresAt' },
				{ name: 'JWT Exp Claim', value: 'jwt' },
				{ name: 'Fixed Lifetime', value: 'fixed' },
			],
			default: 'auto',
		},
		{
			displayName: 'Expires-In Path',
			name: 'expiresInPath',
			type: 'string',
			default: 'expires_in',
			description: 'Dot path to the number of seconds the token lives',
			displayOptions: { show: { expirySource: ['auto', 'expiresIn'] } },
		},
		{
			displayName: 'Expires-At Path',
			name: 'expiresAtPath',
			type: 'string',
			default: 'expires_at',
			description: 'Dot path to the expiry time: ISO 8601, or epoch seconds or milliseconds',
			displayOptions: { show: { expirySource: ['auto', 'expiresAt'] } },
		},
		{
			displayName: 'Token Lifetime (Seconds)',
			name: 'sessionLifetime',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 3600,
			description:
				'How long a token lives when the login response does not say (the fixed lifetime, and the fallback of Automatic)',
			displayOptions: { show: { expirySource: ['auto', 'fixed'] } },
		},
		{
			displayName: 'Refresh Margin (Seconds)',
			name: 'refreshMargin',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 60,
			description:
				'Log in again this long before the token expires (at most half the token lifetime)',
		},
		{
			displayName: 'Send Token As',
			name: 'sendSessionAs',
			type: 'options',
			options: [
				{ name: 'Bearer (Authorization Header)', value: 'bearer' },
				{ name: 'Custom Header', value: 'header' },
				{ name: 'Query Parameter', value: 'query' },
				{ name: 'Cookie', value: 'cookie' },
			],
			default: 'bearer',
		},
		{
			displayName: 'Token Parameter Name',
			name: 'sendSessionName',
			type: 'string',
			default: '',
			placeholder: 'X-Auth-Token',
			description:
				'Header, query parameter or cookie name that carries the token (defaults: X-Auth-Token, token, session)',
			displayOptions: { show: { sendSessionAs: ['header', 'query', 'cookie'] } },
		},
		{
			displayName: 'Token Prefix',
			name: 'sendSessionPrefix',
			type: 'string',
			default: '',
			placeholder: 'Token ',
			description: 'Text put before the token in the header, including any space',
			displayOptions: { show: { sendSessionAs: ['header'] } },
		},
		{
			displayName: 'Expired-Token Status Codes',
			name: 'refreshOnStatus',
			type: 'string',
			default: '401',
			description:
				'Comma-separated statuses that mean the token expired or was revoked, e.g. 401, 403. The call is retried once with a new token.',
		},
		{
			displayName: 'Expired-Token Body Match',
			name: 'expiredBodyMatch',
			type: 'string',
			default: '',
			placeholder: 'code=602, errcode=40001',
			description:
				'Comma-separated path=value pairs: a JSON response (any status, 200 included) matching one means the token expired',
		},
		{
			displayName: 'Test Path',
			name: 'testPath',
			type: 'string',
			default: '',
			placeholder: '/me',
			description:
				'Path the credential test calls with the new token (a read-only GET). Empty: the test only logs in and calls the Base URL, accepting any answer.',
		},
		// --- TLS (login and every call to the Base URL) ---
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to accept any server certificate (expired, self-signed, another host name). INSECURE: anyone on the network path can then read the password and the token. For testing only; for a private CA use CA Certificate instead.',
		},
		{
			displayName: 'CA Certificate (PEM)',
			name: 'caCertificate',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			placeholder: '-----BEGIN CERTIFICATE-----',
			description:
				"The certificate authority (one or more PEM certificates) that issued the API's certificate, for APIs with a private or self-signed certificate. Replaces the public CAs for the login and the API.",
		},
		{
			displayName: 'Client Certificate (PEM)',
			name: 'clientCertificate',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			placeholder: '-----BEGIN CERTIFICATE-----',
			description:
				'For mutual TLS: the client certificate (and any intermediate certificates) sent with the login and every call to the Base URL, never to other hosts',
		},
		{
			displayName: 'Client Private Key (PEM)',
			name: 'clientPrivateKey',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			placeholder: '-----BEGIN PRIVATE KEY-----',
			description: "For mutual TLS: the client certificate's private key",
		},
		{
			displayName: 'Client Key Passphrase',
			name: 'clientKeyPassphrase',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The passphrase of an encrypted private key; empty for an unencrypted key',
		},
		// Filled by the login, stored encrypted by n8n. Declared, or n8n would drop them.
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Token Expires At',
			name: 'sessionExpiresAt',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Token Obtained At',
			name: 'sessionObtainedAt',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Token Scope',
			name: 'sessionScope',
			type: 'hidden',
			default: '',
		},
	];

	/** Logs in (sharing a login already under way in this process) and returns the fields n8n persists. */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		const config = parseTokenConfig(credentials);
		const current = typeof credentials.sessionToken === 'string' ? credentials.sessionToken : '';
		const state = await sharedLogin(
			config,
			current,
			async () => await logIn(this.helpers, config),
			{
				force: takeForcedLogin(config),
			},
		);
		return tokenStateFields(state);
	}

	/**
	 * Places the token, on the Base URL's host only. Asks n8n for a login first (by the expired-token
	 * signal n8n acts on) when the stored token belongs to another login, and on the Test button.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const config = parseTokenConfigCached(credentials);
		const state = readTokenState(credentials);
		const { request, isCredentialTest } = takeTestMark(requestOptions);
		assertCredentialHost(config, requestUrl(request));
		if (needsLoginFirst(config, state, isCredentialTest, Date.now())) throw tokenExpiredSignal();
		return applyTls(config.tls, placeToken(config, state.token, request));
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '={{$credentials.testPath}}',
			method: 'GET',
			headers: { [CREDENTIAL_TEST_HEADER]: 'true' },
			// Without a Test Path the login itself is the test; the call to the Base URL may answer anything.
			ignoreHttpStatusErrors: '={{!$credentials.testPath}}' as unknown as boolean,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'The login worked, but the Test Path call was rejected (HTTP 401): check Send Token As and Token Parameter Name',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The login worked, but the Test Path call was refused (HTTP 403): the user may lack access to that path',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'The login worked, but the Test Path was not found (HTTP 404): check Test Path',
				},
			},
		],
	};
}
