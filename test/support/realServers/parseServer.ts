/**
 * A real Parse Server 9 (its CLI with a JSON config file) on a free loopback port, mounted at
 * /parse, with its data in a private PostgreSQL cluster from Debian's packages
 * (test/support/queue/services.ts startPostgres: a temporary folder, a free port). GraphQL, the
 * playground and the server URL self-check are off; it needs no network. Login: POST /parse/login
 * {username, password} with X-Parse-Application-Id → 200 {objectId, username, ..., sessionToken};
 * the token then goes in X-Parse-Session-Token. The answer carries no expiry: a session lives
 * `sessionLength` seconds (Parse's default a year), which only GET /parse/sessions/me shows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startPostgres, type Postgres } from '../queue/services';
import { freePort } from '../realN8n/http';
import { expectStatus, request, type HttpResponse } from './client';
import { ensureRealServer, type RealServerInstall } from './install';
import { makeTempDir, minimalEnv, removeTempDir, startServerChild } from './serverProcess';

export interface ParseServerOptions {
	/** Session lifetime in seconds (Parse's default 31536000, a year). */
	sessionLength?: number;
	appId?: string;
	masterKey?: string;
	/** The test user, signed up through POST /parse/users at start. */
	username?: string;
	password?: string;
	email?: string;
	/** More Parse Server options for its config file; they win over the ones set here. */
	config?: Record<string, unknown>;
}

export interface ParseUser {
	objectId: string;
	username: string;
	password: string;
	/** The session that the sign-up answered with. */
	sessionToken: string;
}

export interface ParseServerInstance {
	/** http://127.0.0.1:<port>/parse (the mount path, no trailing slash) */
	url: string;
	port: number;
	install: RealServerInstall;
	postgres: Postgres;
	appId: string;
	masterKey: string;
	username: string;
	password: string;
	email: string;
	userId: string;
	sessionLength: number;
	logFile: string;
	/** X-Parse-Application-Id, and X-Parse-Session-Token when `sessionToken` is given. */
	headers(sessionToken?: string): Record<string, string>;
	/** POST /parse/login with the test user's credentials unless given; the raw answer. */
	login(body?: { username?: string; password?: string }): Promise<HttpResponse>;
	/** POST /parse/users (sign-up, no master key needed); 201 {objectId, createdAt, sessionToken}. */
	createUser(user: { username: string; password: string; email?: string }): Promise<ParseUser>;
	/** PUT /parse/users/:id {password} with the master key. */
	setPassword(newPassword: string, username?: string): Promise<void>;
	/** Deletes every _Session row of `username` (default the test user) with the master key: its tokens become invalid at once. */
	revokeSessions(username?: string): Promise<number>;
	close(): Promise<void>;
}

export async function startParseServer(
	options: ParseServerOptions = {},
): Promise<ParseServerInstance> {
	const install = await ensureRealServer('parse-server');
	const dir = makeTempDir('real-parse-server-');
	let postgres: Postgres | undefined;
	try {
		postgres = await startPostgres();
		return await startIn(dir, install, postgres, options);
	} catch (error) {
		await postgres?.stop();
		await removeTempDir(dir);
		throw error;
	}
}

async function startIn(
	dir: string,
	install: RealServerInstall,
	postgres: Postgres,
	options: ParseServerOptions,
): Promise<ParseServerInstance> {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}/parse`;
	const appId = options.appId ?? 'login-token-app';
	const masterKey = options.masterKey ?? 'login-token-master-key';
	const sessionLength = options.sessionLength ?? 31_536_000;
	const config = {
		appId,
		masterKey,
		databaseURI: `postgres://${postgres.user}@127.0.0.1:${postgres.port}/${postgres.database}`,
		port,
		host: '127.0.0.1',
		mountPath: '/parse',
		serverURL: url,
		sessionLength,
		logsFolder: path.join(dir, 'logs'),
		verifyServerUrl: false,
		mountGraphQL: false,
		mountPlayground: false,
		...options.config,
	};
	const configFile = path.join(dir, 'config.json');
	fs.writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
	const logFile = path.join(dir, 'parse-server.log');
	const server = await startServerChild({
		what: 'parse-server',
		node: install.node,
		args: [install.main, configFile],
		cwd: dir,
		env: minimalEnv(dir, {}),
		logFile,
		ready: async () => (await request('GET', `${url}/health`, { timeoutMs: 2_000 })).status === 200,
	});
	const close = async (): Promise<void> => {
		await server.stop();
		await postgres.stop();
		await removeTempDir(dir);
	};
	const headers = (sessionToken?: string): Record<string, string> => ({
		'x-parse-application-id': appId,
		...(sessionToken ? { 'x-parse-session-token': sessionToken } : {}),
	});
	const master = { ...headers(), 'x-parse-master-key': masterKey };
	const users = new Map<string, ParseUser>();
	const createUser = async (user: {
		username: string;
		password: string;
		email?: string;
	}): Promise<ParseUser> => {
		const created = expectStatus(
			await request('POST', `${url}/users`, { headers: headers(), body: user }),
			201,
			'POST /parse/users',
		).json as { objectId: string; sessionToken: string };
		const entry = { ...created, username: user.username, password: user.password };
		users.set(user.username, entry);
		return entry;
	};
	const userOf = (username: string): ParseUser => {
		const user = users.get(username);
		if (!user) throw new Error(`no Parse user ${username} created here`);
		return user;
	};
	const self = {
		url,
		port,
		install,
		postgres,
		appId,
		masterKey,
		username: options.username ?? 'alice',
		password: options.password ?? 'parse-pw-1',
		email: options.email ?? 'alice@example.com',
		userId: '',
		sessionLength,
		logFile,
	};
	try {
		self.userId = (
			await createUser({ username: self.username, password: self.password, email: self.email })
		).objectId;
	} catch (error) {
		await close();
		throw error;
	}
	return Object.assign(self, {
		headers,
		login: async (body: { username?: string; password?: string } = {}) =>
			await request('POST', `${url}/login`, {
				headers: headers(),
				body: { username: self.username, password: self.password, ...body },
			}),
		createUser,
		async setPassword(newPassword: string, username = self.username) {
			const user = userOf(username);
			expectStatus(
				await request('PUT', `${url}/users/${user.objectId}`, {
					headers: master,
					body: { password: newPassword },
				}),
				200,
				`PUT /parse/users/${user.objectId}`,
			);
			user.password = newPassword;
			if (username === self.username) self.password = newPassword;
		},
		async revokeSessions(username = self.username) {
			const user = userOf(username);
			const where = encodeURIComponent(
				JSON.stringify({
					user: { __type: 'Pointer', className: '_User', objectId: user.objectId },
				}),
			);
			const found = expectStatus(
				await request('GET', `${url}/sessions?where=${where}&keys=objectId`, {
					headers: master,
				}),
				200,
				'GET /parse/sessions',
			).json as { results: Array<{ objectId: string }> };
			for (const session of found.results)
				expectStatus(
					await request('DELETE', `${url}/sessions/${session.objectId}`, { headers: master }),
					200,
					`DELETE /parse/sessions/${session.objectId}`,
				);
			return found.results.length;
		},
		close,
	});
}
