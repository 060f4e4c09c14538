/**
 * A transparent reverse proxy on 127.0.0.1 in front of a real server, recording every request so a
 * test can assert exactly how many logins and rejected calls reached the server. Requests and
 * answers pass through unchanged: the same method, target (path and query), header names, values
 * and order (Set-Cookie included, the client's Host too, so the server sees the address the
 * client used) and body bytes; nothing is added but what Node's HTTP layer adds when the
 * other side left it out (Connection, Date). The log keeps no secret: paths without query values,
 * and of the headers only whether a token-looking one was there (and the Authorization scheme).
 */
import { once } from 'node:events';
import * as http from 'node:http';
import type * as net from 'node:net';

export interface FrontRequest {
	method: string;
	/** The path with the query's names but not their values: `/parse/login?username=&password=`. */
	path: string;
	/** The path alone: `/parse/login`. */
	pathname: string;
	/** The server's status; 0 while it has not answered, 502 when it could not be reached. */
	status: number;
	/** It carried an Authorization header. */
	authorization: boolean;
	/** That header's scheme (its first word: `Bearer`, `Basic`), never the credentials. */
	authScheme?: string;
	/** It carried X-Parse-Session-Token. */
	sessionToken: boolean;
	/** The lowercase names of the token-looking headers it carried (authorization, cookie, x-parse-session-token, x-api-key, ...). */
	tokenHeaders: string[];
	/** Date.now() when it arrived. */
	at: number;
	/** Why the server could not be reached (status 502). */
	error?: string;
}

export interface CountingFront {
	/** The front's address plus the target's path: use it in place of the server's URL. */
	url: string;
	port: number;
	/** The server behind it, as given. */
	target: string;
	/** Every request since the start or the last reset, oldest first (copies). */
	requests(): FrontRequest[];
	/**
	 * How many requests (any method) went to `path`: the full path as the server sees it
	 * (`/parse/login`) or relative to the target's path (`/login` behind `.../parse`). Without
	 * `path`, the loginPath given at start.
	 */
	logins(path?: string): number;
	/** The requests the server answered with 4xx (wrong credentials, expired or missing tokens). */
	rejected(): FrontRequest[];
	reset(): void;
	close(): Promise<void>;
}

/** Header names that carry credentials or look like it. */
const TOKEN_HEADER =
	/^(authorization|proxy-authorization|cookie|x-parse-session-token)$|token|api[-_]?key|-key$|secret|^x-auth/i;
const NOT_A_TOKEN = /^(x-parse-revocable-session|x-parse-application-id)$/i;

export function isTokenHeader(name: string): boolean {
	return TOKEN_HEADER.test(name) && !NOT_A_TOKEN.test(name);
}

/** `/a?x=1&y=2` → `/a?x=&y=`; `/a` stays. */
export function pathWithoutQueryValues(target: string): { path: string; pathname: string } {
	const mark = target.indexOf('?');
	if (mark < 0) return { path: target, pathname: target };
	const pathname = target.slice(0, mark);
	const names = target
		.slice(mark + 1)
		.split('&')
		.filter((part) => part !== '')
		.map((part) => `${part.split('=')[0]}=`);
	return { path: `${pathname}?${names.join('&')}`, pathname };
}

export async function startCountingFront(
	target: string,
	options: { loginPath?: string } = {},
): Promise<CountingFront> {
	const upstream = new URL(target);
	if (upstream.protocol !== 'http:') throw new Error(`countingFront proxies http only: ${target}`);
	const basePath = upstream.pathname.replace(/\/+$/, '');
	const agent = new http.Agent({ keepAlive: true });
	let log: FrontRequest[] = [];

	const server = http.createServer((req, res) => {
		const names = req.headers;
		const authorization = names.authorization;
		const entry: FrontRequest = {
			method: req.method ?? 'GET',
			...pathWithoutQueryValues(req.url ?? '/'),
			status: 0,
			authorization: authorization !== undefined,
			...(authorization === undefined ? {} : { authScheme: authorization.split(' ')[0] }),
			sessionToken: names['x-parse-session-token'] !== undefined,
			tokenHeaders: Object.keys(names).filter(isTokenHeader),
			at: Date.now(),
		};
		log.push(entry);
		const forward = http.request(
			{
				host: upstream.hostname,
				port: upstream.port || 80,
				method: req.method,
				path: req.url,
				headers: req.rawHeaders, // names, order, duplicates and Host exactly as the client sent them
				agent,
			},
			(answer) => {
				entry.status = answer.statusCode ?? 0;
				res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
				answer.pipe(res);
				answer.on('error', () => res.destroy());
			},
		);
		forward.on('error', (error) => {
			entry.error = error.message;
			if (entry.status === 0) entry.status = 502;
			if (!res.headersSent) {
				res.writeHead(502, { 'content-type': 'text/plain' });
				res.end(`countingFront: ${error.message}`);
			} else res.destroy();
		});
		req.pipe(forward);
		req.on('error', () => forward.destroy());
		res.on('close', () => {
			if (!res.writableFinished) forward.destroy();
		});
	});
	const sockets = new Set<net.Socket>();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const port = (server.address() as net.AddressInfo).port;

	return {
		url: `http://127.0.0.1:${port}${basePath}`,
		port,
		target,
		requests: () => log.map((entry) => ({ ...entry, tokenHeaders: [...entry.tokenHeaders] })),
		logins: (path = options.loginPath) => {
			if (path === undefined) throw new Error('countingFront.logins: no path and no loginPath');
			return log.filter((entry) => entry.pathname === path || entry.pathname === basePath + path)
				.length;
		},
		rejected: () => log.filter((entry) => entry.status >= 400 && entry.status < 500),
		reset: () => {
			log = [];
		},
		close: async () => {
			const closed = once(server, 'close');
			server.close();
			for (const socket of sockets) socket.destroy();
			agent.destroy();
			await closed;
		},
	};
}
