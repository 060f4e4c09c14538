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
