/**
 * The bench's workflows: a webhook (answered at once; the outcome is read from n8n's execution
 * table, as a "last node" answer can get lost between worker and main under load), N items with ids unique per execution, then one API call per item,
 * by Token HTTP Request or by n8n's HTTP Request node with the Login Token API credential.
 */
import { workflowNode } from '../nodeJson';
import type { ImportWorkflow } from '../realN8n';
import { chain, oneItemPerId, stockHttpRequest, tokenRequest, type NodeJson } from '../workflows';

export type BenchNode = 'tokenHttpRequest' | 'httpRequest';

function webhook(webhookPath: string): NodeJson {
	const parameters = {
		httpMethod: 'POST',
		path: webhookPath,
		responseMode: 'onReceived',
		options: {},
	};
	const node = workflowNode('webhook', 'Webhook', 'n8n-nodes-base.webhook', parameters, [0, 0], 2);
	return { ...node, webhookId: webhookPath };
}

/** `items` ids: run * 1000 + 1..items, where `run` is the number POSTed as {"run": n}. */
function idsOf(items: number): NodeJson[] {
	const ids = {
		id: 'ids',
		name: 'ids',
		type: 'array',
		value: `={{ Array.from({ length: ${items} }, (_, i) => $json.body.run * 1000 + i + 1) }}`,
	};
	const set = { mode: 'manual', assignments: { assignments: [ids] }, options: {} };
	return [workflowNode('ids', 'Ids', 'n8n-nodes-base.set', set, [200, 0], 3.4), oneItemPerId()];
}

/** Item ids of one execution, as the provider sees them in `/items/<id>`. */
export function itemIdsOf(run: number, items: number): number[] {
	return Array.from({ length: items }, (_, i) => run * 1000 + i + 1);
}

/**
 * The stock node needs an absolute URL: the provider's address comes with the webhook call
 * ({"run": n, "base": "http://127.0.0.1:port"}), as each run gets a provider of its own.
 */
export function benchWorkflow(
	id: string,
	node: BenchNode,
	credentialId: string,
	items: number,
): ImportWorkflow {
	const call =
		node === 'tokenHttpRequest'
			? tokenRequest(credentialId, { url: '={{ "/items/" + $json.ids }}' }, 'Call API')
			: stockHttpRequest(
					credentialId,
					'={{ $("Webhook").first().json.body.base + "/items/" + $json.ids }}',
					'Call API',
				);
	return chain(id, [webhook(id), ...idsOf(items), call]);
}
