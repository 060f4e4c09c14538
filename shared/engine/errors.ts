import { label } from './labels';
import { redact } from './secrets';

/**
 * Every problem the engine finds is a LoginTokenError: it names the credential field at fault
 * and describes what came back by shape (status, content type, keys), never by value, so it is
 * safe to show in the editor, in execution data and in logs.
 */
export type LoginTokenErrorKind =
	| 'config' // a credential field holds something unusable
	| 'loginRefused' // the provider said no to the username/password (401/403)
	| 'loginFailed' // the login did not work for another reason (5xx, 429, network, redirect)
	| 'tokenMissing' // the login answered, but the token is not where the credential says
	| 'tokenUnusable' // the token was found, but cannot be sent as the credential says (control characters, …)
	| 'expiry' // the expiry could not be read
	| 'offHost'; // a request would carry the token to a host that is not the credential's

export class LoginTokenError extends Error {
	readonly kind: LoginTokenErrorKind;
	/** The credential field (parameter name) the user should look at, if one is at fault. */
	readonly field?: string;
	/**
	 * HTTP status of the login response, when there was one. Not named `status` or `code`: n8n's
	 * NodeApiError reads those and would swap this specific message for a generic one.
	 */
	readonly loginStatus?: number;
	readonly description?: string;

	constructor(
		kind: LoginTokenErrorKind,
		message: string,
		details: { field?: string; loginStatus?: number; description?: string } = {},
	) {
		super(message);
		this.name = 'LoginTokenError';
		this.kind = kind;
		this.field = details.field;
		this.loginStatus = details.loginStatus;
		this.description = details.description;
	}
}

/** True also for errors from another copy of this module (n8n may load the package twice). */
export function isLoginTokenError(error: unknown): error is LoginTokenError {
	return error instanceof Error && error.name === 'LoginTokenError' && 'kind' in error;
}

/** A credential field holds something unusable: its label, what was expected, and what came (by shape). */
export function configError(field: string, expected: string, got?: string): LoginTokenError {
	return new LoginTokenError(
		'config',
		`${label(field)}: expected ${expected}${got ? `, got ${got}` : ''}`,
		{ field },
	);
}

/** The same error with these secrets removed from its message and description (e.g. a token that is also a key of the answer). */
export function redactedError(error: LoginTokenError, secrets: string[]): LoginTokenError {
	return new LoginTokenError(error.kind, redact(error.message, secrets), {
		field: error.field,
		loginStatus: error.loginStatus,
		description: error.description === undefined ? undefined : redact(error.description, secrets),
	});
}
