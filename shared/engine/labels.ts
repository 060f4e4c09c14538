/**
 * The labels the credential form shows (exactly its displayNames; a unit test holds the two
 * together), so errors point at what the user sees.
 */
export const FIELD_LABELS: Record<string, string> = {
	baseUrl: 'Base URL',
	loginUrl: 'Login URL',
	loginCredentialsIn: 'Send Credentials As',
	usernameField: 'Username Field',
	passField: 'Password Field',
	username: 'Username',
	password: 'Password',
	sessionSource: 'Token Location',
	sessionPath: 'Token Path',
	sessionHeaderName: 'Token Header Name',
	sessionCookieName: 'Token Cookie Name',
	sendSessionAs: 'Send Token As',
	sendSessionName: 'Token Parameter Name',
	testPath: 'Test Path',
	advancedSettings: 'Advanced Settings',
	loginMethod: 'Login Method',
	loginBody: 'Extra Login Body',
	loginHeaders: 'Extra Login Headers',
	apiHeaders: 'Headers for Every Call',
	expirySource: 'Expiry Source',
	expiresInPath: 'Expires-In Path',
	expiresInUnit: 'Expires-In Unit',
	expiresAtPath: 'Expires-At Path',
	sessionLifetime: 'Token Lifetime (Seconds)',
	refreshMargin: 'Refresh Margin (Seconds)',
	sendSessionPrefix: 'Token Prefix',
	refreshOnStatus: 'Expired-Token Status Codes',
	expiredBodyMatch: 'Expired-Token Body Match',
	ignoreSslIssues: 'Ignore SSL Issues (Insecure)',
	caCertificate: 'CA Certificate (PEM)',
	clientCertificate: 'Client Certificate (PEM)',
	clientPrivateKey: 'Client Private Key (PEM)',
	clientKeyPassphrase: 'Client Key Passphrase',
};

/** Fields the form shows only with Advanced Settings on; while it is off they keep their defaults. */
export const ADVANCED_FIELDS: readonly string[] = [
	'loginMethod',
	'loginBody',
	'loginHeaders',
	'apiHeaders',
	'expirySource',
	'expiresInPath',
	'expiresInUnit',
	'expiresAtPath',
	'sessionLifetime',
	'refreshMargin',
	'sendSessionPrefix',
	'refreshOnStatus',
	'expiredBodyMatch',
	'ignoreSslIssues',
	'caCertificate',
	'clientCertificate',
	'clientPrivateKey',
	'clientKeyPassphrase',
];

/** The label the credential form shows for a field: messages name fields the way the user sees them. */
export function label(field: string): string {
	return FIELD_LABELS[field] ?? field;
}

/** The label with the way to it when it hides behind Advanced Settings ("Advanced Settings > Login Method"): for advice in messages. */
export function labelWhere(field: string): string {
	return ADVANCED_FIELDS.includes(field)
		? `${label('advancedSettings')} > ${label(field)}`
		: label(field);
}

/** Labels of the options a message may name as the current choice. */
export const OPTION_LABELS = {
	loginCredentialsIn: {
		jsonBody: 'JSON Body',
		formBody: 'Form Body',
		basicAuth: 'Basic Auth Header',
	},
} as const;
