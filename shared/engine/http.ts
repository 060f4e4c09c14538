/**
 * The small HTTP pieces every part needs once: header names without regard to case, JSON that may
 * not be JSON, form encoding, and the shape of a full response.
 */

/** A response as n8n's httpRequest returns it with returnFullResponse. */
export interface HttpResponse {
	statusCode: number;
	statusMessage?: string;
	headers: Record<string, unknown>;
	body: unknown; // a Buffer where the caller asked for bytes: the caller decides how to read it
}

/** The key under which `headers` holds `name`, whatever its case (header names are case-insensitive). */
export function headerKey(headers: object | undefined, name: string): string | undefined {
	const lower = name.toLowerCase();
	return Object.keys(headers ?? {}).find((key) => key.toLowerCase() === lower);
}

/** The value of header `name`, whatever its case; undefined if absent. */
export function headerOf(headers: Record<string, unknown> | undefined, name: string): unknown {
	const key = headerKey(headers, name);
	return key === undefined ? undefined : headers?.[key];
}

/** The parsed JSON, or undefined when the text is not JSON. */
export function parseJsonOrUndefined(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** Fields as application/x-www-form-urlencoded; objects are sent as their JSON. */
export function formEncode(fields: Record<string, unknown>): string {
	return new URLSearchParams(
		Object.entries(fields).map(([key, value]): [string, string] => [
			key,
			typeof value === 'object' ? JSON.stringify(value) : String(value),
		]),
	).toString();
}

/** `extra` headers under `headers`: a name `headers` already has (in any case) keeps its value. */
export function withDefaultHeaders<T extends Record<string, unknown>>(
	headers: T | undefined,
	extra: Record<string, string>,
): T {
	const out: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(extra))
		if (headerKey(headers, name) === undefined) out[name] = value;
	return { ...out, ...(headers ?? {}) } as T;
}
