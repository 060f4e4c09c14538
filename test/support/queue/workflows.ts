/**
 * The bench's workflows: a webhook (answered at once; the outcome is read from n8n's execution
 * table, as a "last node" answer can get lost between worker and main under load), N items with ids unique per execution, then one API call per item,
 * by Token HTTP Request or by n8n's HTTP Request node with the Login Token API credential.
 */
import type { ImportWorkflow } from '../realN8n';
import { chain, stockHttpRequest, tokenRequest } from '../workflows';

export type BenchNode = 'tokenHttpRequest' | 'httpRequest';

type NodeJson = Record<string, unknown> & { name: string };

function webhook(webhookPath: string): NodeJson {
	return {
		id: 'webhook',
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: webhookPath,
		parameters: {
			httpMethod: 'POST',
			path: webhookPath,
			responseMode: 'onReceived',
			options: {},
		},
	};
}

/** `items` ids: run * 1000 + 1..items, where `run` is the number POSTed as {"run": n}. */
function idsOf(items: number): NodeJson[] {
	return [
		{
			id: 'ids',
			name: 'Ids',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: {
				mode: 'manual',
				assignments: {
					assignments: [
						{
							id: 'ids',
							name: 'ids',
							type: 'array',
							value: `={{ Array.from({ length: ${items} }, (_, i) => $json.body.run * 1000 + i + 1) }}`,
						},
					],
				},
				options: {},
			},
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
