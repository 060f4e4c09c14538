/** Credentials and workflows as `n8n import:credentials` / `import:workflow` take them. */

export interface ImportCredential {
	id: string;
	name: string;
	/** Credential type name. NOT prefixed with the package name (node types are). */
	type: string;
	/** Plain data: import:credentials encrypts it with the instance key. */
	data: Record<string, unknown>;
}

export interface ImportWorkflow {
	id: string; // up to 21 chars
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}
