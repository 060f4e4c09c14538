import type { IExecuteFunctions, INodeParameters, NodeParameterValueType } from 'n8n-workflow';

/**
 * Node parameters, each evaluated once per execution unless it holds an expression. n8n's
 * getNodeParameter costs a type lookup, a deep walk and a schema check per call; a node sending
 * thousands of items reads about ten parameters each, nearly all the same for every item.
 */
type Cache = Map<string, { value: unknown } | null>; // null: holds an expression, read per item

const caches = new WeakMap<IExecuteFunctions, Cache>();

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

function rawParameter(parameters: INodeParameters, path: string): unknown {
	let current: unknown = parameters;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

/** ctx.getNodeParameter(name, itemIndex, fallback), from a per-execution cache when it cannot vary by item. */
export function param<T = unknown>(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback?: T,
): T {
	let cache = caches.get(ctx);
	if (cache === undefined) {
		cache = new Map();
		caches.set(ctx, cache);
	}
	let entry = cache.get(name);
	if (entry === undefined) {
		const raw = rawParameter(ctx.getNode().parameters, name);
		entry = hasExpression(raw)
			? null
			: { value: ctx.getNodeParameter(name, itemIndex, fallback as NodeParameterValueType) };
		cache.set(name, entry);
	}
	if (entry === null)
		return ctx.getNodeParameter(name, itemIndex, fallback as NodeParameterValueType) as T;
	return entry.value as T;
}
