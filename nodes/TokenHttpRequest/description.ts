import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { connectionOptions, paginationOption } from './paginationFields';
import { uploadBodyProperties } from './uploadFields';

/** Name/value list, shaped like the stock HTTP Request node's so users recognise it. */
function parameterList(
	name: string,
	displayName: string,
	show: IDisplayOptions['show'],
	valueDisplayName = 'Value',
): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Parameter',
		default: { parameters: [{ name: '', value: '' }] },
		displayOptions: { show },
		options: [
			{
				name: 'parameters',
				displayName: 'Parameter',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: valueDisplayName, name: 'value', type: 'string', default: '' },
				],
			},
		],
	};
}

const specifyOptions = [
	{ name: 'Using Fields Below', value: 'keypair' },
	{ name: 'Using JSON', value: 'json' },
];

export const tokenHttpRequestProperties: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: [
			{ name: 'DELETE', value: 'DELETE' },
			{ name: 'GET', value: 'GET' },
			{ name: 'HEAD', value: 'HEAD' },
			{ name: 'OPTIONS', value: 'OPTIONS' },
			{ name: 'PATCH', value: 'PATCH' },
			{ name: 'POST', value: 'POST' },
			{ name: 'PUT', value: 'PUT' },
		],
		default: 'GET',
		description: 'The request method to use',
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: '/accounts',
		description:
			"Path relative to the credential's Base URL, or an absolute URL on the same host. Other hosts are refused, so the token cannot leak.",
	},
	{
		displayName: 'Send Query Parameters',
		name: 'sendQuery',
		type: 'boolean',
		default: false,
		noDataExpression: true,
		description: 'Whether the request has query params or not',
	},
	{
		displayName: 'Specify Query Parameters',
		name: 'specifyQuery',
		type: 'options',
		displayOptions: { show: { sendQuery: [true] } },
		options: specifyOptions,
		default: 'keypair',
	},
	parameterList('queryParameters', 'Query Parameters', {
		sendQuery: [true],
		specifyQuery: ['keypair'],
	}),
	{
		displayName: 'JSON',
		name: 'jsonQuery',
		type: 'json',
		displayOptions: { show: { sendQuery: [true], specifyQuery: ['json'] } },
		default: '',
	},
	{
		displayName: 'Send Headers',
		name: 'sendHeaders',
		type: 'boolean',
		default: false,
		noDataExpression: true,
		description: 'Whether the request has headers or not',
	},
	{
		displayName: 'Specify Headers',
		name: 'specifyHeaders',
		type: 'options',
		displayOptions: { show: { sendHeaders: [true] } },
		options: specifyOptions,
		default: 'keypair',
	},
	parameterList('headerParameters', 'Header Parameters', {
		sendHeaders: [true],
		specifyHeaders: ['keypair'],
	}),
	{
		displayName: 'JSON',
		name: 'jsonHeaders',
		type: 'json',
		displayOptions: { show: { sendHeaders: [true], specifyHeaders: ['json'] } },
		default: '',
	},
	{
		displayName: 'Send Body',
		name: 'sendBody',
		type: 'boolean',
		default: false,
		noDataExpression: true,
		description: 'Whether the request has a body or not',
	},
	{
		displayName: 'Body Content Type',
		name: 'contentType',
		type: 'options',
		displayOptions: { show: { sendBody: [true] } },
		options: [
			{ name: 'Binary File', value: 'binaryData' },
			{ name: 'Form URL Encoded', value: 'form-urlencoded' },
			{ name: 'Form-Data', value: 'multipart-form-data' },
			{ name: 'JSON', value: 'json' },
			{ name: 'Raw', value: 'raw' },
		],
		default: 'json',
		description: 'Content-Type to use to send body parameters',
	},
	{
		displayName: 'Specify Body',
		name: 'specifyBody',
		type: 'options',
		displayOptions: { show: { sendBody: [true], contentType: ['json', 'form-urlencoded'] } },
		options: specifyOptions,
		default: 'keypair',
	},
	parameterList('bodyParameters', 'Body Parameters', {
		sendBody: [true],
		contentType: ['json', 'form-urlencoded'],
		specifyBody: ['keypair'],
	}),
	{
		displayName: 'JSON',
		name: 'jsonBody',
		type: 'json',
		displayOptions: {
			show: { sendBody: [true], contentType: ['json', 'form-urlencoded'], specifyBody: ['json'] },
		},
		default: '',
	},
	...uploadBodyProperties,
	{
		displayName: 'Content Type',
		name: 'rawContentType',
		type: 'string',
		displayOptions: { show: { sendBody: [true], contentType: ['raw'] } },
		default: '',
		placeholder: 'text/plain',
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		displayOptions: { show: { sendBody: [true], contentType: ['raw'] } },
		default: '',
		placeholder: '',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Batching',
				name: 'batching',
				placeholder: 'Add Batching',
				type: 'fixedCollection',
				typeOptions: { multipleValues: false },
				default: { batch: {} },
				options: [
					{
						displayName: 'Batching',
						name: 'batch',
						values: [
							{
								displayName: 'Items per Batch',
								name: 'batchSize',
								type: 'number',
								typeOptions: { minValue: 1 },
								default: 50,
								description:
									'How many items are sent at once. The token is checked (and refreshed if stale) before each batch.',
							},
							{
								displayName: 'Batch Interval (Ms)',
								name: 'batchInterval',
								type: 'number',
								typeOptions: { minValue: 0 },
								default: 0,
								description:
									'Time (in milliseconds) between each batch of requests. 0 for disabled.',
							},
						],
					},
				],
			},
			connectionOptions[0],
			paginationOption,
			connectionOptions[1],
			{
				displayName: 'Redirects',
				name: 'redirect',
				placeholder: 'Add Redirect',
				type: 'fixedCollection',
				typeOptions: { multipleValues: false },
				default: { redirect: {} },
				options: [
					{
						displayName: 'Redirect',
						name: 'redirect',
						values: [
							{
								displayName: 'Follow Redirects',
								name: 'followRedirects',
								type: 'boolean',
								default: true,
								noDataExpression: true,
								description:
									'Whether to follow redirects. A redirect to another host is followed without the token.',
							},
							{
								displayName: 'Max Redirects',
								name: 'maxRedirects',
								type: 'number',
								displayOptions: { show: { followRedirects: [true] } },
								default: 21,
								description: 'Max number of redirects to follow',
							},
						],
					},
				],
			},
			{
				displayName: 'Response',
				name: 'response',
				placeholder: 'Add response',
				type: 'fixedCollection',
				typeOptions: { multipleValues: false },
				default: { response: {} },
				options: [
					{
						displayName: 'Response',
						name: 'response',
						values: [
							{
								displayName: 'Include Response Headers and Status',
								name: 'fullResponse',
								type: 'boolean',
								default: false,
								description:
									'Whether to return the full response (headers and response status code) data instead of only the body',
							},
							{
								displayName: 'Never Error',
								name: 'neverError',
								type: 'boolean',
								default: false,
								description: 'Whether to succeed also when the status code is not 2xx',
							},
							{
								displayName: 'Response Format',
								name: 'responseFormat',
								type: 'options',
								noDataExpression: true,
								options: [
									{ name: 'Autodetect', value: 'autodetect' },
									{ name: 'File', value: 'file' },
									{ name: 'JSON', value: 'json' },
									{ name: 'Text', value: 'text' },
								],
								default: 'autodetect',
								description: 'The format in which the data gets returned from the URL',
							},
							{
								displayName: 'Put Output in Field',
								name: 'outputPropertyName',
								type: 'string',
								default: 'data',
								required: true,
								displayOptions: { show: { responseFormat: ['file', 'text'] } },
								description:
									'Name of the binary property (file) or JSON field (text) to which to write the response',
							},
						],
					},
				],
			},
			{
				displayName: 'Timeout',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10000,
				description:
					'Time in ms to wait for the server to send response headers (and start the response body) before aborting the request. The request is not sent again.',
			},
		],
	},
];
