/**
 * A forward HTTP proxy on 127.0.0.1 that records what passes through it: plain requests in
 * absolute form ("GET http://host/path") and CONNECT tunnels (for https targets). Optionally it
 * requires Basic proxy credentials (407 without them), and, like some misconfigured proxies, answers
 * plain requests itself with every header it received, Proxy-Authorization included (`echo`: in a
 * 200 answer, or in a 502 error body).
 */
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
	method: string;
	/** absolute URL for plain requests, host:port for CONNECT */
	target: string;
	/** decoded "user:password" of Proxy-Authorization, or '' */
	proxyUser: string;
}

export interface ForwardProxy {
	url: string;
	port: number;
	seen(): ProxiedRequest[];
	close(): Promise<void>;
}

function proxyUser(req: http.IncomingMessage): string {
	const header = req.headers['proxy-authorization'];
	const basic = typeof header === 'string' ? /^Basic\s+(.+)$/i.exec(header) : null;
	return basic ? Buffer.from(basic[1], 'base64').toString('utf8') : '';
}

export async function startForwardProxy(
	options: { credentials?: string; echo?: 'answer' | 'error' } = {},
): Promise<ForwardProxy> {
	const seen: ProxiedRequest[] = [];
	const sockets = new Set<net.Socket>();
	const allowed = (req: http.IncomingMessage) =>
		options.credentials === undefined || proxyUser(req) === options.credentials;

	const server = http.createServer((req, res) => {
		seen.push({ method: req.method ?? 'GET', target: req.url ?? '', proxyUser: proxyUser(req) });
		if (!allowed(req)) {
			res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="test"', 'Content-Length': '0' });
			res.end();
			return;
		}
		if (options.echo) {
			const text = JSON.stringify({
				proxy: options.echo === 'error' ? 'upstream unreachable' : 'ok',
				received: { method: req.method, target: req.url, headers: req.headers },
			});
			res.writeHead(options.echo === 'error' ? 502 : 200, {
				'Content-Type': 'application/json',
				'Content-Length': String(Buffer.byteLength(text)),
			});
			res.end(text);
			return;
		}
		const target = new URL(req.url ?? '');
		const headers = { ...req.headers };
		delete headers['proxy-authorization'];
		delete headers['proxy-connection'];
		const out = http.request(
			{
				host: target.hostname,
				port: target.port,
				method: req.method,
				path: `${target.pathname}${target.search}`,
				headers,
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		out.on('error', () => {
			res.writeHead(502);
			res.end();
		});
		req.pipe(out);
	});
	server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
		seen.push({ method: 'CONNECT', target: req.url ?? '', proxyUser: proxyUser(req) });
		sockets.add(client);
		if (!allowed(req)) {
			client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
			return;
		}
		const [host, port] = (req.url ?? '').split(':');
		const upstream = net.connect(Number(port), host, () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		sockets.add(upstream);
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		seen: () => [...seen],
		close: async () => {
			for (const socket of sockets) socket.destroy();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
