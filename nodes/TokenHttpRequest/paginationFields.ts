import type { INodeProperties } from 'n8n-workflow';

import { choices, optionGroup } from './fieldShapes';

/** Options > Pagination, with the names, modes and defaults of n8n's HTTP Request node. */
export const paginationOption: INodeProperties = optionGroup(
	{ displayName: 'Pagination', name: 'pagination', placeholder: 'Add pagination' },
	// Alphabetical, as n8n's lint requires (n8n's own node orders them by use). Inside optionGroup
	// the lint cannot see them: test/unit/nodes/descriptionRules.test.ts checks the order.
	[
		{
			displayName: 'Complete Expression',
			name: 'completeExpression',
			type: 'string',
			displayOptions: { show: { paginationCompleteWhen: ['other'] } },
			default: '',
			placeholder: '={{ !$response.body.next }}',
			description: 'Should evaluate to true when pagination is complete',
		},
		{
			displayName: 'Interval Between Requests (Ms)',
			name: 'requestInterval',
			type: 'number',
			displayOptions: { hide: { paginationMode: ['off'] } },
			default: 0,
			description: 'Time in milliseconds to wait between requests',
			hint: 'At 0 no delay will be added',
			typeOptions: { minValue: 0 },
		},
		{
			displayName: 'Limit Pages Fetched',
			name: 'limitPagesFetched',
			type: 'boolean',
			typeOptions: { noDataExpression: true },
			displayOptions: { hide: { paginationMode: ['off'] } },
			default: false,
			noDataExpression: true,
			description: 'Whether the number of requests should be limited',
		},
		{
			displayName: 'Max Pages',
			name: 'maxRequests',
			type: 'number',
			typeOptions: { noDataExpression: true },
			displayOptions: { show: { limitPagesFetched: [true] } },
			default: 100,
			description: 'Maximum amount of request to be make',
		},
		{
			displayName: 'Next URL',
			name: 'nextURL',
			type: 'string',
			displayOptions: { show: { paginationMode: ['responseContainsNextURL'] } },
			default: '',
			placeholder: '={{ $response.body.next }}',
			description:
				"Should evaluate to the URL of the next page: a path or a URL on the credential's host (others are refused)",
		},
		{
			displayName: 'Pagination Complete When',
			name: 'paginationCompleteWhen',
			type: 'options',
			typeOptions: { noDataExpression: true },
			displayOptions: { hide: { paginationMode: ['off'] } },
			options: choices({
				'Response Is Empty': 'responseIsEmpty',
				'Receive Specific Status Code(s)': 'receiveSpecificStatusCodes',
				Other: 'other',
			}),
			default: 'responseIsEmpty',
			description: 'When should no further requests be made?',
		},
		{
			displayName: 'Pagination Mode',
			name: 'paginationMode',
			type: 'options',
			typeOptions: { noDataExpression: true },
			options: choices({
				Off: 'off',
				'Update a Parameter in Each Request': 'updateAParameterInEachRequest',
				'Response Contains Next URL': 'responseContainsNextURL',
			}),
			default: 'updateAParameterInEachRequest',
			description: 'If pagination should be used',
		},
		{
			displayName: 'Parameters',
			name: 'parameters',
			type: 'fixedCollection',
			displayOptions: { show: { paginationMode: ['updateAParameterInEachRequest'] } },
			typeOptions: { multipleValues: true, noExpression: true },
			placeholder: 'Add Parameter',
			default: { parameters: [{ type: 'qs', name: '', value: '' }] },
			options: [
				{
					name: 'parameters',
					displayName: 'Parameter',
					values: [
						{
							displayName: 'Type',
							name: 'type',
							type: 'options',
							options: choices({ Body: 'body', Header: 'headers', Query: 'qs' }),
							default: 'qs',
							description: 'Where the parameter should be set',
						},
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
							placeholder: 'e.g page',
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							hint: 'Use expression mode and $response to access response data',
						},
					],
				},
			],
		},
		{
			displayName: 'Status Code(s) When Complete',
			name: 'statusCodesWhenComplete',
			type: 'string',
			typeOptions: { noDataExpression: true },
			displayOptions: { show: { paginationCompleteWhen: ['receiveSpecificStatusCodes'] } },
			default: '',
			description: 'Accepts comma-separated values',
		},
		{
			displayName:
				'Use the $response variables to access the data of the previous response, and $pageCount for the number of pages fetched so far. The token is checked before every page.',
			name: 'paginationNotice',
			displayOptions: { hide: { paginationMode: ['off'] } },
			type: 'notice',
			default: '',
		},
	],
);

/** Options > Proxy and Lowercase Headers, as n8n's HTTP Request node has them. */
export const connectionOptions: INodeProperties[] = [
	{
		displayName: 'Lowercase Headers',
		name: 'lowercaseHeaders',
		type: 'boolean',
		default: true,
		description: 'Whether to lowercase header names',
	},
	{
		displayName: 'Proxy',
		name: 'proxy',
		type: 'string',
		default: '',
		placeholder: 'e.g. http://myproxy:3128',
		description:
			"HTTP proxy for the calls, e.g. http://user:pass@proxy:3128 (the login uses n8n's proxy settings). Its password never appears in errors.",
	},
];
