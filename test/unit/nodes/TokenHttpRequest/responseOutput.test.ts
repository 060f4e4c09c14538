import type { IDataObject } from 'n8n-workflow';

import type { ResponseOptions } from '../../../../nodes/TokenHttpRequest/buildRequest';
import { bodyText, responseToItems } from '../../../../nodes/TokenHttpRequest/responseOutput';
import { nodeContext } from '../../nodeContext';

const TOKEN = 'tok-secret-123456';
const OPTIONS: ResponseOptions = {
	fullResponse: false,
	neverError: false,
	responseFormat: 'autodetect',
	outputPropertyName: 'data',
};

const answer = (contentType: string, body: string | Buffer, statusCode = 200) => ({
	body: typeof body === 'string' ? Buffer.from(body) : body,
	headers: contentType ? ({ 'content-type': contentType } as IDataObject) : {},
	statusCode,
	statusMessage: 'OK',
});
const items = (response: ReturnType<typeof answer>, options: Partial<ResponseOptions> = {}) =>
	responseToItems(nodeContext({}), response, { ...OPTIONS, ...options }, 3, [TOKEN]);

describe('responseToItems', () => {
	it('a JSON list: one item per entry, other values under the output property, each paired', async () => {
		expect(await items(answer('application/json', '[{"id":1},{"id":2},7]'))).toEqual([
			{ json: { id: 1 }, pairedItem: { item: 3 } },
			{ json: { id: 2 }, pairedItem: { item: 3 } },
			{ json: { data: 7 }, pairedItem: { item: 3 } },
		]);
	});

	it('a token the API echoes is scrubbed from the body and the headers', async () => {
		const response = answer('application/json', `{"you":{"sent":"Bearer ${TOKEN}"}}`);
		response.headers['x-echo'] = TOKEN;
		expect(await items(response)).toEqual([
			{ json: { you: { sent: 'Bearer [redacted]' } }, pairedItem: { item: 3 } },
		]);
		expect(await items(response, { fullResponse: true })).toEqual([
			{
				json: {
					body: { you: { sent: 'Bearer [redacted]' } },
					headers: { 'content-type': 'application/json', 'x-echo': '[redacted]' },
					statusCode: 200,
					statusMessage: 'OK',
				},
				pairedItem: { item: 3 },
			},
		]);
	});

	it('text (and no content type) goes under the output property, as text', async () => {
		expect(await items(answer('text/plain', 'hello'))).toEqual([
			{ json: { data: 'hello' }, pairedItem: { item: 3 } },
		]);
		expect(await items(answer('', '{"a":1}'), { outputPropertyName: 'raw' })).toEqual([
			{ json: { raw: '{"a":1}' }, pairedItem: { item: 3 } },
		]);
	});

	it('JSON that does not parse: text when detected, a clear error when JSON was asked for', async () => {
		expect(await items(answer('application/json', '{oops'))).toEqual([
			{ json: { data: '{oops' }, pairedItem: { item: 3 } },
		]);
		await expect(
			items(answer('text/html', '<p>x</p>'), { responseFormat: 'json' }),
		).rejects.toThrow(
			'The response is not valid JSON (content type text/html); choose Response Format: Text to read it as text',
		);
	});

	it('anything else is a file under the output property; the full response adds the metadata', async () => {
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
		expect(await items(answer('image/png', png))).toEqual([
			{
				json: {},
				binary: { data: { data: png.toString('base64'), mimeType: 'image/png' } },
				pairedItem: { item: 3 },
			},
		]);
		const [full] = await items(answer('image/png', png), { fullResponse: true });
		expect(full.json).toEqual({
			headers: { 'content-type': 'image/png' },
			statusCode: 200,
			statusMessage: 'OK',
		});
	});

	it('Response Format: File makes a file even of JSON', async () => {
		const [item] = await items(answer('application/json', '{"a":1}'), { responseFormat: 'file' });
		expect(item.binary?.data.mimeType).toBe('application/json');
		expect(Buffer.from(item.binary?.data.data ?? '', 'base64').toString()).toBe('{"a":1}');
	});
});

describe('bodyText', () => {
	it('reads buffers, strings and parsed values as text', () => {
		expect(bodyText(answer('', 'plain'))).toBe('plain');
		expect(bodyText({ body: 'as is', headers: {}, statusCode: 200 })).toBe('as is');
		expect(bodyText({ body: { a: 1 }, headers: {}, statusCode: 200 })).toBe('{"a":1}');
		expect(bodyText({ body: undefined, headers: {}, statusCode: 204 })).toBe('');
	});
});
