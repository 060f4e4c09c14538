import type { INodeProperties } from 'n8n-workflow';

import { choices } from './fieldShapes';

/** Form-Data and n8n Binary File bodies, with the names and layout of n8n's HTTP Request node. */
export const uploadBodyProperties: INodeProperties[] = [
	{
		displayName: 'Body',
		name: 'bodyParameters',
		type: 'fixedCollection',
		displayOptions: { show: { sendBody: [true], contentType: ['multipart-form-data'] } },
		typeOptions: { multipleValues: true },
		placeholder: 'Add Body Field',
		default: { parameters: [{ name: '', value: '' }] },
		options: [
			{
				name: 'parameters',
				displayName: 'Body Field',
				values: [
					{
						displayName: 'Type',
						name: 'parameterType',
						type: 'options',
						options: choices({ 'Binary File': 'formBinaryData', 'Form Data': 'formData' }),
						default: 'formData',
					},
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						displayOptions: { show: { parameterType: ['formData'] } },
						default: '',
						description: 'Value of the field to set',
					},
					{
						displayName: 'Input Data Field Name',
						name: 'inputDataFieldName',
						type: 'string',
						displayOptions: { show: { parameterType: ['formBinaryData'] } },
						default: '',
						description:
							'The name of the incoming field containing the binary file data to be processed',
					},
				],
			},
		],
	},
	{
		displayName: 'Input Data Field Name',
		name: 'inputDataFieldName',
		type: 'string',
		displayOptions: { show: { sendBody: [true], contentType: ['binaryData'] } },
		default: '',
		placeholder: 'data',
		description:
			'The name of the incoming field containing the binary file data to be processed. The file is the whole body; its MIME type is the Content-Type.',
	},
];
