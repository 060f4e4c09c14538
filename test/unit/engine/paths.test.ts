import { describeShape, MAX_SHOWN_KEY, parsePath, readPath } from '../../../shared/engine';

describe('paths', () => {
	it('parses dots, indexes and a leading $.', () => {
		expect(parsePath('data.session.token', 'sessionPath')).toEqual(['data', 'session', 'token']);
		expect(parsePath('data.tokens[0].value', 'sessionPath')).toEqual([
			'data',
			'tokens',
			0,
			'value',
		]);
		expect(parsePath('[1].t', 'sessionPath')).toEqual([1, 't']);
		expect(parsePath('$.access_token', 'sessionPath')).toEqual(['access_token']);
	});

	it.each(['a..b', 'a.', '.a', 'a[x]', 'a[0', 'a]'])('rejects %s', (path) => {
		expect(() => parsePath(path, 'sessionPath')).toThrow(/not a valid path/);
	});

	it('reads nested values and lists', () => {
		const data = { data: { tokens: [{ value: 't1' }, { value: 't2' }] } };
		expect(readPath(data, ['data', 'tokens', 1, 'value'])).toEqual({ found: true, value: 't2' });
	});

	it('says where a path stops and what is there, by keys only', () => {
		const data = { data: { user: { id: 1 }, session: { other: 'secret-value' } } };
		const lookup = readPath(data, ['data', 'session', 'token']);
		expect(lookup).toEqual({ found: false, foundPath: 'data.session', available: 'keys: other' });
		expect(JSON.stringify(lookup)).not.toContain('secret-value');
		expect(readPath({ a: [1] }, ['a', 3])).toEqual({
			found: false,
			foundPath: 'a',
			available: 'a list of 1 item(s)',
		});
		expect(readPath({ a: null }, ['a'])).toMatchObject({ found: false });
		expect(readPath('text', ['a'])).toEqual({
			found: false,
			foundPath: '(top level)',
			available: 'a string',
		});
	});

	it('does not walk into inherited properties', () => {
		expect(readPath({}, ['constructor'])).toMatchObject({ found: false });
	});

	it('describes shapes without values', () => {
		expect(describeShape({})).toBe('an empty object');
		const many = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, i]));
		expect(describeShape(many)).toMatch(/k19, … \(25 keys\)$/);
	});
});

describe('describeShape: keys an answer chose (issue 14, defect 8)', () => {
	it('a key longer than MAX_SHOWN_KEY is shown by its length only', () => {
		const key = 'k'.repeat(10 * 1024 * 1024);
		const shown = describeShape({ [key]: 1, short: 2 });
		expect(shown).toBe('keys: (a key of 10485760 characters), short');
		expect(describeShape({ ['x'.repeat(MAX_SHOWN_KEY)]: 1 })).toBe(`keys: ${'x'.repeat(40)}`);
	});

	it('control characters in a key are shown as spaces', () => {
		expect(describeShape({ 'a\r\nb': 1 })).toBe('keys: a  b');
	});
});
