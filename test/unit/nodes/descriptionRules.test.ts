/**
 * What n8n's lint (eslint-plugin-n8n-nodes-base, run by `npm run lint` and the verification scanner)
 * checks on option lists, checked on the descriptions as n8n gets them. The lint reads only lists
 * written out in the source; the ones built by nodes/TokenHttpRequest/fieldShapes.ts (`choices`,
 * `optionGroup`) and the Method list it cannot see. The rules, as that plugin has them:
 * node-param-options-type-unsorted-items, node-param-default-wrong-for-options,
 * node-param-option-name-duplicate, node-param-option-value-duplicate,
 * node-param-option-name-containing-star, node-param-collection-type-unsorted-items and
 * node-param-fixed-collection-type-unsorted-items.
 */
import type {
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeTypeDescription,
} from 'n8n-workflow';

import { TokenHttpRequest } from '../../../nodes/TokenHttpRequest/TokenHttpRequest.node';
import { TokenStatus } from '../../../nodes/TokenStatus/TokenStatus.node';

/** The plugin's MIN_ITEMS_TO_ALPHABETIZE: shorter lists may keep the order of use. */
const MIN_ITEMS_TO_ALPHABETIZE = 5;
const VERSION = /^v\d+\.\d+$/;

/** The plugin's optionComparator: by label, versions (v1.2) newest first. */
function byLabel(a: string, b: string): number {
	if (VERSION.test(a)) {
		if (a === b) return 0;
		return parseFloat(a.slice(1)) > parseFloat(b.slice(1)) ? -1 : 1;
	}
	return a.localeCompare(b);
}

function unsorted(labels: string[]): string | undefined {
	const sorted = [...labels].sort(byLabel);
	return sorted.some((label, i) => label !== labels[i]) ? sorted.join(' | ') : undefined;
}

function duplicate(values: unknown[]): unknown {
	return values.find((value, i) => values.indexOf(value) !== i);
}

function optionListProblems(at: string, param: INodeProperties): string[] {
	const options = (param.options ?? []) as INodePropertyOptions[];
	const labels = options.map((option) => option.name);
	const values = options.map((option) => option.value);
	const problems: string[] = [];
	const order = unsorted(labels);
	const numbered = /^\d+$/.test(String(values[0]));
	if (options.length >= MIN_ITEMS_TO_ALPHABETIZE && !numbered && order) {
		problems.push(`${at}: options not alphabetized, want ${order}`);
	}
	if (param.type === 'options' && !param.typeOptions?.loadOptionsMethod) {
		if (!values.includes(param.default as string)) {
			problems.push(`${at}: default ${JSON.stringify(param.default)} is not an option`);
		}
	}
	if (duplicate(labels) !== undefined) problems.push(`${at}: label ${duplicate(labels)} twice`);
	if (duplicate(values) !== undefined) problems.push(`${at}: value ${duplicate(values)} twice`);
	if (labels.includes('*')) problems.push(`${at}: an option is labelled *`);
	return problems;
}

/** Every problem the rules would report, at any depth; `seen` gets the path of each list looked at. */
function problems(params: INodeProperties[], seen: string[] = [], at = ''): string[] {
	const found: string[] = [];
	for (const param of params) {
		const here = `${at}${param.name}`;
		if (param.type === 'options' || param.type === 'multiOptions') {
			seen.push(here);
			found.push(...optionListProblems(here, param));
		}
		if (param.type === 'collection') {
			seen.push(here);
			const options = (param.options ?? []) as INodeProperties[];
			const order = unsorted(options.map((option) => option.displayName));
			if (options.length >= MIN_ITEMS_TO_ALPHABETIZE && order) {
				found.push(`${here}: collection not alphabetized, want ${order}`);
			}
			found.push(...problems(options, seen, `${here}.`));
		}
		if (param.type === 'fixedCollection') {
			for (const section of (param.options ?? []) as INodePropertyCollection[]) {
				seen.push(`${here}.${section.name}`);
				const order = unsorted(section.values.map((value) => value.displayName));
				if (section.values.length >= MIN_ITEMS_TO_ALPHABETIZE && order) {
					found.push(`${here}.${section.name}: values not alphabetized, want ${order}`);
				}
				found.push(...problems(section.values, seen, `${here}.${section.name}.`));
			}
		}
	}
	return found;
}

const nodes: Array<[string, INodeTypeDescription]> = [
	['Token HTTP Request', new TokenHttpRequest().description],
	['Token Status', new TokenStatus().description],
];

describe("n8n's option-list lint rules, on the built node descriptions", () => {
	it.each(nodes)(
		'%s: every list sorted where the rules want it, defaults listed, no repeats',
		(_, description) => {
			expect(problems(description.properties)).toEqual([]);
		},
	);

	it("looks at the lists built outside the lint's sight, at every depth", () => {
		const seen: string[] = [];
		problems(new TokenHttpRequest().description.properties, seen);
		expect(seen).toEqual(
			expect.arrayContaining([
				'method',
				'contentType',
				'specifyQuery',
				'bodyParameters.parameters.parameterType',
				'options',
				'options.pagination.pagination',
				'options.pagination.pagination.paginationMode',
				'options.pagination.pagination.parameters.parameters.type',
				'options.response.response.responseFormat',
			]),
		);
	});

	it('reports an unsorted list, a default not offered and a repeated value', () => {
		const { properties } = new TokenHttpRequest().description;
		const method = properties.find((param) => param.name === 'method') as INodeProperties;
		const options = [...(method.options as INodePropertyOptions[])].reverse();
		expect(problems([{ ...method, options }])).toEqual([
			'method: options not alphabetized, want DELETE | GET | HEAD | OPTIONS | PATCH | POST | PUT',
		]);
		expect(problems([{ ...method, default: 'TRACE' }])).toEqual([
			'method: default "TRACE" is not an option',
		]);
		const repeated = [...(method.options as INodePropertyOptions[]), { name: 'ZZZ', value: 'GET' }];
		expect(problems([{ ...method, options: repeated }])).toEqual(['method: value GET twice']);

		const collection = properties.find((param) => param.name === 'options') as INodeProperties;
		const groups = [...(collection.options as INodeProperties[])].reverse();
		expect(problems([{ ...collection, options: groups }])[0]).toMatch(
			/^options: collection not alphabetized/,
		);
	});
});
