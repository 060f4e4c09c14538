/**
 * A stand-in for n8n's own HTTP Request node in the integration tests: it makes exactly that node's
 * call (the legacy requestWithAuthentication, uri, GET, redirects followed by n8n) through n8n-core's
 * real request path, one request per input item with the URI in `item.json.uri`.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

export class StockLikeRequest implements INodeType {
	description = {
		displayName: 'Stock Like Request',
		name: 'stockLikeRequest',
		group: ['output'],
		version: 1,
		description: '',
		defaults: {},
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'loginTokenApi', required: true }],
		properties: [],
	} as unknown as INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (const item of this.getInputData()) {
			const body = (await this.helpers.requestWithAuthentication.call(this, 'loginTokenApi', {
				uri: item.json.uri as string,
				method: 'GET',
				json: true,
				followRedirect: true,
				maxRedirects: 21,
			})) as IDataObject;
			out.push({ json: body });
		}
		return [out];
	}
}
