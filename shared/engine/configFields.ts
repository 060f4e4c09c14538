/**
 * Readers of single credential fields: each checks one value and, when it is unusable, says so by
 * the field's label, what was expected and what came (by shape). config.ts and stepsConfig.ts
 * build the TokenConfig from them.
 */
import { configError } from './errors';
import { isFramingHeaderName, isHeaderNameSyntax } from './headerNames';

/** No token lives longer than this; values beyond it are mistakes (units, overflow), never lifetimes. */
export const MAX_LIFETIME_SECONDS = 365 * 24 * 3600;

export function oneOf<T extends string>(
	data: Record<string, unknown>,
	field: string,
	allowed: readonly T[],
	fallback: T,
): T {
	const value = data[field] ?? fallback;
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
		return value as T;
	throw configError(field, `one of ${allowed.join(', ')}`, `"${String(value)}"`);
}

export function text(data: Record<string, unknown>, field: string, fallback = ''): string {
	const value = data[field];
	if (value === undefined || value === null) return fallback;
	if (typeof value === 'string') return value.trim() === '' ? fallback : value.trim();
	if (typeof value === 'number') return String(value);
	throw configError(field, 'text', `a ${typeof value}`);
}

export function secret(data: Record<string, unknown>, field: string): string {
	const value = data[field];
	return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

export function seconds(
	data: Record<string, unknown>,
	field: string,
	fallback: number,
	min: number,
): number {
	const raw = data[field] ?? fallback;
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (
		typeof value !== 'number' ||
		!Number.isFinite(value) ||
		value < min ||
		value > MAX_LIFETIME_SECONDS
	) {
		throw configError(
			field,
			`a number of seconds from ${min} to ${MAX_LIFETIME_SECONDS} (one year)`,
			typeof raw === 'string' ? `"${raw}"` : `a ${typeof raw}`,
		);
	}
	return value;
}

/** Credential JSON fields arrive as objects or as JSON text depending on how the credential was saved. */
export function jsonObject(data: Record<string, unknown>, field: string): Record<string, unknown> {
	let value = data[field];
	if (value === undefined || value === null || value === '') return {};
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			throw configError(
				field,
				'a JSON object such as {"grant_type": "password"}',
				'text that is not valid JSON',
			);
		}
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw configError(
			field,
			'a JSON object such as {"grant_type": "password"}',
			Array.isArray(value) ? 'a list' : `a ${value === null ? 'null' : typeof value}`,
		);
	}
	return value as Record<string, unknown>;
}

export function httpUrl(value: string, field: string): URL {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw configError(
			field,
			'an absolute URL starting with https:// or http://',
			'text that is not a URL',
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw configError(field, 'an http:// or https:// URL', `a ${url.protocol} URL`);
	}
	if (url.username || url.password) {
		throw configError(field, 'a URL without user:password@ (use Username and Password)');
	}
	return url;
}

/**
 * A JSON object of headers, checked here so a bad one is a configuration error and never a request
 * that Node refuses halfway ("may have reached the server" would then be wrong: nothing was sent).
 */
export function headerMap(object: Record<string, unknown>, field: string): Record<string, string> {
	const out: Record<string, string> = {};
	Object.entries(object).forEach(([key, value], index) => {
		const which = `header ${index + 1}`;
		if (value !== null && typeof value === 'object')
			throw configError(
				field,
				'a flat JSON object of header names to text values',
				`${Array.isArray(value) ? 'a list' : 'an object'} as the value of ${which}`,
			);
		if (!isHeaderNameSyntax(key))
			throw configError(
				field,
				'header names of letters, digits and - such as X-Api-Key',
				`a name of ${key.length} character(s) with other characters (spaces, colons, line breaks, …) as ${which}`,
			);
		if (isFramingHeaderName(key))
			throw configError(
				field,
				'headers the API reads, such as X-Api-Key',
				`"${key}", a header the HTTP client sets itself or a proxy reads`,
			);
		const text = String(value);
		if (/[\r\n\0]/.test(text))
			throw configError(
				field,
				'header values on one line',
				`a value with a line break or a NUL character for ${which}`,
			);
		out[key] = text;
	});
	return out;
}

export function requiredText(
	data: Record<string, unknown>,
	field: string,
	expected: string,
): string {
	const value = text(data, field);
	if (value === '') throw configError(field, expected, 'an empty value');
	return value;
}
