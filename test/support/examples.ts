/** The workflows in examples/, as `n8n import:workflow` takes them. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { repoRoot, type ImportWorkflow } from './realN8n';

/**
 * Every workflow in examples/. They are written to import unchanged into every tested n8n release
 * (package.json config.n8nVersions), e.g. the AI Agent node at typeVersion 3, which n8n 1.123 and
 * 2.41 both have (2.x's 3.1 only adds a guardrails prompt source).
 */
export function exampleWorkflows(): ImportWorkflow[] {
	const folder = path.join(repoRoot(), 'examples');
	return fs
		.readdirSync(folder)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as ImportWorkflow);
}
