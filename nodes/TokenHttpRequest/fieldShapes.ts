import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * An options list written label: value, in the order given. Labels are keys, so none can repeat;
 * none may be all digits, as JavaScript moves such keys to the front. n8n's lint cannot read a list
 * built here, so test/unit/nodes/descriptionRules.test.ts checks what its option rules check:
 * sorted by label from five options on, values unique, the default among them.
 */
export function choices(labelToValue: Record<string, string>): INodePropertyOptions[] {
	return Object.entries(labelToValue).map(([name, value]) => ({ name, value }));
}

/** Name/value list, shaped like the stock HTTP Request node's so users recognise it. */
export function parameterList(
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

/** A "Send …" toggle: whether the request has this part (query, headers, body) at all. */
export function sendToggle(
	name: string,
	displayName: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'boolean',
		default: false,
		noDataExpression: true,
		description,
	};
}

/** The names and labels of a send-section's fields: its fields-or-JSON choice, list and JSON field. */
type SectionNames = {
	specify: string;
	specifyLabel: string;
	list: string;
	listLabel: string;
	json: string;
};

/** A send-section whose fields follow its toggle directly (query, headers): shown while it is on. */
export function sendSection(toggle: INodeProperties, names: SectionNames): INodeProperties[] {
	return [toggle, ...specifySection({ [toggle.name]: [true] }, names)];
}

/**
 * The rest of a send-section, as the stock node has it: how the values are given (fields or JSON),
 * the name/value list, and the JSON field, each shown only under `show`.
 */
export function specifySection(
	show: NonNullable<IDisplayOptions['show']>,
	names: SectionNames,
): INodeProperties[] {
	return [
		{
			displayName: names.specifyLabel,
			name: names.specify,
			type: 'options',
			displayOptions: { show },
			options: choices({ 'Using Fields Below': 'keypair', 'Using JSON': 'json' }),
			default: 'keypair',
		},
		parameterList(names.list, names.listLabel, { ...show, [names.specify]: ['keypair'] }),
		{
			displayName: 'JSON',
			name: names.json,
			type: 'json',
			displayOptions: { show: { ...show, [names.specify]: ['json'] } },
			default: '',
		},
	];
}

/**
 * An Options entry that holds one group of values (Batching, Pagination, Redirects, Response). The
 * group's one entry has the group's label and name, but where n8n's HTTP Request node names it
 * otherwise (`entryLabel`, `entryName`): the same parameter names let workflows move between them.
 */
export function optionGroup(
	group: {
		displayName: string;
		name: string;
		placeholder: string;
		entryLabel?: string;
		entryName?: string;
	},
	values: INodeProperties[],
): INodeProperties {
	const { entryLabel = group.displayName, entryName = group.name, ...outer } = group;
	return {
		...outer,
		type: 'fixedCollection',
		typeOptions: { multipleValues: false },
		default: { [entryName]: {} },
		options: [{ displayName: entryLabel, name: entryName, values }],
	};
}
