#!/usr/bin/env node
/**
 * First step of `npm start`, `npm test` and the other npm scripts: makes sure the dev dependencies
 * are installed, so a fresh clone needs no `npm ci` of its own. Plain Node, no dependencies (it runs
 * before any exist). Installs with `npm ci` when node_modules is missing, when a tool the scripts
 * call is missing, or when node_modules does not match package-lock.json (npm writes what it
 * installed to node_modules/.package-lock.json; a changed lockfile, e.g. after `git pull`, shows
 * up as a different version there).
 */
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BINARIES = ['tsc', 'jest', 'eslint', 'gulp', 'prettier'];

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

/** Why node_modules needs an install, or '' when it matches package-lock.json. */
function staleReason(root = ROOT) {
	const modules = path.join(root, 'node_modules');
	if (!fs.existsSync(modules)) return 'node_modules is missing';
	const missing = BINARIES.filter((name) => !fs.existsSync(path.join(modules, '.bin', name)));
	if (missing.length > 0) return `node_modules/.bin lacks ${missing.join(', ')}`;
	const wanted = readJson(path.join(root, 'package-lock.json'));
	const installed = readJson(path.join(modules, '.package-lock.json'));
	if (!wanted?.packages) return ''; // no lockfile to compare with: npm ci would fail anyway
	if (!installed?.packages) return 'node_modules/.package-lock.json is missing';
	for (const [location, entry] of Object.entries(wanted.packages)) {
		// The root entry, linked workspaces and optional packages for other platforms are never installed.
		if (location === '' || entry.link || entry.optional || entry.devOptional) continue;
		if (installed.packages[location]?.version !== entry.version) {
			return `${location.replace(/^node_modules\//, '')} ${entry.version} is not installed`;
		}
	}
	return '';
}

/**
 * `npm run` exports its settings to child processes as npm_config_* variables (among them
 * npm_config_loglevel=silent for `npm start --silent`); an install must not inherit them. What
 * locates the cache, the user's config and the registry is kept.
 */
function cleanEnv() {
	const keep = new Set([
		'npm_config_cache',
		'npm_config_userconfig',
		'npm_config_globalconfig',
		'npm_config_registry',
		'npm_config_proxy',
		'npm_config_https_proxy',
		'npm_config_noproxy',
		'npm_config_cafile',
		'npm_config_strict_ssl',
	]);
	const env = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (/^npm_config_/i.test(name) && !keep.has(name.toLowerCase())) continue;
		env[name] = value;
	}
	return env;
}

/** Top-level packages whose package.json is in place: npm creates the folders first, then fills them. */
function unpackedCount() {
	const modules = path.join(ROOT, 'node_modules');
	const list = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);
	let count = 0;
	for (const name of list(modules)) {
		const names = name.startsWith('@')
			? list(path.join(modules, name)).map((n) => `${name}/${n}`)
			: [name];
		for (const entry of names)
			if (fs.existsSync(path.join(modules, entry, 'package.json'))) count++;
	}
	return count;
}

function npmCi() {
	const started = Date.now();
	const seconds = () => Math.round((Date.now() - started) / 1000);
	// --ignore-scripts whatever .npmrc says: dev-only packages carry install scripts that download
	// native binaries or insist on pnpm (see .npmrc); none of them is needed here.
	const args = ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'];
	console.error(`[bootstrap] npm ${args.join(' ')} (under a minute to a few minutes, once)`);
	const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
		cwd: ROOT,
		env: cleanEnv(),
		stdio: ['ignore', 'inherit', 'inherit'],
	});
	// npm prints nothing until it is done when its output is not a terminal (CI, pipes).
	const lock = readJson(path.join(ROOT, 'package-lock.json'));
	const total = Object.entries(lock?.packages ?? {}).filter(
		([location, entry]) =>
			/^node_modules\/(@[^/]+\/)?[^/@]+$/.test(location) && !entry.optional && !entry.devOptional,
	).length;
	const progress = setInterval(() => {
		const unpacked = unpackedCount();
		const state =
			unpacked === 0 ? 'fetching packages' : `${unpacked} of ${total} packages unpacked`;
		console.error(`[bootstrap +${seconds()}s] still installing (${state})`);
	}, 15_000);
	return new Promise((resolve) => {
		child.on('error', (error) => {
			clearInterval(progress);
			console.error(`[bootstrap] could not run npm: ${error.message}`);
			resolve(1);
		});
		child.on('exit', (code, signal) => {
			clearInterval(progress);
			if (code === 0) console.error(`[bootstrap +${seconds()}s] dev dependencies installed`);
			else console.error(`[bootstrap] npm ci failed (${signal ?? `exit code ${code}`})`);
			resolve(code ?? 1);
		});
	});
}

async function main() {
	const reason = staleReason();
	if (reason === '') return;
	console.error(`[bootstrap] installing the dev dependencies: ${reason}`);
	process.exitCode = await npmCi();
	if (process.exitCode === 0 && staleReason() !== '') {
		console.error(`[bootstrap] still incomplete after npm ci: ${staleReason()}`);
		process.exitCode = 1;
	}
}

if (require.main === module) void main();

module.exports = { staleReason };
