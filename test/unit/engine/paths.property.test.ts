import fc from 'fast-check';

import {
	describeShape,
	isLoginTokenError,
	parsePath,
	readPath,
	type PathSegment,
} from '../../../shared/engine';

/** A key as a user can write it in a path: no dots or brackets, not starting with $ or blanks. */
const key = fc
	.string({ minLength: 1, maxLength: 12 })
	.filter((k) => !/[.[\]]/.test(k) && k.trim() === k && !k.startsWith('$'));
const segments = fc.array(fc.oneof(key, fc.nat({ max: 20 })), { minLength: 1, maxLength: 6 });

function pathText(parts: PathSegment[]): string {
	return parts
		.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
		.join('');
}

/** An object that holds `value` at `parts`. */
function holding(parts: PathSegment[], value: unknown): unknown {
	return parts.reduceRight<unknown>((inner, part) => {
		if (typeof part === 'number') {
			const list: unknown[] = Array.from({ length: part }, () => null);
			list[part] = inner;
			return list;
		}
		return { [part]: inner };
	}, value);
}

describe('paths (property-based)', () => {
	it('parsePath of any text returns segments or a config LoginTokenError, nothing else', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 40 }), (text) => {
				try {
					const parsed = parsePath(text, 'sessionPath');
					expect(parsed.length).toBeGreaterThan(0);
				} catch (error) {
					expect(isLoginTokenError(error) && error.kind === 'config').toBe(true);
					expect((error as Error).message.startsWith('Token Path: ')).toBe(true);
				}
			}),
		);
	});

	it('a path written from segments parses back to them (with or without a leading $.)', () => {
		fc.assert(
			fc.property(segments, fc.boolean(), (parts, dollar) => {
				const text = pathText(parts);
				if (typeof parts[0] === 'number') return; // a path cannot start with a list index
				expect(parsePath(dollar ? `$.${text}` : text, 'sessionPath')).toEqual(parts);
			}),
		);
	});

	it('a key that itself starts with $ is kept ("$type"); "$." and "$[" are the JSONPath root', () => {
		expect(parsePath('$type.id', 'sessionPath')).toEqual(['$type', 'id']);
		expect(parsePath('$.a', 'sessionPath')).toEqual(['a']);
		expect(parsePath('$[0].a', 'sessionPath')).toEqual([0, 'a']);
	});

	it('readPath finds a value placed at the path, and never throws on any data', () => {
		fc.assert(
			fc.property(segments, fc.oneof(fc.string(), fc.integer(), fc.boolean()), (parts, value) => {
				expect(readPath(holding(parts, value), parts)).toEqual({ found: true, value });
			}),
		);
		fc.assert(
			fc.property(fc.anything(), segments, (data, parts) => {
				const lookup = readPath(data, parts);
				if (!lookup.found) {
					expect(typeof lookup.foundPath).toBe('string');
					expect(typeof lookup.available).toBe('string');
				}
			}),
		);
	});

	it('describeShape never shows a value, only keys, lengths and types', () => {
		const secret = fc.string({ minLength: 8 }).map((s) => `SECRET${s}`);
		fc.assert(
			fc.property(
				fc.letrec((tie) => ({
					node: fc.oneof(
						{ depthSize: 'small' },
						secret,
						fc.integer(),
						fc.array(tie('node'), { maxLength: 4 }),
						fc.dictionary(key, tie('node'), { maxKeys: 4 }),
					),
				})).node,
				(data) => {
					expect(describeShape(data)).not.toContain('SECRET');
				},
			),
		);
	});
});
