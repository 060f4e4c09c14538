/**
 * A real Directus 12 (SQLite in a temporary folder, Node 22 from its install) on a free loopback
 * port: `directus bootstrap` creates the administrator, the test user, then `directus start`.
 * Offline: no update check (the CLI entry that runs it is skipped: @directus/api's CLI is run
 * directly), telemetry and the project-owner report off, the marketplace registry on a dead
 * loopback port. Login: POST /auth/login {email, password[, otp][, mode]} →
 * {data: {access_token, expires (ms), refresh_token}}.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { freePort } from '../realN8n/http';
import { expectStatus, request, type HttpResponse } from './client';
import { ensureRealServer, type RealServerInstall } from './install';
import {
	makeTempDir,
	minimalEnv,
	removeTempDir,
	runToEnd,
	startServerChild,
	tailOf,
} from './serverProcess';
import { msLeftInStep, totp } from './totp';

export interface DirectusOptions {
	/** ACCESS_TOKEN_TTL (Directus's default '15m'); a login's data.expires is it in milliseconds. */
	accessTokenTtl?: string;
	/** REFRESH_TOKEN_TTL (Directus's default '7d'). */
	refreshTokenTtl?: string;
	/** The bootstrapped administrator, who is the test user. */
	email?: string;
	password?: string;
	/** LOGIN_STALL_TIME: every login answer, good or bad, takes at least this long (Directus's default 500 ms). */
	loginStallMs?: number;
	/** More Directus environment variables; they win over the ones set here. */
	env?: Record<string, string>;
}

export interface DirectusLogin {
	email?: string;
	password?: string;
	otp?: string;
	mode?: 'json' | 'cookie' | 'session';
}

export interface DirectusUser {
	id: string;
	email: string;
	password: string;
}

export interface DirectusServer {
	/** http://127.0.0.1:<port>, no trailing slash */
	url: string;
	port: number;
	install: RealServerInstall;
	/** The test user: the bootstrapped administrator (password changes through setPassword update it). */
	email: string;
	password: string;
	userId: string;
	/** The administrator role (createUser({ admin: true }) gives it). */
	adminRoleId: string;
	accessTokenTtl: string;
	logFile: string;
	/** POST /auth/login with the test user's email and password unless given; the raw answer. */
	login(body?: DirectusLogin): Promise<HttpResponse>;
	/** A fresh access token for `user` (default the test user), with the current code when TOTP is on for it. */
	accessToken(user?: { email: string; password: string }): Promise<string>;
	/**
	 * Turns TOTP on for `user` (default the test user) as its owner would: POST /users/me/tfa/generate
	 * {password} → data.secret, then POST /users/me/tfa/enable {secret, otp} (204). Only users allowed
	 * to update directus_users can (a user without a role gets 403): use the admin or createUser({ admin: true }).
	 */
	enableTotp(user?: { email: string; password: string }): Promise<{ secret: string }>;
	/** The current code for `email`'s TOTP secret (default the test user); throws if TOTP is off for it. */
	otp(email?: string, atMs?: number): string;
	/** POST /users/me/tfa/disable {otp}. */
	disableTotp(user?: { email: string; password: string }): Promise<void>;
	/** The administrator sets `email`'s password (PATCH /users/:id); existing tokens stay valid. */
	setPassword(newPassword: string, email?: string): Promise<void>;
	/** POST /users as the administrator; `admin` gives the administrator role, else the user has no role. */
	createUser(user: { email: string; password: string; admin?: boolean }): Promise<DirectusUser>;
	close(): Promise<void>;
}

/**
 * `directus bootstrap` (the migrations and the administrator: about 5 s) runs once per
 * administrator email and password: its SQLite file is kept in the install folder
 * (bootstrapped/<hash>.db) and copied for each later start. Nothing in it depends on KEY or
 * SECRET, which are new for every start. With extra `env` it always runs afresh.
 */
async function bootstrap(
	install: RealServerInstall,
	env: NodeJS.ProcessEnv,
	dir: string,
	reuse: boolean,
): Promise<void> {
	const dbFile = String(env.DB_FILENAME);
	const key = crypto
		.createHash('sha256')
		.update(`${String(env.ADMIN_EMAIL)}\0${String(env.ADMIN_PASSWORD)}`)
		.digest('hex')
		.slice(0, 16);
	const template = path.join(install.dir, 'bootstrapped', `${key}.db`);
	if (reuse && fs.existsSync(template)) {
		fs.copyFileSync(template, dbFile);
		return;
	}
	await runToEnd({
		what: 'directus bootstrap',
		node: install.node,
		args: [install.main, 'bootstrap'],
		cwd: dir,
		env,
		logFile: path.join(dir, 'bootstrap.log'),
	});
	if (!reuse) return;
	// another worker may be writing the same template: write aside, then rename (atomic)
	fs.mkdirSync(path.dirname(template), { recursive: true });
	const aside = `${template}.${process.pid}.tmp`;
	fs.copyFileSync(dbFile, aside);
	fs.renameSync(aside, template);
}

const DEFAULT_EMAIL = 'admin@example.com';
const DEFAULT_PASSWORD = 'directus-admin-pw-1';

export async function startDirectus(options: DirectusOptions = {}): Promise<DirectusServer> {
	const install = await ensureRealServer('directus');
	const dir = makeTempDir('real-directus-');
	try {
		return await startIn(dir, install, options);
	} catch (error) {
		await removeTempDir(dir);
		throw error;
	}
}

async function startIn(
	dir: string,
	install: RealServerInstall,
	options: DirectusOptions,
): Promise<DirectusServer> {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const email = options.email ?? DEFAULT_EMAIL;
	const accessTokenTtl = options.accessTokenTtl ?? '15m';
	for (const sub of ['uploads', 'extensions']) fs.mkdirSync(path.join(dir, sub));
	// Directus looks for package extensions in its working folder's package.json.
	fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"directus-test","private":true}\n');
	const dead = 'http://127.0.0.1:9'; // the discard port: nothing listens
	const env = minimalEnv(
		dir,
		{
			KEY: crypto.randomUUID(),
			SECRET: crypto.randomBytes(32).toString('hex'),
			DB_CLIENT: 'sqlite3',
			DB_FILENAME: path.join(dir, 'directus.db'),
			HOST: '127.0.0.1',
			PORT: String(port),
			PUBLIC_URL: url,
			ADMIN_EMAIL: email,
			ADMIN_PASSWORD: options.password ?? DEFAULT_PASSWORD,
			ACCESS_TOKEN_TTL: accessTokenTtl,
			REFRESH_TOKEN_TTL: options.refreshTokenTtl ?? '7d',
			...(options.loginStallMs === undefined
				? {}
				: { LOGIN_STALL_TIME: String(options.loginStallMs) }),
			TELEMETRY: 'false',
			TELEMETRY_URL: dead,
			PROJECT_OWNER_ENABLED: 'false', // else it posts the owner report despite TELEMETRY=false
			COMPLIANCE_URL: dead,
			MARKETPLACE_REGISTRY: dead,
			EXTENSIONS_PATH: path.join(dir, 'extensions'),
			STORAGE_LOCATIONS: 'local',
			STORAGE_LOCAL_ROOT: path.join(dir, 'uploads'),
			SERVE_APP: 'false',
			WEBSOCKETS_ENABLED: 'false',
			LOG_LEVEL: 'warn',
			LOG_STYLE: 'raw',
			...options.env,
		},
		path.dirname(install.node),
	);
	await bootstrap(install, env, dir, options.env === undefined);
	const logFile = path.join(dir, 'directus.log');
	const server = await startServerChild({
		what: 'directus start',
		node: install.node,
		args: [install.main, 'start'],
		cwd: dir,
		env,
		logFile,
		ready: async () =>
			(await request('GET', `${url}/server/ping`, { timeoutMs: 2_000 })).text === 'pong',
	});
	const secrets = new Map<string, string>();
	const self = {
		url,
		port,
		install,
		email,
		password: options.password ?? DEFAULT_PASSWORD,
		userId: '',
		adminRoleId: '',
		accessTokenTtl,
		logFile,
	};
	const otp = (forEmail = self.email, atMs = Date.now()): string => {
		const secret = secrets.get(forEmail);
		if (!secret) throw new Error(`TOTP is not enabled for ${forEmail}`);
		return totp(secret, atMs);
	};
	/** A code that stays valid for the next two seconds (Directus accepts the current 30 s step only). */
	const freshOtp = async (forEmail: string): Promise<string> => {
		const left = msLeftInStep();
		if (left < 2_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
		return otp(forEmail);
	};
	const login = async (body: DirectusLogin = {}): Promise<HttpResponse> =>
		await request('POST', `${url}/auth/login`, {
			body: { email: self.email, password: self.password, ...body },
		});
	const accessToken = async (
		user = { email: self.email, password: self.password },
	): Promise<string> => {
		const extra = secrets.has(user.email) ? { otp: await freshOtp(user.email) } : {};
		const answer = expectStatus(await login({ ...user, ...extra }), 200, `login of ${user.email}`);
		return (answer.json as { data: { access_token: string } }).data.access_token;
	};
	const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
	const userByEmail = async (forEmail: string): Promise<string> => {
		const admin = await accessToken();
		const answer = expectStatus(
			await request(
				'GET',
				`${url}/users?filter[email][_eq]=${encodeURIComponent(forEmail)}&fields=id`,
				{ headers: bearer(admin) },
			),
			200,
			`looking up ${forEmail}`,
		);
		const found = (answer.json as { data: Array<{ id: string }> }).data[0];
		if (!found) throw new Error(`no Directus user ${forEmail}`);
		return found.id;
	};
	const close = async (): Promise<void> => {
		await server.stop();
		await removeTempDir(dir);
	};
	try {
		const me = expectStatus(
			await request('GET', `${url}/users/me?fields=id,role`, {
				headers: bearer(await accessToken()),
			}),
			200,
			'GET /users/me',
		).json as { data: { id: string; role: string } };
		self.userId = me.data.id;
		self.adminRoleId = me.data.role;
	} catch (error) {
		const log = tailOf(logFile);
		await close();
		throw new Error(`${(error as Error).message}\n${log}`);
	}
	return Object.assign(self, {
		login,
		accessToken,
		otp,
		async enableTotp(user = { email: self.email, password: self.password }) {
			const token = await accessToken(user);
			const generated = expectStatus(
				await request('POST', `${url}/users/me/tfa/generate`, {
					headers: bearer(token),
					body: { password: user.password },
				}),
				200,
				'POST /users/me/tfa/generate',
			).json as { data: { secret: string; otpauth_url: string } };
			const secret = generated.data.secret;
			secrets.set(user.email, secret);
			try {
				expectStatus(
					await request('POST', `${url}/users/me/tfa/enable`, {
						headers: bearer(token),
						body: { secret, otp: await freshOtp(user.email) },
					}),
					204,
					'POST /users/me/tfa/enable',
				);
			} catch (error) {
				secrets.delete(user.email);
				throw error;
			}
			return { secret };
		},
		async disableTotp(user = { email: self.email, password: self.password }) {
			const token = await accessToken(user);
			expectStatus(
				await request('POST', `${url}/users/me/tfa/disable`, {
					headers: bearer(token),
					body: { otp: await freshOtp(user.email) },
				}),
				204,
				'POST /users/me/tfa/disable',
			);
			secrets.delete(user.email);
		},
		async setPassword(newPassword: string, forEmail = self.email) {
			const id = forEmail === self.email ? self.userId : await userByEmail(forEmail);
			expectStatus(
				await request('PATCH', `${url}/users/${id}?fields=id`, {
					headers: bearer(await accessToken()),
					body: { password: newPassword },
				}),
				200,
				`PATCH /users/${id}`,
			);
			if (forEmail === self.email) self.password = newPassword;
		},
		async createUser(user: { email: string; password: string; admin?: boolean }) {
			const created = expectStatus(
				await request('POST', `${url}/users?fields=id`, {
					headers: bearer(await accessToken()),
					body: {
						email: user.email,
						password: user.password,
						status: 'active',
						...(user.admin ? { role: self.adminRoleId } : {}),
					},
				}),
				200,
				'POST /users',
			).json as { data: { id: string } };
			return { id: created.data.id, email: user.email, password: user.password };
		},
		close,
	});
}
