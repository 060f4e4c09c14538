/** Workflow JSON as `n8n import:workflow` takes it, built from a few node shapes. */
import { workflowNode } from './nodeJson';
import type { ImportWorkflow } from './realN8n';

export const PACKAGE = 'n8n-nodes-login-token';

/** A workflow node as the builders below take and return it. */
export type NodeJson = Record<string, unknown> & { name: string };

export function manualTrigger(): NodeJson {
	return workflowNode('trigger', 'Start', 'n8n-nodes-base.manualTrigger', {});
}

/** Split Out on the list `ids` of the item before it: one item per id. */
export function oneItemPerId(): NodeJson {
	const parameters = { fieldToSplitOut: 'ids' };
	return workflowNode('split', 'One Item Per Id', 'n8n-nodes-base.splitOut', parameters, [400, 0]);
}

/** N items with ids 1..N: a Set node writes the list, Split Out makes one item per id. */
export function itemsOf(count: number): NodeJson[] {
	const ids = Array.from({ length: count }, (_, i) => i + 1);
	const raw = { mode: 'raw', jsonOutput: JSON.stringify({ ids }) };
	return [workflowNode('ids', 'Ids', 'n8n-nodes-base.set', raw, [200, 0], 3.4), oneItemPerId()];
}

export function credentialRef(id: string): Record<string, unknown> {
	return { loginTokenApi: { id, name: id } };
}

/** A builder of one of this package's nodes (`tokenHttpRequest`, `tokenStatus`) using the credential. */
function packageNode(id: string, kind: string, defaultName: string, position: [number, number]) {
	return (
		credentialId: string,
		parameters: Record<string, unknown>,
		name = defaultName,
	): NodeJson => {
		const node = workflowNode(id, name, `${PACKAGE}.${kind}`, parameters, position);
		return { ...node, credentials: credentialRef(credentialId) };
	};
}

export const tokenRequest = packageNode('request', 'tokenHttpRequest', 'Call API', [600, 0]);
export const tokenStatus = packageNode('status', 'tokenStatus', 'Token Status', [600, 200]);

/** A straight line of nodes, each feeding the next. */
export function chain(id: string, nodes: NodeJson[]): ImportWorkflow {
	const connections: Record<string, unknown> = {};
	nodes.slice(0, -1).forEach((node, i) => {
		connections[node.name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	});
	return { id, name: id, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** A manual trigger, then the nodes in a line: the shape of every workflow the e2e tests run. */
export function manualChain(id: string, ...nodes: NodeJson[]): ImportWorkflow {
	return chain(id, [manualTrigger(), ...nodes]);
}

/** n8n's own HTTP Request node using the Login Token API credential (n8n then handles the token reactively). */
export function stockHttpRequest(
	credentialId: string,
	url: string,
	name = 'Stock HTTP Request',
	extra: Record<string, unknown> = {},
): NodeJson {
	const parameters = {
		url,
		authentication: 'predefinedCredentialType',
		nodeCredentialType: 'loginTokenApi',
		options: {},
		...extra,
	};
	const node = workflowNode('stock', name, 'n8n-nodes-base.httpRequest', parameters, [600, 0], 4.2);
	return { ...node, credentials: credentialRef(credentialId) };
}
