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
	CAPTURE_FROM_OPTIONS,
	CAPTURE_SEND_AS_OPTIONS,
	EXPIRES_IN_UNIT_OPTIONS,
	EXPIRY_SOURCE_OPTIONS,
	LOGIN_CREDENTIALS_IN_OPTIONS,
	LOGIN_METHOD_OPTIONS,
	LOGOUT_METHOD_OPTIONS,
	LOGOUT_SEND_OPTIONS,
	POST_LOGIN_METHOD_OPTIONS,
	PRE_LOGIN_METHOD_OPTIONS,
	REFRESH_METHOD_OPTIONS,
	REFRESH_SEND_OPTIONS,
	SEND_SESSION_AS_OPTIONS,
	SESSION_SOURCE_OPTIONS,
	TOTP_ALGORITHM_OPTIONS,
	TOTP_SEND_IN_OPTIONS,
} from '../shared/engine';
import {
	authenticateRequest,
	credentialTestRequest,
	loginForCredential,
} from '../shared/runtime/credentialHooks';

/** Shown only with Advanced Settings on. A hidden field is left out of the data n8n hands over, so the engine's defaults (the same as these fields' defaults) apply. */
const advanced = { advancedSettings: [true] };
const jsonOrForm = { loginCredentialsIn: ['jsonBody', 'formBody'] };
const refreshOn = { ...advanced, useRefresh: [true] };
const preLoginOn = { ...advanced, usePreLogin: [true] };
const postLoginOn = { ...advanced, usePostLogin: [true] };
const totpOn = { ...advanced, useTotp: [true] };

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

	// Essentials first, in the order of the login: where, how, who; then where the token comes back,
	// how the API wants it, and what the Test button calls. Everything with a good default for most
	// APIs waits behind Advanced Settings. Field names are an interface contract: never rename them.
	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://api.example-bank.com',
			description:
				'Address of the API, with any path prefix such as /v2. The token is only ever sent to this scheme, host and port.',
		},
		{
			displayName: 'Login URL',
			name: 'loginUrl',
			type: 'string',
			default: '/login',
			hint: 'Path on the Base URL, e.g. /v1/sessions, or a full URL for a separate login server',
		},
		{
			displayName: 'Send Credentials As',
			name: 'loginCredentialsIn',
			type: 'options',
			options: LOGIN_CREDENTIALS_IN_OPTIONS,
			default: 'jsonBody',
			description: 'How the login request carries the username and password',
		},
		{
			displayName: 'Username Field',
			name: 'usernameField',
			type: 'string',
			default: 'username',
			description: 'Body key that carries the username, e.g. email',
			displayOptions: { show: jsonOrForm },
		},
		{
			displayName: 'Password Field',
			name: 'passField',
			type: 'string',
			default: 'password',
			description: 'Body key that carries the password',
			displayOptions: { show: jsonOrForm },
		},
		{ displayName: 'Username', name: 'username', type: 'string', default: '' },
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Token Location',
			name: 'sessionSource',
			type: 'options',
			options: SESSION_SOURCE_OPTIONS,
			default: 'body',
			description: 'Where the login answer carries the token',
		},
		{
			displayName: 'Token Path',
			name: 'sessionPath',
			type: 'string',
			default: 'access_token',
			hint: 'Dot path in the login answer, [n] for list items: data.session.token reads {"data": {"session": {"token": "…"}}}',
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
			displayName: 'Send Token As',
			name: 'sendSessionAs',
			type: 'options',
			options: SEND_SESSION_AS_OPTIONS,
			default: 'bearer',
			description: 'How every API call carries the token',
		},
		{
			displayName: 'Token Parameter Name',
			name: 'sendSessionName',
			type: 'string',
			default: '',
			placeholder: 'X-Auth-Token',
			description:
				'Header, query parameter or cookie name that carries the token (empty: X-Auth-Token, token or session)',
			displayOptions: { show: { sendSessionAs: ['header', 'query', 'cookie'] } },
		},
		{
			displayName:
				'Test Path: each time the credential is tested (when you save it, and with Retry), the token is checked with a GET to this path: a fresh token of this same login, or a new one. Pick a read-only path any user may read, such as /me: then a wrong Send Token As shows up here, not only a wrong password. Empty: every test logs in, and that login is all it checks.',
			name: 'testPathNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Test Path',
			name: 'testPath',
			type: 'string',
			default: '',
			placeholder: '/me',
			description:
				'Read-only path the credential test calls with the token. Empty: every test logs in and then calls the Base URL, accepting any answer.',
		},
		{
			displayName: 'Advanced Settings',
			name: 'advancedSettings',
			type: 'boolean',
			default: false,
			hint: 'Login method, extra login fields and headers, token expiry, refresh margin, token prefix, and which answers mean an expired token. While off, each keeps its default.',
		},
		{
			displayName: 'Login Method',
			name: 'loginMethod',
			type: 'options',
			options: LOGIN_METHOD_OPTIONS,
			default: 'POST',
			displayOptions: { show: advanced },
		},
		{
			displayName: 'Extra Login Body',
			name: 'loginBody',
			type: 'json',
			default: '{}',
			description:
				'JSON object of further fields sent with the login, e.g. {"grant_type": "password", "client_id": "abc"}',
			displayOptions: { show: advanced },
		},
		{
			displayName: 'Extra Login Headers',
			name: 'loginHeaders',
			type: 'json',
			default: '{}',
			description: 'JSON object of further headers sent with the login, e.g. {"X-Api-Key": "abc"}',
			displayOptions: { show: advanced },
		},
		{
			displayName: 'Headers for Every Call',
			name: 'apiHeaders',
			type: 'json',
			default: '{}',
			description:
				'JSON object of headers sent with every call to the Base URL, by any node, the credential test included, and with a login there, e.g. {"X-Parse-Application-Id": "myApp"}. Never sent to another host.',
			displayOptions: { show: advanced },
		},
		{
			displayName: 'Expiry Source',
			name: 'expirySource',
			type: 'options',
			options: EXPIRY_SOURCE_OPTIONS,
			default: 'auto',
			hint: 'How long the token lives. Automatic suits most APIs; pick one to insist on it.',
			displayOptions: { show: advanced },
		},
		{
			displayName: 'Expires-In Path',
			name: 'expiresInPath',
			type: 'string',
			default: 'expires_in',
			description: 'Dot path to how long the token lives, in Expires-In Unit',
			displayOptions: { show: { ...advanced, expirySource: ['auto', 'expiresIn'] } },
		},
		{
			displayName: 'Expires-In Unit',
			name: 'expiresInUnit',
			type: 'options',
			options: EXPIRES_IN_UNIT_OPTIONS,
			default: 'seconds',
			description:
				"What one unit of the Expires-In field is. A JWT's own exp that disagrees by orders of magnitude wins (Token Status then warns).",
			displayOptions: { show: { ...advanced, expirySource: ['auto', 'expiresIn'] } },
		},
		{
			displayName: 'Expires-At Path',
			name: 'expiresAtPath',
			type: 'string',
			default: 'expires_at',
			description: 'Dot path to the expiry time: ISO 8601, or epoch seconds or milliseconds',
			displayOptions: { show: { ...advanced, expirySource: ['auto', 'expiresAt'] } },
		},
		{
			displayName: 'Token Lifetime (Seconds)',
			name: 'sessionLifetime',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 3600,
			description:
				'How long a token lives when the login answer does not say (the fixed lifetime, and the last resort of Automatic)',
			displayOptions: { show: { ...advanced, expirySource: ['auto', 'fixed'] } },
		},
		{
			displayName: 'Refresh Margin (Seconds)',
			name: 'refreshMargin',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 60,
			description:
				'Log in again this long before the token expires (at most half the token lifetime)',
			displayOptions: { show: advanced },
		},
		{
			displayName: 'Token Prefix',
			name: 'sendSessionPrefix',
			type: 'string',
			default: '',
			placeholder: 'Token ',
			description: 'Text put before the token in the custom header, including any space',
			displayOptions: { show: { ...advanced, sendSessionAs: ['header'] } },
		},
		{
			displayName: 'Expired-Token Status Codes',
			name: 'refreshOnStatus',
			type: 'string',
			default: '401',
			description:
				'Comma-separated statuses that mean the token expired or was revoked, e.g. 401, 403. The call is sent once more with a new token.',
			displayOptions: { show: advanced },
		},
		{
			displayName: 'Expired-Token Body Match',
			name: 'expiredBodyMatch',
			type: 'string',
			default: '',
			placeholder: 'code=602, errcode=40001',
			description:
				'Comma-separated path=value pairs: a JSON answer (any status, 200 included) matching one means the token expired',
			displayOptions: { show: advanced },
		},
		// --- Login steps: refresh token, logout, pre- and post-login requests, TOTP (stepsConfig.ts) ---
		{
			displayName: 'Use Refresh Token',
			name: 'useRefresh',
			type: 'boolean',
			default: false,
			description:
				'Whether to renew the token with the refresh token the login returns, and log in with the password only when the provider refuses it',
			displayOptions: { show: advanced },
		},
		{
			displayName: 'Refresh Token Location',
			name: 'refreshSource',
			type: 'options',
			options: SESSION_SOURCE_OPTIONS,
			default: 'body',
			description: 'Where login and refresh answers carry the refresh token',
			displayOptions: { show: refreshOn },
		},
		{
			displayName: 'Refresh Token Path',
			name: 'refreshPath',
			type: 'string',
			default: 'refresh_token',
			hint: 'Dot path in the JSON answer, e.g. data.refresh_token; for a header or cookie, its name',
			displayOptions: { show: refreshOn },
		},
		{
			displayName: 'Refresh URL',
			name: 'refreshUrl',
			type: 'string',
			default: '',
			placeholder: '/auth/refresh',
			description: 'Where the refresh token is sent. Empty: the Login URL.',
			displayOptions: { show: refreshOn },
		},
		{
			displayName: 'Refresh Method',
			name: 'refreshMethod',
			type: 'options',
			options: REFRESH_METHOD_OPTIONS,
			default: 'POST',
			displayOptions: { show: refreshOn },
		},
		{
			displayName: 'Send Refresh Token As',
			name: 'refreshSend',
			type: 'options',
			options: REFRESH_SEND_OPTIONS,
			default: 'oauth2',
			displayOptions: { show: refreshOn },
		},
		{
			displayName: 'Refresh Token Field',
			name: 'refreshField',
			type: 'string',
			default: 'refresh_token',
			description: 'The JSON body field of the refresh token (also for a logout that sends it)',
			displayOptions: { show: { ...refreshOn, refreshSend: ['json'] } },
		},
		{
			displayName: 'Logout URL',
			name: 'logoutUrl',
			type: 'string',
			default: '',
			placeholder: '/auth/logout',
			description:
				"Called by Token Status's Log Out operation to end the session at the provider. Empty: Log Out only clears the stored token.",
			displayOptions: { show: advanced },
		},
		{
			displayName: 'Logout Method',
			name: 'logoutMethod',
			type: 'options',
			options: LOGOUT_METHOD_OPTIONS,
			default: 'POST',
			displayOptions: { show: advanced },
		},
		{
			displayName: 'Logout Sends',
			name: 'logoutSend',
			type: 'options',
			options: LOGOUT_SEND_OPTIONS,
			default: 'call',
			displayOptions: { show: advanced },
		},
		{
			displayName: 'Pre-Login Step',
			name: 'usePreLogin',
			type: 'boolean',
			default: false,
			description:
				'Whether to fetch a page before each login (a portal’s login form): its cookies go with the login, and a value it holds (a CSRF token) can be sent too',
			displayOptions: { show: advanced },
		},
		{
			displayName: 'Pre-Login URL',
			name: 'preLoginUrl',
			type: 'string',
			default: '',
			placeholder: '/login',
			description: "A path on the Base URL, or a URL on the Base URL's or the Login URL's host",
			displayOptions: { show: preLoginOn },
		},
		{
			displayName: 'Pre-Login Method',
			name: 'preLoginMethod',
			type: 'options',
			options: PRE_LOGIN_METHOD_OPTIONS,
			default: 'GET',
			displayOptions: { show: preLoginOn },
		},
		{
			displayName: 'Capture From',
			name: 'captureFrom',
			type: 'options',
			options: CAPTURE_FROM_OPTIONS,
			default: 'cookie',
			description: 'Where the pre-login answer holds the value the login needs',
			displayOptions: { show: preLoginOn },
		},
		{
			displayName: 'Capture Name, Path or Pattern',
			name: 'captureName',
			type: 'string',
			default: '',
			placeholder: 'csrftoken',
			hint: 'A header or cookie name, a dot path into JSON, or a regular expression with one group, e.g. name="csrf" value="([^"]+)". Empty: only the cookies go along.',
			displayOptions: { show: preLoginOn },
		},
		{
			displayName: 'Send Captured Value As',
			name: 'captureSendAs',
			type: 'options',
			options: CAPTURE_SEND_AS_OPTIONS,
			default: 'header',
			displayOptions: { show: preLoginOn },
		},
		{
			displayName: 'Captured Value Name',
			name: 'captureSendName',
			type: 'string',
			default: '',
			placeholder: 'X-CSRF-Token',
			description: 'The header, body field or query parameter the login takes the value in',
			displayOptions: { show: preLoginOn },
		},
		{
			displayName: 'Post-Login Step',
			name: 'usePostLogin',
			type: 'boolean',
			default: false,
			description:
				'Whether to send one request with the new token after each login (select a tenant or account); its answer may hand out the token to use',
			displayOptions: { show: advanced },
		},
		{
			displayName: 'Post-Login URL',
			name: 'postLoginUrl',
			type: 'string',
			default: '',
			placeholder: '/tenants/select',
			description: 'A path on the Base URL (the new token goes to its host only)',
			displayOptions: { show: postLoginOn },
		},
		{
			displayName: 'Post-Login Method',
			name: 'postLoginMethod',
			type: 'options',
			options: POST_LOGIN_METHOD_OPTIONS,
			default: 'POST',
			displayOptions: { show: postLoginOn },
		},
		{
			displayName: 'Post-Login Body',
			name: 'postLoginBody',
			type: 'json',
			default: '{}',
			description: 'JSON object sent as the body, e.g. {"tenant": "acme"}',
			displayOptions: { show: postLoginOn },
		},
		{
			displayName: 'Post-Login Token Path',
			name: 'postLoginPath',
			type: 'string',
			default: '',
			placeholder: 'data.token',
			description:
				"Dot path in the post-login answer to the token to use from then on. Empty: keep the login's token.",
			displayOptions: { show: postLoginOn },
		},
		{
			displayName: 'TOTP Second Factor',
			name: 'useTotp',
			type: 'boolean',
			default: false,
			description:
				'Whether the login sends a time-based one-time code (RFC 6238) beside the password, computed with the n8n server’s clock',
			displayOptions: { show: advanced },
		},
		{
			displayName: 'TOTP Secret',
			name: 'totpSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'JBSWY3DPEHPK3PXP',
			description:
				'The base32 secret the provider showed when 2FA was set up (the text beside the QR code)',
			displayOptions: { show: totpOn },
		},
		{
			displayName: 'TOTP Digits',
			name: 'totpDigits',
			type: 'number',
			typeOptions: { minValue: 6, maxValue: 10 },
			default: 6,
			displayOptions: { show: totpOn },
		},
		{
			displayName: 'TOTP Period (Seconds)',
			name: 'totpPeriod',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30,
			displayOptions: { show: totpOn },
		},
		{
			displayName: 'TOTP Algorithm',
			name: 'totpAlgorithm',
			type: 'options',
			options: TOTP_ALGORITHM_OPTIONS,
			default: 'SHA1',
			displayOptions: { show: totpOn },
		},
		{
			displayName: 'Send TOTP Code In',
			name: 'totpSendIn',
			type: 'options',
			options: TOTP_SEND_IN_OPTIONS,
			default: 'body',
			displayOptions: { show: totpOn },
		},
		{
			displayName: 'TOTP Field Name',
			name: 'totpField',
			type: 'string',
			default: 'otp',
			description: 'The login body field (or header) the code goes in, e.g. otp or totp',
			displayOptions: { show: totpOn },
		},
		// --- TLS (login and every call to the Base URL) ---
		// Each field written out, not built by a helper: n8n's scanner checks that a secret-looking
		// field (certificate, key, passphrase) is masked only where it stands here, with its `name`
		// and `typeOptions` written out.
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to accept any server certificate (expired, self-signed, another host name). INSECURE: anyone on the network path can then read the password and the token. For testing only; for a private CA use CA Certificate instead.',
			displayOptions: { show: advanced },
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
			displayOptions: { show: advanced },
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
			displayOptions: { show: advanced },
		},
		{
			displayName: 'Client Private Key (PEM)',
			name: 'clientPrivateKey',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			placeholder: '-----BEGIN PRIVATE KEY-----',
			description: "For mutual TLS: the client certificate's private key",
			displayOptions: { show: advanced },
		},
		{
			displayName: 'Client Key Passphrase',
			name: 'clientKeyPassphrase',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The passphrase of an encrypted private key; empty for an unencrypted key',
			displayOptions: { show: advanced },
		},
		// Filled by the login, stored encrypted by n8n. Declared, or n8n would drop them.
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{ displayName: 'Token Expires At', name: 'sessionExpiresAt', type: 'hidden', default: '' },
		{ displayName: 'Token Obtained At', name: 'sessionObtainedAt', type: 'hidden', default: '' },
		{ displayName: 'Token Scope', name: 'sessionScope', type: 'hidden', default: '' },
		// The refresh token (Use Refresh Token), written with the token it came with; never shown.
		{
			displayName: 'Refresh Token',
			name: 'sessionRefreshToken',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
		// Whether the stored token came from a refresh or a password login, for Token Status.
		{ displayName: 'Renewed By', name: 'sessionRenewedBy', type: 'hidden', default: '' },
		// Why the stored expiry is not the one the answer named (a unit mismatch with the JWT exp), for Token Status.
		{ displayName: 'Expiry Warning', name: 'sessionExpiryWarning', type: 'hidden', default: '' },
		// Salted hash of the login (settings and password) that obtained the stored token, so the
		// credential test can use a fresh token of the same login instead of logging in again.
		{ displayName: 'Login Hash', name: 'sessionLoginHash', type: 'hidden', default: '' },
		// [cluster-login hook] the login lease of queue mode (shared/engine/loginLease.ts).
		{ displayName: 'Login Lease Owner', name: 'sessionLeaseOwner', type: 'hidden', default: '' },
		{ displayName: 'Login Lease Until', name: 'sessionLeaseUntil', type: 'hidden', default: '' },
		// Which n8n process stored the token: tells a main process whether it shares the credential.
		{ displayName: 'Logged In By', name: 'sessionLoggedInBy', type: 'hidden', default: '' },
	];

	/** Logs in (sharing a login under way) and returns the fields n8n persists. */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		return await loginForCredential(this.helpers, credentials);
	}

	/** Places the token on the Base URL's host only, or asks n8n for a login first. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return authenticateRequest(credentials, requestOptions);
	}

	test: ICredentialTestRequest = credentialTestRequest;
}
