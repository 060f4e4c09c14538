/**
 * A front for the mock token API (test/support/mock/tokenApi/): HTTP or HTTPS (optionally requiring a
 * client certificate), on 127.0.0.1. Every request is passed to the mock as it is, so the mock
 * keeps counting logins and accepted/rejected calls; two kinds of request are answered here after
 * the mock accepted their token (checked with a GET /me carrying the same headers and query):
 *
 * - POST/PUT /upload: the raw body is recorded byte for byte (see uploads()), then answered with
 *   the status given as `fail`, if any.
 * - GET /pages: a list of `total` items served `size` per page, by `page` (1-based) or by `offset`;
 *   each answer has `items`, `page` and `nextUrl` (absolute, absent on the last page). A page past
 *   the end answers `[]`, or the status given as `endStatus`; the page `failPage` answers 500.
 *   `shape=array` answers the items as a bare list; `next=relative` gives `nextUrl` as a path
 *   (`/pages?…&page=2`), as many APIs do.
 * - GET /client-cert (over HTTPS with a client certificate): answered 403 with the client
 *   certificate the connection presented, as PEM, in the error body (an API that echoes it).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { TLSSocket } from 'node:tls';

import { closeServer, listen, readBody, writeJson } from './http';
import type { MockTokenApi } from './tokenApi';

export interface FrontTls {
	cert: string;
	key: string;
	/** Require a client certificate issued by this CA (mutual TLS). */
	clientCa?: string;
}

export interface Upload {
	method: string;
	contentType: string;
	body: Buffer;
}

export interface ApiFront {
	url: string;
	uploads(): Upload[];
	/** Page requests the mock accepted, in order: "page=2" or "offset=20". */
	pagesServed(): string[];
	/** TLS handshakes that failed (no or unknown client certificate, untrusted server). */
	tlsFailures(): number;
	close(): Promise<void>;
}

const HOP_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

function forward(
	api: MockTokenApi,
	req: http.IncomingMessage,
	method: string,
	path: string,
	body: Buffer | undefined,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
	const headers: http.OutgoingHttpHeaders = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (!HOP_HEADERS.has(name) && value !== undefined) headers[name] = value;
	}
	if (body) headers['content-length'] = String(body.length);
	else delete headers['content-type'];
	return new Promise((resolve, reject) => {
		const out = http.request(
			{ host: '127.0.0.1', port: api.port, method, path, headers },
			(res) => {
				readBody(res).then(
					(data) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: data }),
					reject,
				);
			},
		);
		out.on('error', reject);
		out.end(body);
	});
}

/** Answers as the mock token API does (`application/json; charset=utf-8`). */
const json = (res: http.ServerResponse, status: number, body: unknown): void =>
	writeJson(res, status, body, 'application/json; charset=utf-8');

export async function startApiFront(
	api: MockTokenApi,
	options: {
		tls?: FrontTls;
		total?: number;
		size?: number;
		/** Called after a page was served, e.g. to revoke the token mid-pagination. */
		onPage?: (page: number) => void;
	} = {},
): Promise<ApiFront> {
	const total = options.total ?? 25;
	const size = options.size ?? 10;
	const uploads: Upload[] = [];
	const pages: string[] = [];
	let tlsFailures = 0;
	let base = '';

	const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const body = await readBody(req);
		const own =
			(url.pathname === '/upload' && (method === 'POST' || method === 'PUT')) ||
			((url.pathname === '/pages' || url.pathname === '/client-cert') && method === 'GET');
		if (!own) {
			const answer = await forward(
				api,
				req,
				method,
				req.url ?? '/',
				body.length ? body : undefined,
			);
			const headers = { ...answer.headers };
			delete headers['transfer-encoding'];
			res.writeHead(answer.status, headers);
			res.end(answer.body);
			return;
		}
		const check = await forward(api, req, 'GET', `/me${url.search}`, undefined);
		if (check.status !== 200) {
			res.writeHead(check.status, { 'Content-Type': String(check.headers['content-type']) });
			res.end(check.body);
			return;
		}
		if (url.pathname === '/client-cert') {
			const peer = (req.socket as Partial<TLSSocket>).getPeerCertificate?.();
			const base64 = peer?.raw?.toString('base64') ?? '';
			const pem = `-----BEGIN CERTIFICATE-----\n${(base64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;
			return json(res, 403, { error: 'certificate not allowed', certificate: pem });
		}
		if (url.pathname === '/upload') {
			uploads.push({ method, contentType: req.headers['content-type'] ?? '', body });
			const fail = Number(url.searchParams.get('fail'));
			if (fail >= 400) return json(res, fail, { error: 'upstream failure' });
			return json(res, 200, { received: body.length, contentType: req.headers['content-type'] });
		}
		const byOffset = url.searchParams.has('offset');
		const start = byOffset
			? Number(url.searchParams.get('offset'))
			: (Number(url.searchParams.get('page') ?? 1) - 1) * size;
		pages.push(byOffset ? `offset=${start}` : `page=${start / size + 1}`);
		const items = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, k) => ({
			id: start + k + 1,
		}));
		const page = Math.floor(start / size) + 1;
		if (Number(url.searchParams.get('failPage')) === page)
			return json(res, 500, { error: 'upstream failure' });
		const endStatus = Number(url.searchParams.get('endStatus'));
		if (items.length === 0 && endStatus >= 400)
			return json(res, endStatus, { error: 'no more pages' });
		options.onPage?.(page);
		if (url.searchParams.get('shape') === 'array') return json(res, 200, items);
		const next = new URL(`${base}/pages`);
		for (const [key, value] of url.searchParams) next.searchParams.set(key, value);
		next.searchParams.set('page', String(page + 1));
		next.searchParams.delete('offset');
		const nextUrl =
			url.searchParams.get('next') === 'relative'
				? `${next.pathname}${next.search}`
				: next.toString();
		return json(res, 200, {
			items,
			page,
			...(start + size < total ? { nextUrl } : {}),
		});
	};
	const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
		handle(req, res).catch((error: unknown) => json(res, 500, { error: String(error) }));
	};

	const server = options.tls
		? https.createServer(
				{
					cert: options.tls.cert,
					key: options.tls.key,
					...(options.tls.clientCa
						? { ca: options.tls.clientCa, requestCert: true, rejectUnauthorized: true }
						: {}),
				},
				listener,
			)
		: http.createServer(listener);
	server.on('tlsClientError', () => tlsFailures++);
	const port = await listen(server, 0);
	base = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
	return {
		url: base,
		uploads: () => [...uploads],
		pagesServed: () => [...pages],
		tlsFailures: () => tlsFailures,
		close: async () => await closeServer(server),
	};
}
