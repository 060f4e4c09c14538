/**
 * One workflow node as n8n stores it (what the integration harness runs and what
 * `n8n import:workflow` takes): the fields every node has; callers spread in credentials and the rest.
 */
// a type, not an interface: it must fit Record<string, unknown>
export type NodeShape<P> = {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: P;
};

export function workflowNode<P>(
	id: string,
	name: string,
	type: string,
	parameters: P,
	position: [number, number] = [0, 0],
	typeVersion = 1,
): NodeShape<P> {
	return { id, name, type, typeVersion, position, parameters };
}
