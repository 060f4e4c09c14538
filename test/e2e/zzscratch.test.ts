import { N8nInstance } from './realN8n';
jest.setTimeout(1800000);
it('repeat', async () => {
	let bad = 0;
	for (let k = 0; k < 6; k++) {
	const n8n = await N8nInstance.create();
	try {
		await n8n.importCredentials([{ id: 'c1', name: 'c', type: 'httpHeaderAuth', data: { name: 'a', value: 'b' } }]);
		await n8n.exportCredentials();
		await n8n.importWorkflows([{ id: 'wfA', name: 'a', nodes: [{ id: 't', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: 'n-set', name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { assignments: { assignments: [ { id: 'a1', name: 'hello', value: 'world', type: 'string' }, { id: 'a2', name: 'sum', value: '={{ 1 + 2 }}', type: 'number' } ] }, options: {} } }],
		connections: { Manual: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } } }]);
		for (let i = 0; i < 4; i++) {
			const r = await n8n.execute('wfA');
			process.stderr.write(`inst ${k} run ${i}: exit=${r.exitCode} status=${r.execution?.status} ms=${r.durationMs}\n`);
			if (r.exitCode !== 0) { bad++; process.stderr.write(r.stdout.split('\n').filter((l) => !l.startsWith(' ')).join('\n').slice(-3000) + '\nSTDERR:' + r.stderr + '\n'); }
		}
	} finally { await n8n.cleanup(); }
	}
	expect(bad).toBe(0);
});
