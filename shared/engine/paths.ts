import { LoginTokenError } from './errors';
import { label } from './labels';

/**
 * Dot paths with [n] indexes, e.g. `data.session.token` or `tokens[0].value`.
 * A leading `$.` (JSONPath habit) is accepted and ignored.
 */
export type PathSegment = string | number;

export function parsePath(path: string, field: string): PathSegment[] {
	// Only "$." or "$[" is the JSONPath root: a key may itself start with $ ("$type").
	const trimmed = path.trim().replace(/^\$(?:\.|(?=\[)|$)/, '');
	if (trimmed === '') {
		throw new LoginTokenError(
			'config',
			`${label(field)}: expected a path such as "access_token" or "data.session.token", got an empty value`,
			{ field },
		);
	}
	if (!/^(?:[^.[\]]+|\[\d+\])(?:\.[^.[\]]+|\[\d+\])*$/.test(trimmed)) {
		throw new LoginTokenError(
			'config',
			`${label(field)}: "${path}" is not a valid path; use dots between keys and [n] for list items, e.g. data.tokens[0].value`,
			{ field },
		);
	}
	const segments: PathSegment[] = [];
	for (const match of trimmed.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
		segments.push(match[2] !== undefined ? Number(match[2]) : match[1]);
	}
	return segments;
}

export type PathLookup =
	| { found: true; value: unknown }
	| {
			found: false;
			/** the part of the path that exists */ foundPath: string;
			/** keys (or list length) where the path stopped */ available: string;
	  };

export function readPath(data: unknown, segments: PathSegment[]): PathLookup {
	let current: unknown = data;
	const walked: string[] = [];
	for (const segment of segments) {
		const next = step(current, segment);
		if (next === undefined) {
			return {
				found: false,
				foundPath: walked.join('') || '(top level)',
				available: describeShape(current),
			};
		}
		walked.push(
			typeof segment === 'number' ? `[${segment}]` : walked.length ? `.${segment}` : segment,
		);
		current = next;
	}
	return current === null
		? { found: false, foundPath: walked.join(''), available: 'null' }
		: { found: true, value: current };
}

function step(current: unknown, segment: PathSegment): unknown {
	if (typeof segment === 'number') return Array.isArray(current) ? current[segment] : undefined;
	if (current !== null && typeof current === 'object' && !Array.isArray(current)) {
		return Object.prototype.hasOwnProperty.call(current, segment)
			? (current as Record<string, unknown>)[segment]
			: undefined;
	}
	return undefined;
}

/** Longest key a message shows: answers are not ours, and a key can be megabytes long. */
export const MAX_SHOWN_KEY = 40;

/**
 * A key as messages show it: control characters as spaces; a longer key only by its length (not
 * cut: its start could be the start of a token used as a key, a secret that redaction then misses).
 */
function shownKey(key: string): string {
	if (key.length > MAX_SHOWN_KEY) return `(a key of ${key.length} characters)`;
	// eslint-disable-next-line no-control-regex -- matching control characters is the point
	return key.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** What is at a place in a response, told by shape only: keys of an object, length of a list, type of a value. */
export function describeShape(value: unknown): string {
	if (Array.isArray(value)) return `a list of ${value.length} item(s)`;
	if (value === null) return 'null';
	if (typeof value === 'object') {
		const keys = Object.keys(value as object);
		if (keys.length === 0) return 'an empty object';
		const shown = keys.slice(0, 20).map(shownKey).join(', ');
		return `keys: ${shown}${keys.length > 20 ? `, … (${keys.length} keys)` : ''}`;
	}
	return `a ${typeof value}`;
}
