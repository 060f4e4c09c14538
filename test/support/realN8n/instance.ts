/**
 * One isolated n8n: its own user folder (SQLite database, community packages), driven through the
 * CLI (imports, exports, headless `execute` runs, each a new n8n process) and, for what only the
 * editor does, a server (server.ts). Every process it starts is stopped by cleanup().
 */
import type { ChildProcess, StdioOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

import { SIGSEGV_EXIT, toExecuteResult, type ExecuteResult } from './executeOutput';
import { freePort } from './http';
import type { ImportCredential, ImportWorkflow } from './importTypes';
import { ensureN8n, type N8nInstall } from './install';
import { collect } from './io';
import { killGroup, spawnGroup, stopChild, waitForExit } from './processes';
import {
	startServer,
	testCredential,
	type CredentialTestResult,
	type N8nServer,
	type ServerHost,
} from './server';

/** Fixed so encrypted data stays readable across runs of one instance and in failure reports. */
export const E2E_ENCRYPTION_KEY = 'n8n-nodes-login-token-e2e-fixed-encryption-key';

export class N8nInstance implements ServerHost {
	/** Everything of this instance lives below `root` (user folder, scratch files, server logs). */
	readonly root: string;
	/** N8N_USER_FOLDER; n8n keeps its data in `<userFolder>/.n8n`. */
	readonly userFolder: string;
	readonly n8nFolder: string;
	readonly dbPath: string;
	/** Community packages folder (an npm project): `<userFolder>/.n8n/nodes`. */
	readonly nodesDir: string;
	private readonly servers = new Set<N8nServer>();
	private readonly children = new Set<ChildProcess>();
	private scratchCounter = 0;

	private constructor(
		readonly install: N8nInstall,
		root: string,
		private readonly extraEnv: Record<string, string>,
		private readonly temporary: boolean,
	) {
		this.root = root;
		this.userFolder = path.join(root, 'user');
		this.n8nFolder = path.join(this.userFolder, '.n8n');
		this.dbPath = path.join(this.n8nFolder, 'database.sqlite');
		this.nodesDir = path.join(this.n8nFolder, 'nodes');
	}

	/**
	 * A fresh user folder in the temp dir, or in `root` (kept by cleanup: the `npm start` demo
	 * keeps the editor's data between starts). With `packageTarball` (an `npm pack` output),
	 * installs it into `.n8n/nodes` the way n8n's community package installer lays it out; its
	 * nodes then get types `<packageName>.<nodeName>`, its credentials keep their plain names.
	 * `version` defaults to n8nVersion() (N8N_VERSION or package.json's default).
	 */
	static async create(
		options: {
			packageTarball?: string;
			env?: Record<string, string>;
			root?: string;
			version?: string;
		} = {},
	): Promise<N8nInstance> {
		const install = await ensureN8n(options.version);
		const root = options.root ?? (await fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-')));
		const instance = new N8nInstance(install, root, options.env ?? {}, options.root === undefined);
		await fsp.mkdir(instance.nodesDir, { recursive: true });
		if (options.packageTarball) await instance.installPackage(options.packageTarball);
		return instance;
	}

	async installPackage(tarball: string): Promise<void> {
		const packageJson = path.join(this.nodesDir, 'package.json');
		if (!fs.existsSync(packageJson)) {
			await fsp.writeFile(packageJson, JSON.stringify({ name: 'installed-nodes', private: true }));
		}
		// --ignore-scripts: no build on install; --legacy-peer-deps: do not fetch n8n-workflow (the
		// peer dependency), n8n provides it; --prefer-offline: no registry round trips if cached.
		const args = [
			'install',
			path.resolve(tarball),
			'--ignore-scripts',
			'--legacy-peer-deps',
			'--prefer-offline',
			'--no-audit',
			'--no-fund',
			'--loglevel=error',
		];
		const child = this.spawn('npm', args, { cwd: this.nodesDir, env: process.env });
		const [stdout, stderr, code] = await Promise.all([
			collect(child.stdout),
			collect(child.stderr),
			waitForExit(child, 5 * 60_000),
		]);
		if (code !== 0)
			throw new Error(`npm install ${tarball} failed (${code}):\n${stdout}\n${stderr}`);
	}

	/** Environment of every n8n process of this instance. */
	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		const env: NodeJS.ProcessEnv = {};
		for (const [key, value] of Object.entries(process.env)) {
			// Keep the outer shell's n8n/DB settings out. NODE_ENV=test (set by jest) would make n8n
			// refuse to load nodes ("Not available in tests"); =production turns on login rate limits.
			if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$|NODE_ENV$|NODE_OPTIONS$)/.test(key))
				continue;
			env[key] = value;
		}
		const noProxy = [process.env.NO_PROXY ?? process.env.no_proxy, '127.0.0.1,localhost,::1']
			.filter(Boolean)
			.join(',');
		return {
			...env,
			PATH: `${this.install.binDir}${path.delimiter}${process.env.PATH ?? ''}`,
			NO_PROXY: noProxy,
			no_proxy: noProxy,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
			// No phoning home, no banners: quiet and offline-friendly.
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false', // plain http on 127.0.0.1
			// `n8n execute` prints the run through the logger at info level, as plain text.
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_LOG_FORMAT: 'text',
			// Load packages from .n8n/nodes (defaults, made explicit), never reinstall from npm.
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			// SSRF protection is off by default in 2.41.1; if a test turns it on, loopback stays allowed
			// for the mock APIs on 127.0.0.1.
			N8N_SSRF_PROTECTION_ENABLED: 'false',
			N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.0/8,::1/128',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			GENERIC_TIMEZONE: 'UTC',
			...this.extraEnv,
			...extra,
		};
	}

	/** Runs one n8n CLI command to completion. Each gets its own task-broker port (default 5679). */
	async cli(
		args: string[],
		options: { timeoutMs?: number; env?: Record<string, string> } = {},
	): Promise<{ exitCode: number; stdout: string; stderr: string; durationMs: number }> {
		const started = Date.now();
		const env = this.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...options.env });
		const child = this.spawn(this.install.node, [this.install.n8nBin, ...args], {
			cwd: this.root,
			env,
		});
		const stdout = collect(child.stdout);
		const stderr = collect(child.stderr);
		let exitCode: number;
		try {
			const code = await waitForExit(child, options.timeoutMs ?? 180_000);
			// A signal death has no exit code: report it as 128+n like a shell would, never as success.
			exitCode = code ?? 128 + (os.constants.signals[child.signalCode ?? 'SIGKILL'] ?? 9);
		} catch (error) {
			killGroup(child, 'SIGKILL');
			throw new Error(
				`n8n ${args.join(' ')}: ${(error as Error).message}\n${(await stdout).slice(-4000)}`,
			);
		}
		return {
			exitCode,
			stdout: await stdout,
			stderr: await stderr,
			durationMs: Date.now() - started,
		};
	}

	async importCredentials(credentials: ImportCredential[]): Promise<void> {
		await this.importFile('import:credentials', credentials);
	}

	/** Imported workflows are always inactive; `execute --id` does not need them active. */
	async importWorkflows(workflows: ImportWorkflow[]): Promise<void> {
		await this.importFile('import:workflow', workflows);
	}

	private async importFile(command: string, items: unknown[]): Promise<void> {
		// The file may hold plain secrets: keep it outside the user folder and delete it at once.
		const file = path.join(this.root, `import-${++this.scratchCounter}.json`);
		await fsp.writeFile(file, JSON.stringify(items));
		try {
			const result = await this.cli([command, `--input=${file}`]);
			// import:workflow starts the expression engine too, so it can hit the same exit-time
			// segfault as execute (see ExecuteResult.crashedAfterRun) after a complete import.
			const importedThenCrashed =
				result.exitCode === SIGSEGV_EXIT && /Successfully imported \d+/.test(result.stdout);
			if (result.exitCode !== 0 && !importedThenCrashed) {
				throw new Error(
					`n8n ${command} failed (${result.exitCode}):\n${result.stdout.slice(-4000)}${result.stderr}`,
				);
			}
		} finally {
			await fsp.rm(file, { force: true });
		}
	}

	/** Decrypted credentials as stored now (e.g. to see what preAuthentication persisted). */
	async exportCredentials(): Promise<ImportCredential[]> {
		const file = path.join(this.root, `export-${++this.scratchCounter}.json`);
		try {
			const result = await this.cli([
				'export:credentials',
				'--all',
				'--decrypted',
				`--output=${file}`,
			]);
			if (result.exitCode !== 0)
				throw new Error(`n8n export:credentials failed:\n${result.stdout.slice(-4000)}`);
			return JSON.parse(await fsp.readFile(file, 'utf8')) as ImportCredential[];
		} finally {
			await fsp.rm(file, { force: true });
		}
	}

	/** `n8n execute --id`: runs the workflow from its Manual Trigger, headless, mode 'cli'. */
	async execute(
		workflowId: string,
		options: { timeoutMs?: number; env?: Record<string, string> } = {},
	): Promise<ExecuteResult> {
		const result = await this.cli(['execute', `--id=${workflowId}`], options);
		return toExecuteResult(result.exitCode, result.stdout, result.stderr, result.durationMs);
	}

	/**
	 * `n8n start` (see server.ts). Do not run CLI commands on this instance while it runs (one
	 * SQLite file, two writers).
	 */
	async startServer(options: { port?: number; timeoutMs?: number } = {}): Promise<N8nServer> {
		const server = await startServer(this, options);
		this.servers.add(server);
		const stop = server.stop;
		server.stop = async () => {
			await stop();
			this.servers.delete(server);
		};
		return server;
	}

	/** The editor's credential "Test" button (see server.ts testCredential). */
	async testCredential(
		server: N8nServer,
		credentialId: string,
		data?: Record<string, unknown>,
	): Promise<CredentialTestResult> {
		return await testCredential(server, credentialId, data);
	}

	/** True if `text` occurs in any of the SQLite files (main file, WAL, shared memory). */
	async databaseContains(text: string): Promise<boolean> {
		const needle = Buffer.from(text, 'utf8');
		for (const suffix of ['', '-wal', '-shm', '-journal']) {
			const content = await fsp.readFile(this.dbPath + suffix).catch(() => undefined);
			if (content?.includes(needle)) return true;
		}
		return false;
	}

	/** Stops servers, kills leftover children, deletes the folder. Safe to call twice. */
	async cleanup(): Promise<void> {
		await Promise.all([...this.servers].map(async (server) => await server.stop()));
		await Promise.all([...this.children].map(async (child) => await stopChild(child, 2_000)));
		if (this.temporary) await fsp.rm(this.root, { recursive: true, force: true });
	}

	/** Starts a child of this instance (its own process group, stopped by cleanup()). */
	spawn(
		command: string,
		args: string[],
		options: { cwd: string; env: NodeJS.ProcessEnv; stdio?: StdioOptions },
	): ChildProcess {
		const child = spawnGroup(command, args, options);
		this.children.add(child);
		child.once('exit', () => this.children.delete(child));
		return child;
	}
}
