import { redact } from './secrets';

/** Long enough for any real error text, short enough for one line of a message. */
export const PROVIDER_TEXT_MAX = 200;

/** Where JSON error answers put their human text, most specific first (OAuth2, RFC 9457, common APIs). */
const TEXT_KEYS = [
	'error_description',
	'message',
	'error_message',
	'errorMessage',
	'detail',
	'title',
	'error',
	'description',
	'msg',
];

function textIn(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return value;
	if (Array.isArray(value)) return textIn(value[0]);
	if (value !== null && typeof value === 'object') {
		const record = value as Record<string, unknown>;
		for (const key of TEXT_KEYS) {
			const found = typeof record[key] === 'string' ? textIn(record[key]) : undefined;
			if (found) return found;
		}
		// { "error": { "message": … } } and { "errors": [{ "message": … }] }
		return textIn(record.error) ?? textIn(record.errors);
	}
	return undefined;
}

/** An OAuth2-style short code ({"error": "invalid_grant"}) worth showing beside the text. */
function codeIn(body: unknown, text: string): string | undefined {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const code = (body as Record<string, unknown>).error;
	return typeof code === 'string' && code !== text && /^[\w.-]{1,40}$/.test(code)
		? code
		: undefined;
}

function clean(text: string, secrets: Array<string | undefined>): string {
	// Scrubbed before anything else, so that neither cutting nor whitespace changes can split a secret.
	const scrubbed = redact(text, secrets)
		// control characters and bidirectional overrides: no fake lines, no reordered text
		// eslint-disable-next-line no-control-regex -- matching control characters is the point
		.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return scrubbed.length > PROVIDER_TEXT_MAX
		? `${scrubbed.slice(0, PROVIDER_TEXT_MAX - 1).trimEnd()}…`
		: scrubbed;
}

/**
 * The provider's own short explanation of a failed answer, e.g. `"Bad credentials" (invalid_grant)`,
 * when it gave one: an error text from a JSON body, a JSON string, or a short plain-text body. HTML pages and other
 * bodies give nothing. The text is scrubbed of the given secrets, stripped of control characters and
 * cut to PROVIDER_TEXT_MAX characters.
 */
export function providerText(
	body: unknown,
	contentType: string,
	secrets: Array<string | undefined>,
): string | undefined {
	let text: string | undefined;
	let code: string | undefined;
	if (typeof body === 'string') {
		// Plain text, or a JSON string ("Incorrect password", as json-server-auth answers): short words.
		const textual = contentType === 'text/plain' || /[+/]json$/i.test(contentType);
		if (!textual || body.trim().startsWith('<')) return undefined;
		text = body;
	} else {
		text = textIn(body);
		if (text !== undefined) code = codeIn(body, text);
	}
	if (text === undefined) return undefined;
	const shown = clean(text, secrets);
	if (shown === '') return undefined;
	return `"${shown}"${code ? ` (${clean(code, secrets)})` : ''}`;
}
