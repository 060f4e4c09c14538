/**
 * A real json-server-auth 2 on json-server 0.17 on a free loopback port, its db.json in a temporary
 * folder. Run through json-server's module API the way json-server-auth's README shows (router db
 * bound to the app, its rewriter for the guards, then its middlewares and the router), with
 * json-server's default middlewares (CORS, gzip; no request log). Login: POST /login
 * {email, password} → 200 {accessToken, user}; the token is an HS256 JWT with `exp`.
 *
 * json-server-auth has no setting for the token lifetime or secret: both are constants of its
 * dist/constants.js (JWT_EXPIRES_IN '1h', JWT_SECRET_KEY 'json-server-auth-123456') that its
 * login reads on every call, so `tokenTtl` overrides the exported constant in the server
 * process before it starts (nothing in the install is changed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { freePort } from '../realN8n/http';
import { expectStatus, request, type HttpResponse } from './client';
import { ensureRealServer, type RealServerInstall } from './install';
import { makeTempDir, minimalEnv, removeTempDir, startServerChild } from './serverProcess';

/** json-server-auth's fixed signing key (dist/constants.js JWT_SECRET_KEY). */
export const JSON_SERVER_AUTH_SECRET = 'json-server-auth-123456';

export interface JsonServerAuthOptions {
	/** jsonwebtoken's expiresIn for issued tokens ('20s', 3600, ...); json-server-auth's own is '1h'. */
	tokenTtl?: string | number;
	/** The test user, registered through POST /register at start. */
	email?: string;
	password?: string;
	/**
	 * json-server-auth guards by collection (its rewriter's map). Default: users 600 (owner only),
	 * items 660 (any logged-in user; 401 without a token), notes 640, public 444.
	 */
	guards?: Record<string, number>;
	/** More collections for db.json (besides users and the defaults' items/notes/public). */
	collections?: Record<string, unknown[]>;
}

export interface JsonServerAuthUser {
	id: number;
	email: string;
	password: string;
	accessToken: string;
}

export interface JsonServerAuthServer {
	/** http://127.0.0.1:<port>, no trailing slash */
	url: string;
	port: number;
	install: RealServerInstall;
	email: string;
	password: string;
	userId: number;
	dbFile: string;
	logFile: string;
	/** The readable guarded path for the test user: /items (guard 660). */
	protectedPath: string;
	/** POST /login with the test user's credentials unless given; the raw answer. */
	login(body?: { email?: string; password?: string }): Promise<HttpResponse>;
	/** POST /register; 201 {accessToken, user}. */
	createUser(user: {
		email: string;
		password: string;
		[field: string]: unknown;
	}): Promise<JsonServerAuthUser>;
	/** PATCH /users/:id {password} with the user's own token (json-server-auth hashes it). */
	setPassword(newPassword: string, email?: string): Promise<void>;
	close(): Promise<void>;
}

const DEFAULT_EMAIL = 'alice@example.com';
const DEFAULT_PASSWORD = 'json-auth-pw-1';
const DEFAULT_GUARDS = { users: 600, items: 660, notes: 640, public: 444 };

/** The server process: json-server's module API with json-server-auth, configured by env. */
const SERVER_SCRIPT = `'use strict';
const modules = process.env.JSA_NODE_MODULES;
const load = (name) => require(require.resolve(name, { paths: [modules] }));
const jsonServer = load('json-server');
const auth = load('json-server-auth');
const constants = load('json-server-auth/dist/constants');
if (process.env.JSA_EXPIRES_IN) {
	const ttl = process.env.JSA_EXPIRES_IN;
	constants.JWT_EXPIRES_IN = /^\\d+$/.test(ttl) ? Number(ttl) : ttl;
}
const app = jsonServer.create();
const router = jsonServer.router(process.env.JSA_DB);
app.db = router.db;
app.use(jsonServer.defaults({ logger: false, static: process.env.JSA_STATIC }));
app.use(auth.rewriter(JSON.parse(process.env.JSA_GUARDS)));
app.use(auth);
app.use(router);
app.listen(Number(process.env.JSA_PORT), '127.0.0.1', () => console.log('json-server-auth listening'));
`;

export async function startJsonServerAuth(
	options: JsonServerAuthOptions = {},
): Promise<JsonServerAuthServer> {
	const install = await ensureRealServer('json-server-auth');
	const dir = makeTempDir('real-json-server-auth-');
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const dbFile = path.join(dir, 'db.json');
	const db = {
		users: [],
		items: [{ id: 1, name: 'first item' }],
		notes: [],
		public: [{ id: 1, text: 'anyone may read this' }],
		...options.collections,
	};
	fs.writeFileSync(dbFile, `${JSON.stringify(db, null, 2)}\n`);
	const script = path.join(dir, 'server.js');
	fs.writeFileSync(script, SERVER_SCRIPT);
	const logFile = path.join(dir, 'server.log');
	const env = minimalEnv(dir, {
		JSA_NODE_MODULES: install.nodeModules,
		JSA_DB: dbFile,
		JSA_STATIC: path.join(dir, 'public'), // absent: json-server then serves no files
		JSA_GUARDS: JSON.stringify(options.guards ?? DEFAULT_GUARDS),
		JSA_PORT: String(port),
		...(options.tokenTtl === undefined ? {} : { JSA_EXPIRES_IN: String(options.tokenTtl) }),
	});
	let server: Awaited<ReturnType<typeof startServerChild>>;
	try {
		server = await startServerChild({
			what: 'json-server-auth',
			node: install.node,
			args: [script],
			cwd: dir,
			env,
			logFile,
			ready: async () =>
				(await request('GET', `${url}/public`, { timeoutMs: 2_000 })).status === 200,
			timeoutMs: 30_000,
		});
	} catch (error) {
		await removeTempDir(dir);
		throw error;
	}
	const close = async (): Promise<void> => {
		await server.stop(5_000);
		await removeTempDir(dir);
	};
	const users = new Map<string, JsonServerAuthUser>();
	const createUser = async (user: {
		email: string;
		password: string;
		[field: string]: unknown;
	}): Promise<JsonServerAuthUser> => {
		const answer = expectStatus(
			await request('POST', `${url}/register`, { body: user }),
			201,
			'POST /register',
		).json as { accessToken: string; user: { id: number } };
		const created = {
			id: answer.user.id,
			email: user.email,
			password: user.password,
			accessToken: answer.accessToken,
		};
		users.set(user.email, created);
		return created;
	};
	const self = {
		url,
		port,
		install,
		email: options.email ?? DEFAULT_EMAIL,
		password: options.password ?? DEFAULT_PASSWORD,
		userId: 0,
		dbFile,
		logFile,
		protectedPath: '/items',
	};
	try {
		self.userId = (await createUser({ email: self.email, password: self.password })).id;
	} catch (error) {
		await close();
		throw error;
	}
	return Object.assign(self, {
		login: async (body: { email?: string; password?: string } = {}) =>
			await request('POST', `${url}/login`, {
				body: { email: self.email, password: self.password, ...body },
			}),
		createUser,
		async setPassword(newPassword: string, email = self.email) {
			const user = users.get(email);
			if (!user) throw new Error(`no json-server-auth user ${email} created here`);
			const login = expectStatus(
				await request('POST', `${url}/login`, { body: { email, password: user.password } }),
				200,
				'POST /login',
			).json as { accessToken: string };
			expectStatus(
				await request('PATCH', `${url}/users/${user.id}`, {
					headers: { authorization: `Bearer ${login.accessToken}` },
					body: { password: newPassword },
				}),
				200,
				`PATCH /users/${user.id}`,
			);
			user.password = newPassword;
			if (email === self.email) self.password = newPassword;
		},
		close,
	});
}
