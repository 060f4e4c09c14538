import type { TokenConfig } from './config';
import { LoginTokenError } from './errors';
import { label } from './labels';
import { readPath, type PathSegment } from './paths';

/** The field that says where the token is read from, for messages. */
export function tokenSourceField(config: TokenConfig): string {
	return { body: 'sessionPath', header: 'sessionHeaderName', cookie: 'sessionCookieName' }[
		config.sessionSource
	];
}

/**
 * Why a value cannot be sent in `into`, or undefined if it can. HTTP header values (Bearer, custom
 * header, cookie) allow only visible Latin-1 characters and spaces: Node refuses anything else, or
 * the header would split. A value in the query string is URL-encoded, so only control characters
 * (never part of a real token: a misread answer) are refused there.
 */
export function unsendableTextReason(
	value: string,
	into: 'header' | 'query' | 'cookie',
): string | undefined {
	if (/[\r\n]/.test(value)) return 'a line break (CR or LF)';
	if (value.includes('\0')) return 'a NUL character';
	// eslint-disable-next-line no-control-regex -- matching control characters is the point
	if (/[\x01-\x1f\x7f]/.test(value)) return 'a control character';
	if (into === 'query') return undefined;
	if (/[^\x20-\xff]/.test(value))
		return 'a character outside Latin-1 (such as an emoji or a CJK letter)';
	if (into === 'cookie' && /[;,\s"\\]/.test(value))
		return 'a character a cookie value cannot hold (space, comma, semicolon, quote or backslash)';
	return undefined;
}

/** Why the token cannot be sent as the credential says (Send Token As), or undefined if it can. */
export function unsendableReason(config: TokenConfig, token: string): string | undefined {
	const into = config.sendSessionAs;
	return unsendableTextReason(token, into === 'query' || into === 'cookie' ? into : 'header');
}

export function assertSendable(config: TokenConfig, token: string, loginStatus: number): void {
	const reason = unsendableReason(config, token);
	if (reason === undefined) return;
	const field = tokenSourceField(config);
	const place = {
		bearer: 'an Authorization header',
		header: 'a header',
		query: 'a URL',
		cookie: 'a cookie',
	}[config.sendSessionAs];
	throw new LoginTokenError(
		'tokenUnusable',
		`${label(field)}: the token the login returned (${token.length} characters) contains ${reason}, so it cannot be sent in ${place}`,
		{
			field,
			loginStatus,
			description: `Check ${label(field)}: it may point at something other than the token. If the provider really issues such tokens, ask it for a token that can travel in HTTP headers.`,
		},
	);
}

/** JSON text with every number literal outside strings turned into a string of its exact digits. */
function numbersAsText(json: string): string {
	let out = '';
	let inString = false;
	for (let i = 0; i < json.length; i++) {
		const char = json[i];
		if (inString) {
			out += char;
			if (char === '\\') out += json[++i] ?? '';
			else if (char === '"') inString = false;
			continue;
		}
		if (char === '"') inString = true;
		const number = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(
			char === '-' || (char >= '0' && char <= '9') ? json.slice(i, i + 400) : '',
		);
		if (number) {
			out += `"${number[0]}"`;
			i += number[0].length - 1;
			continue;
		}
		out += char;
	}
	return out;
}

/**
 * A numeric token exactly as the provider wrote it. JSON.parse turns 12345678901234567890 into
 * 12345678901234567000: the digits are recovered from the raw answer text when there is one;
 * without it, only numbers JSON.parse keeps exactly are accepted.
 */
export function numericToken(
	value: number,
	rawBody: unknown,
	path: PathSegment[],
	loginStatus: number,
): string {
	if (typeof rawBody === 'string') {
		try {
			const lookup = readPath(JSON.parse(numbersAsText(rawBody)), path);
			if (lookup.found && typeof lookup.value === 'string') return lookup.value;
		} catch {
			// not the JSON text the value came from: fall through to the checks below
		}
	}
	if (Number.isSafeInteger(value)) return String(value);
	throw new LoginTokenError(
		'tokenUnusable',
		`${label('sessionPath')}: the login response holds the token as a number too large to read exactly (more than 15 digits), and its text was not available`,
		{
			field: 'sessionPath',
			loginStatus,
			description:
				'JSON numbers above 2^53 lose digits when read. Ask the provider to send the token as text (in quotes).',
		},
	);
}
