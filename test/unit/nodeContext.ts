/**
 * A stand-in for the IExecuteFunctions a node's helpers read: parameters by (dotted) name with the
 * caller's fallback, the node, and prepareBinaryData. Enough for the pure parts of the nodes; the
 * real request path is tested through n8n-core in test/integration.
 */
import type { IBinaryData, IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

const NODE: INode = {
	id: 'node-1',
	name: 'Token HTTP Request',
	type: 'n8n-nodes-login-token.tokenHttpRequest',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export function nodeContext(parameters: IDataObject): IExecuteFunctions {
	const read = (name: string, _itemIndex: number, fallback?: unknown): unknown => {
		let value: unknown = parameters;
		for (const key of name.split('.')) value = (value as IDataObject | undefined)?.[key];
		return value === undefined ? fallback : value;
	};
	const prepareBinaryData = async (
		buffer: Buffer,
		_fileName?: string,
		mimeType?: string,
	): Promise<IBinaryData> => ({
		data: buffer.toString('base64'),
		mimeType: mimeType ?? 'application/octet-stream',
	});
	return {
		getNodeParameter: read,
		getNode: () => NODE,
		helpers: { prepareBinaryData },
	} as unknown as IExecuteFunctions;
}
