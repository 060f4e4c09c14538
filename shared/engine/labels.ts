/** Display names, so errors point at what the user sees in the credential form. */
export const FIELD_LABELS: Record<string, string> = {
	baseUrl: 'Base URL',
	loginUrl: 'Login URL',
	loginMethod: 'Login Method',
	loginCredentialsIn: 'Send Credentials As',
	usernameField: 'Username Field',
	passField: 'Password Field',
	username: 'Username',
	password: 'Password',
	loginBody: 'Extra Login Body',
	loginHeaders: 'Extra Login Headers',
	sessionSource: 'Token Location',
	sessionPath: 'Token Path',
	sessionHeaderName: 'Token Header Name',
	sessionCookieName: 'Token Cookie Name',
	expirySource: 'Expiry Source',
	expiresInPath: 'Expires-In Path',
	expiresAtPath: 'Expires-At Path',
	sessionLifetime: 'Token Lifetime',
	refreshMargin: 'Refresh Margin',
	sendSessionAs: 'Send Token As',
	sendSessionName: 'Token Parameter Name',
	sendSessionPrefix: 'Token Prefix',
	refreshOnStatus: 'Expired-Token Status Codes',
	expiredBodyMatch: 'Expired-Token Body Match',
	testPath: 'Test Path',
};

/** The label the credential form shows for a field: messages name fields the way the user sees them. */
export function label(field: string): string {
	return FIELD_LABELS[field] ?? field;
}
