import { N8nInstance } from './realN8n';
jest.setTimeout(600000);
it('repeat', async () => {
	const n8n = await N8nInstance.create();
	try {
		await n8n.importWorkflows([{ id: 'wfA', name: 'a', nodes: [{ id: 't', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }], connections: {} }]);
		for (let i = 0; i < 8; i++) {
			const r = await n8n.execute('wfA');
			process.stderr.write(`run ${i}: exit=${r.exitCode} status=${r.execution?.status} ms=${r.durationMs} stderr=${r.stderr.slice(0, 300)}\n`);
			if (r.exitCode !== 0) process.stderr.write(r.stdout.split('\n').filter((l) => !l.startsWith(' ')).join('\n').slice(-3000) + '\n');
		}
	} finally { await n8n.cleanup(); }
});
