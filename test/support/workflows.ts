/** Workflow JSON as `n8n import:workflow` takes it, built from a few node shapes. */
import type { ImportWorkflow } from './realN8n';

export const PACKAGE = 'n8n-nodes-login-token';

type NodeJson = Record<string, unknown> & { name: string };

export function manualTrigger(): NodeJson {
	return {
		id: 'trigger',
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

/** N items with ids 1..N: a Set node writes the list, Split Out makes one item per id. */
export function itemsOf(count: number): NodeJson[] {
	const ids = Array.from({ length: count }, (_, i) => i + 1);
	return [
		{
			id: 'ids',
			name: 'Ids',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ ids }) },
		},
		{
			id: 'split',
			name: 'One Item Per Id',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [400, 0],
			parameters: { fieldToSplitOut: 'ids' },
		},
	];
}

export function credentialRef(id: string): Record<string, unknown> {
	return { loginTokenApi: { id, name: id } };
}

export function tokenRequest(
	credentialId: string,
	parameters: Record<string, unknown>,
	name = 'Call API',
): NodeJson {
	return {
		id: 'request',
		name,
		type: `${PACKAGE}.tokenHttpRequest`,
		typeVersion: 1,
		position: [600, 0],
		parameters,
		credentials: credentialRef(credentialId),
	};
}

export function tokenStatus(
	credentialId: string,
	parameters: Record<string, unknown>,
	name = 'Token Status',
): NodeJson {
	return {
		id: 'status',
		name,
		type: `${PACKAGE}.tokenStatus`,
		typeVersion: 1,
		position: [600, 200],
		parameters,
		credentials: credentialRef(credentialId),
	};
}

/** A straight line of nodes, each feeding the next. */
export function chain(id: string, nodes: NodeJson[]): ImportWorkflow {
	const connections: Record<string, unknown> = {};
	nodes.slice(0, -1).forEach((node, i) => {
		connections[node.name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	});
	return { id, name: id, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** n8n's own HTTP Request node using the Login Token API credential (n8n then handles the token reactively). */
export function stockHttpRequest(
	credentialId: string,
	url: string,
	name = 'Stock HTTP Request',
	extra: Record<string, unknown> = {},
): NodeJson {
	return {
		id: 'stock',
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [600, 0],
		parameters: {
			url,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'loginTokenApi',
			options: {},
			...extra,
		},
		credentials: credentialRef(credentialId),
	};
}
