/**
 * Where the repository is and which n8n releases it is tested against. The releases live in one
 * place only, package.json `config`: `n8nVersions` (every tested release) and `n8nVersion` (the
 * default, one of them). N8N_VERSION picks another for one run.
 */
import * as fs from 'node:fs';
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

interface N8nVersionConfig {
	n8nVersion?: unknown;
	n8nVersions?: unknown;
}

function versionConfig(): { defaultVersion: string; versions: string[] } {
	const manifest = path.join(repoRoot(), 'package.json');
	const { config = {} } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as {
		config?: N8nVersionConfig;
	};
	const versions = config.n8nVersions;
	const defaultVersion = config.n8nVersion;
	if (
		!Array.isArray(versions) ||
		!versions.every((v) => typeof v === 'string') ||
		typeof defaultVersion !== 'string' ||
		!versions.includes(defaultVersion)
	) {
		throw new Error(
			'package.json config needs n8nVersions (a list of n8n releases) and n8nVersion (one of them)',
		);
	}
	return { defaultVersion, versions: versions as string[] };
}

/** Every n8n release the package is tested against (package.json `config.n8nVersions`). */
export function testedN8nVersions(): string[] {
	return versionConfig().versions;
}

/** The release used when N8N_VERSION is not set (package.json `config.n8nVersion`). */
export function defaultN8nVersion(): string {
	return versionConfig().defaultVersion;
}

/** The n8n release this process drives: N8N_VERSION, else the default. */
export function n8nVersion(): string {
	return process.env.N8N_VERSION || defaultN8nVersion();
}
