/**
 * The Login Token API form as a new credential shows it, in order (its notice included): the unit
 * test reads it from the credential's description, the browser test from the real editor.
 */
export const NEW_FORM_FIELDS: readonly string[] = [
	'baseUrl',
	'loginUrl',
	'loginCredentialsIn',
	'usernameField',
	'passField',
	'username',
	'password',
	'sessionSource',
	'sessionPath',
	'sendSessionAs',
	'testPathNotice',
	'testPath',
	'advancedSettings',
];

/** The fields in order, without the named ones. */
export const without = (fields: readonly string[], ...names: string[]): string[] =>
	fields.filter((field) => !names.includes(field));
