import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { N8nInstance } from './realN8n';
jest.setTimeout(1800000);
it('preAuthentication behaviour', async () => {
	let n = 0; const valid = new Set<string>(); const log: string[] = [];
	const srv = http.createServer((req, res) => {
		let body = ''; req.on('data', (c) => (body += c)); req.on('end', () => {
			log.push(`${req.method} ${req.url} auth=${req.headers.authorization ?? ''}`);
			res.setHeader('content-type', 'application/json');
			if (req.url === '/login') { const t = `tok-${++n}`; valid.add(t); res.end(JSON.stringify({ token: t })); return; }
			if (req.url === '/me') { const t = (req.headers.authorization ?? '').replace('Bearer ', ''); if (valid.has(t)) { res.end(JSON.stringify({ ok: true, t })); } else { res.statusCode = 401; res.end('{"error":"expired"}'); } return; }
			res.statusCode = 404; res.end('{}');
		});
	});
	srv.listen(0, '127.0.0.1'); await new Promise((r) => srv.once('listening', r));
	const base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
	const n8n = await N8nInstance.create({ packageTarball: '/tmp/n8ntry/pa/n8n-nodes-preauth-probe-0.0.1.tgz' });
	const out = (s: string) => process.stderr.write(s + '\n');
	try {
		await n8n.importCredentials([{ id: 'credPa0000000001', name: 'pa', type: 'paApi', data: { baseUrl: base, password: 'pw' } }]);
		await n8n.importWorkflows([{ id: 'wfPa000000000001', name: 'pa', nodes: [{ id: 't', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'p', name: 'PA', type: 'n8n-nodes-preauth-probe.paNode', typeVersion: 1, position: [200, 0], parameters: {}, credentials: { paApi: { id: 'credPa0000000001', name: 'pa' } } }],
			connections: { Manual: { main: [[{ node: 'PA', type: 'main', index: 0 }]] } } }]);
		for (let i = 0; i < 2; i++) {
			const r = await n8n.execute('wfPa000000000001');
			out(`run${i}: exit=${r.exitCode} raw=${r.rawExitCode} crashed=${r.crashedAfterRun} out=${JSON.stringify(r.nodeOutput('PA'))} err=${r.error()}`);
			out(`  stored: ${JSON.stringify((await n8n.exportCredentials())[0].data)}`);
		}
		valid.clear(); out('-- tokens invalidated');
		const r = await n8n.execute('wfPa000000000001');
		out(`run-after-expiry: exit=${r.exitCode} out=${JSON.stringify(r.nodeOutput('PA'))} err=${r.error()}`);
		out(`  stored: ${JSON.stringify((await n8n.exportCredentials())[0].data)}`);
		out('mock log: ' + log.join(' | ')); log.length = 0;
		const server = await n8n.startServer();
		valid.clear(); out(`credential test after expiry: ${JSON.stringify(await n8n.testCredential(server, 'credPa0000000001'))}`);
		out('mock log: ' + log.join(' | ')); log.length = 0;
		for (let i = 0; i < 2; i++) out(`credential test ${i}: ${JSON.stringify(await n8n.testCredential(server, 'credPa0000000001'))}`);
		out(`credential test with edited password: ${JSON.stringify(await n8n.testCredential(server, 'credPa0000000001', { baseUrl: base, password: 'edited' }))}`);
		const nt = await server.request('GET', '/types/nodes.json');
		out(`nodes.json status=${nt.status} has paNode=${nt.text.includes('n8n-nodes-preauth-probe.paNode')}`);
		await server.stop();
		out('mock log: ' + log.join(' | '));
		out(`  stored after tests: ${JSON.stringify((await n8n.exportCredentials())[0].data)}`);
	} finally { await n8n.cleanup(); srv.close(); }
});
