import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { batching, buildItemRequest } from '../../../../nodes/TokenHttpRequest/buildRequest';
import { config, thrown } from '../../fixtures';
import { nodeContext } from '../../nodeContext';

const build = (parameters: IDataObject) => buildItemRequest(nodeContext(parameters), config(), 0);
/** A request with a body, described by these parameters. */
const sending = (method: string, body: IDataObject) =>
	build({ method, url: '/x', sendBody: true, ...body });

describe('buildItemRequest', () => {
	it('a bare GET: the path on the Base URL, no headers, the default timeout, response and redirects', () => {
		expect(build({ url: ' /accounts ' })).toEqual({
			request: {
				method: 'GET',
				url: 'https://api.example-bank.com/accounts',
				headers: {},
				timeout: 300_000,
			},
			response: {
				fullResponse: false,
				neverError: false,
				responseFormat: 'autodetect',
				outputPropertyName: 'data',
			},
			followRedirects: true,
			maxRedirects: 21,
			upload: false,
		});
	});

	it('an absolute URL is kept as it is (the host guard decides later)', () => {
		expect(build({ url: 'https://elsewhere.example.com/x' }).request.url).toBe(
			'https://elsewhere.example.com/x',
		);
	});

	it('an empty URL is a clear error naming the field', () => {
		const error = thrown<NodeOperationError>(() => build({ url: '  ' }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'URL: expected a path such as /accounts, or an absolute URL on the API host',
		);
	});

	it('query from JSON, headers from the list (unnamed rows left out), a JSON body from fields', () => {
		const { request } = build({
			method: 'PATCH',
			url: '/echo',
			sendQuery: true,
			specifyQuery: 'json',
			jsonQuery: '{"page": 2, "q": "a b"}',
			sendHeaders: true,
			headerParameters: {
				parameters: [
					{ name: 'X-Trace', value: 't1' },
					{ name: '', value: 'ignored' },
				],
			},
			sendBody: true,
			bodyParameters: { parameters: [{ name: 'name', value: 'Ada' }] },
		});
		expect(request).toEqual({
			method: 'PATCH',
			url: 'https://api.example-bank.com/echo',
			qs: { page: 2, q: 'a b' },
			// Lowercase Headers is on by default, as in n8n's HTTP Request node
			headers: { 'x-trace': 't1', 'Content-Type': 'application/json' },
			body: { name: 'Ada' },
			json: true,
			timeout: 300_000,
		});
	});

	it('a form body is URL-encoded, objects as JSON text', () => {
		const { request } = sending('POST', {
			contentType: 'form-urlencoded',
			specifyBody: 'json',
			jsonBody: { a: '1 2', nested: { b: true } },
		});
		expect(request.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' });
		expect(request.body).toBe('a=1+2&nested=%7B%22b%22%3Atrue%7D');
		expect(request.json).toBeUndefined();
	});

	it('a raw body is sent as written, with its content type', () => {
		const { request } = sending('PUT', {
			contentType: 'raw',
			rawContentType: 'text/csv',
			body: 'a,b\n1,2',
		});
		expect(request.headers).toEqual({ 'Content-Type': 'text/csv' });
		expect(request.body).toBe('a,b\n1,2');
	});

	it.each([
		['sendQuery', 'specifyQuery', 'jsonQuery', 'Query JSON'],
		['sendHeaders', 'specifyHeaders', 'jsonHeaders', 'Headers JSON'],
		['sendBody', 'specifyBody', 'jsonBody', 'Body JSON'],
	])('%s with JSON that is not an object names the field', (send, specify, json, label) => {
		for (const value of ['[1, 2]', '{not json', '"text"']) {
			const error = thrown<NodeOperationError>(() =>
				build({ url: '/x', [send]: true, [specify]: 'json', [json]: value }),
			);
			expect(error.message).toBe(`${label}: expected a JSON object`);
			expect(error.description).toBe('Example: {"key": "value"}');
		}
	});

	it('the options: timeout, response handling and redirects', () => {
		expect(
			build({
				url: '/x',
				options: {
					timeout: 5000,
					response: {
						response: {
							fullResponse: true,
							neverError: true,
							responseFormat: 'text',
							outputPropertyName: 'raw',
						},
					},
					redirect: { redirect: { followRedirects: false, maxRedirects: 3 } },
				},
			}),
		).toMatchObject({
			request: { timeout: 5000 },
			response: {
				fullResponse: true,
				neverError: true,
				responseFormat: 'text',
				outputPropertyName: 'raw',
			},
			followRedirects: false,
			maxRedirects: 3,
		});
	});
});

describe('buildItemRequest: Send Headers are checked before anything is sent (issue 14, defect 7)', () => {
	const withHeaders = (parameters: Array<{ name: string; value: string }>) =>
		thrown<NodeOperationError>(() =>
			build({ url: '/x', sendHeaders: true, headerParameters: { parameters } }),
		);

	it.each(['X Trace', 'X-Trace:', 'X-\nTrace', 'Tök'])('a name such as %j is refused', (name) => {
		const error = withHeaders([
			{ name: 'X-Ok', value: '1' },
			{ name, value: '1' },
		]);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			`Send Headers: header 2 has a name of ${name.length} character(s) with characters a header name cannot have (spaces, colons, line breaks, …); nothing was sent`,
		);
		expect(error.message).not.toContain(name);
	});

	it.each(['a\r\nX-Injected: 1', 'a\nb', 'a\u0000b'])('a value such as %j is refused', (value) => {
		expect(withHeaders([{ name: 'X-Note', value }]).message).toBe(
			'Send Headers: header 1 has a value with a line break or a NUL character; nothing was sent',
		);
	});

	it('JSON headers are checked the same way', () => {
		const error = thrown<NodeOperationError>(() =>
			build({
				url: '/x',
				sendHeaders: true,
				specifyHeaders: 'json',
				jsonHeaders: '{"X-Note": "a\\r\\nb"}',
			}),
		);
		expect(error.message).toBe(
			'Send Headers: header 1 has a value with a line break or a NUL character; nothing was sent',
		);
	});
});

describe('batching', () => {
	it('50 items at a time, no pause, unless set', () => {
		expect(batching(nodeContext({}))).toEqual({ batchSize: 50, batchInterval: 0 });
		expect(
			batching(
				nodeContext({ options: { batching: { batch: { batchSize: 5, batchInterval: 200 } } } }),
			),
		).toEqual({ batchSize: 5, batchInterval: 200 });
	});

	it('a batch size below 1 is 1, a negative pause is none', () => {
		expect(
			batching(
				nodeContext({ options: { batching: { batch: { batchSize: 0, batchInterval: -5 } } } }),
			),
		).toEqual({ batchSize: 1, batchInterval: 0 });
	});
});
