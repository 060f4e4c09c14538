import type { IExecuteFunctions } from 'n8n-workflow';

import { param } from '../../../../nodes/TokenHttpRequest/parameters';

/** A context whose getNodeParameter counts its calls and returns "<name>@<item>". */
function context(parameters: Record<string, unknown>) {
	const calls: string[] = [];
	const ctx = {
		getNode: () => ({ parameters }),
		getNodeParameter: (name: string, itemIndex: number) => {
			calls.push(`${name}@${itemIndex}`);
			return `${name}@${itemIndex}`;
		},
	} as unknown as IExecuteFunctions;
	return { ctx, calls };
}

describe('node parameters read once unless they hold an expression', () => {
	it('a fixed value is read once per execution; an expression for every item', () => {
		const { ctx, calls } = context({
			method: 'POST',
			url: '={{ "/items/" + $json.id }}',
			options: { timeout: 5, response: { response: { outputPropertyName: '={{ 1 }}' } } },
			queryParameters: { parameters: [{ name: 'a', value: 'b' }] },
		});
		for (const item of [0, 1, 2]) {
			expect(param(ctx, 'method', item)).toBe('method@0');
			expect(param(ctx, 'url', item)).toBe(`url@${item}`);
			expect(param(ctx, 'options', item)).toBe(`options@${item}`);
			expect(param(ctx, 'queryParameters.parameters', item)).toBe('queryParameters.parameters@0');
		}
		expect(calls).toEqual([
			'method@0',
			'url@0',
			'options@0',
			'queryParameters.parameters@0',
			'url@1',
			'options@1',
			'url@2',
			'options@2',
		]);
	});

	it('each execution (context) has its own cache', () => {
		const parameters = { method: 'GET' };
		const first = context(parameters);
		const second = context(parameters);
		param(first.ctx, 'method', 0);
		param(second.ctx, 'method', 0);
		expect([first.calls, second.calls]).toEqual([['method@0'], ['method@0']]);
	});
});
