import type { INodeProperties } from 'n8n-workflow';

import { choices, optionGroup, sendSection, sendToggle, specifySection } from './fieldShapes';
import { connectionOptions, paginationOption } from './paginationFields';
import { uploadBodyProperties } from './uploadFields';

/** Defaults named once: the description shows them, buildRequest.ts applies them. */
export const DEFAULT_BATCH_SIZE = 50;
export const DEFAULT_MAX_REDIRECTS = 21;

/** The methods offered, each its own label; alphabetical, as n8n's lint wants an options list. */
const METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

export const tokenHttpRequestProperties: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: METHODS.map((method) => ({ name: method, value: method })),
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
	...sendSection(
		sendToggle('sendQuery', 'Send Query Parameters', 'Whether the request has query params or not'),
		{
			specify: 'specifyQuery',
			specifyLabel: 'Specify Query Parameters',
			list: 'queryParameters',
			listLabel: 'Query Parameters',
			json: 'jsonQuery',
		},
	),
	...sendSection(
		sendToggle('sendHeaders', 'Send Headers', 'Whether the request has headers or not'),
		{
			specify: 'specifyHeaders',
			specifyLabel: 'Specify Headers',
			list: 'headerParameters',
			listLabel: 'Header Parameters',
			json: 'jsonHeaders',
		},
	),
	sendToggle('sendBody', 'Send Body', 'Whether the request has a body or not'),
	{
		displayName: 'Body Content Type',
		name: 'contentType',
		type: 'options',
		displayOptions: { show: { sendBody: [true] } },
		options: choices({
			'Binary File': 'binaryData',
			'Form URL Encoded': 'form-urlencoded',
			'Form-Data': 'multipart-form-data',
			JSON: 'json',
			Raw: 'raw',
		}),
		default: 'json',
		description: 'Content-Type to use to send body parameters',
	},
	...specifySection(
		{ sendBody: [true], contentType: ['json', 'form-urlencoded'] },
		{
			specify: 'specifyBody',
			specifyLabel: 'Specify Body',
			list: 'bodyParameters',
			listLabel: 'Body Parameters',
			json: 'jsonBody',
		},
	),
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
			optionGroup(
				{
					displayName: 'Batching',
					name: 'batching',
					placeholder: 'Add Batching',
					entryName: 'batch',
				},
				[
					{
						displayName: 'Items per Batch',
						name: 'batchSize',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_BATCH_SIZE,
						description:
							'How many items are sent at once. The token is checked (and refreshed if stale) before each batch.',
					},
					{
						displayName: 'Batch Interval (Ms)',
						name: 'batchInterval',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'Time (in milliseconds) between each batch of requests. 0 for disabled.',
					},
				],
			),
			connectionOptions[0],
			paginationOption,
			connectionOptions[1],
			optionGroup(
				{
					displayName: 'Redirects',
					name: 'redirect',
					placeholder: 'Add Redirect',
					entryLabel: 'Redirect',
				},
				[
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
						default: DEFAULT_MAX_REDIRECTS,
						description: 'Max number of redirects to follow',
					},
				],
			),
			optionGroup({ displayName: 'Response', name: 'response', placeholder: 'Add response' }, [
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
					options: choices({ Autodetect: 'autodetect', File: 'file', JSON: 'json', Text: 'text' }),
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
			]),
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
