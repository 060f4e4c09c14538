import type { INodePropertyOptions } from 'n8n-workflow';

// The credential form's option lists, beside the engine that reads the values (config.ts). Each
// list is ordered and titled as n8n's verification scanner requires; never change a value.

export const LOGIN_CREDENTIALS_IN_OPTIONS: INodePropertyOptions[] = [
	{ name: 'JSON Body', value: 'jsonBody', description: '{"username": "…", "password": "…"}' },
	{
		name: 'Form Body',
		value: 'formBody',
		description: 'username=…&password=… (x-www-form-urlencoded, as OAuth2 password grants use)',
	},
	{ name: 'Basic Auth Header', value: 'basicAuth', description: 'Authorization: Basic …' },
];

export const SESSION_SOURCE_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Response Body (JSON)',
		value: 'body',
		description: 'A field of the JSON answer, named by Token Path',
	},
	{
		name: 'Response Header',
		value: 'header',
		description: 'A header of the answer, e.g. X-Auth-Token',
	},
	{
		name: 'Cookie (Set-Cookie)',
		value: 'cookie',
		description: 'A cookie the answer sets, e.g. SESSIONID',
	},
];

export const SEND_SESSION_AS_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Bearer (Authorization Header)',
		value: 'bearer',
		description: 'Authorization: Bearer …',
	},
	{
		name: 'Custom Header',
		value: 'header',
		description: 'A header named by Token Parameter Name, e.g. X-Auth-Token: …',
	},
	{
		name: 'Query Parameter',
		value: 'query',
		description: 'A query parameter named by Token Parameter Name, e.g. ?token=…',
	},
	{
		name: 'Cookie',
		value: 'cookie',
		description: 'A cookie named by Token Parameter Name, e.g. Cookie: session=…',
	},
];

export const LOGIN_METHOD_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'GET',
		value: 'GET',
		description: 'Credentials go in the query string (Basic Auth Header: in the header)',
	},
	{ name: 'POST', value: 'POST' },
	{ name: 'PUT', value: 'PUT' },
];

export const EXPIRY_SOURCE_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Automatic',
		value: 'auto',
		description:
			'The first the login answer has: Expires-In Path, Expires-At Path, the JWT exp claim, else Token Lifetime',
	},
	{
		name: 'Expires-In Field (Seconds)',
		value: 'expiresIn',
		description: 'Seconds left, e.g. {"expires_in": 3600}',
	},
	{
		name: 'Expires-At Field (Date or Epoch)',
		value: 'expiresAt',
		description:
			'An end time, e.g. {"expires_at": "2026-11-24T10:00:00Z"} or epoch seconds or milliseconds',
	},
	{
		name: 'JWT Exp Claim',
		value: 'jwt',
		description:
			'The token is a JWT (three dot-separated parts starting with eyJ) whose exp claim says when it ends',
	},
	{
		name: 'Fixed Lifetime',
		value: 'fixed',
		description: 'The answer does not say: the token lives Token Lifetime seconds',
	},
];

export const EXPIRES_IN_UNIT_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Milliseconds',
		value: 'milliseconds',
		description: 'e.g. {"expires": 900000} (Directus)',
	},
	{ name: 'Minutes', value: 'minutes', description: 'e.g. {"expires_in": 15}' },
	{ name: 'Seconds', value: 'seconds', description: 'e.g. {"expires_in": 3600} (OAuth2)' },
];

const method = (value: string): INodePropertyOptions => ({ name: value, value });

export const REFRESH_METHOD_OPTIONS: INodePropertyOptions[] = [method('POST'), method('PUT')];
export const PRE_LOGIN_METHOD_OPTIONS: INodePropertyOptions[] = [method('GET'), method('POST')];
export const POST_LOGIN_METHOD_OPTIONS: INodePropertyOptions[] = [
	method('GET'),
	method('POST'),
	method('PUT'),
];
export const LOGOUT_METHOD_OPTIONS: INodePropertyOptions[] = [
	method('DELETE'),
	method('GET'),
	method('POST'),
];

export const REFRESH_SEND_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Bearer Header',
		value: 'bearer',
		description: 'Authorization: Bearer <refresh token>, no body',
	},
	{
		name: 'OAuth2 Form',
		value: 'oauth2',
		description:
			'grant_type=refresh_token&refresh_token=…, with client_id, client_secret and scope from Extra Login Body',
	},
	{
		name: 'JSON Field',
		value: 'json',
		description: '{"refresh_token": "…"} under Refresh Token Field (Directus: /auth/refresh)',
	},
];

export const LOGOUT_SEND_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Access Token',
		value: 'call',
		description: 'The token as every call carries it (Send Token As; Parse: POST /logout)',
	},
	{
		name: 'Refresh Token in JSON Field',
		value: 'refreshJson',
		description: '{"refresh_token": "…"} under Refresh Token Field (Directus: /auth/logout)',
	},
	{
		name: 'Refresh Token in RFC 7009 Form',
		value: 'refreshForm',
		description: 'token=…&token_type_hint=refresh_token (OAuth2 token revocation)',
	},
];

export const CAPTURE_FROM_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Cookie', value: 'cookie', description: 'A cookie the answer sets, e.g. csrftoken' },
	{
		name: 'HTML (Regular Expression)',
		value: 'html',
		description: 'The first group of a regular expression over the page, e.g. a hidden form field',
	},
	{ name: 'JSON Path', value: 'json', description: 'A dot path into a JSON answer' },
	{ name: 'Response Header', value: 'header', description: 'A header of the answer' },
];

export const CAPTURE_SEND_AS_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Body Field', value: 'body', description: 'A field of the login body' },
	{ name: 'Header', value: 'header', description: 'A header of the login, e.g. X-CSRF-Token' },
	{ name: 'Query Parameter', value: 'query', description: 'A query parameter of the login URL' },
];

export const TOTP_ALGORITHM_OPTIONS: INodePropertyOptions[] = [
	{ name: 'SHA-1', value: 'SHA1', description: 'What most authenticator apps and providers use' },
	{ name: 'SHA-256', value: 'SHA256' },
	{ name: 'SHA-512', value: 'SHA512' },
];

export const TOTP_SEND_IN_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Body Field', value: 'body', description: 'A field of the login body, e.g. otp' },
	{ name: 'Header', value: 'header', description: 'A header of the login, e.g. X-OTP' },
];
