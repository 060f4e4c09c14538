#!/usr/bin/env node
/**
 * The publish guard: `prepack` runs `npm run build`, then this (see "Publishing" in README.md).
 * Refuses, with exit code 1, unless:
 *   - dist/ holds a build of every package source (credentials/, nodes/, shared/) that is at least
 *     as new as the source, and nothing else (no output of a deleted source);
 *   - the tarball npm would pack holds every file package.json's `n8n` field lists and every file of
 *     dist/;
 *   - `main`, if present, names a file in the tarball.
 * Plain Node, no dependencies.
 */
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SOURCE_DIRS = ['credentials', 'nodes', 'shared'];
const COPIED = /\.(png|svg)$|\.node\.json$/; // gulpfile.js copies these beside the compiled files

function walk(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? walk(full) : [full];
	});
}

const rel = (file) => path.relative(ROOT, file).split(path.sep).join('/');

/** dist/ file(s) a source file must produce, relative to the repository. */
function expectedOutputs(source) {
	if (source.endsWith('.test.ts')) return [];
	if (source.endsWith('.d.ts')) return [];
	if (source.endsWith('.ts')) return [`dist/${source.slice(0, -3)}.js`];
	if (COPIED.test(source)) return [`dist/${source}`];
	return [];
}

function checkBuild(problems) {
	if (!fs.existsSync(path.join(ROOT, 'dist'))) {
		problems.push('dist/ is missing: run `npm run build`');
		return;
	}
	const expected = new Set();
	for (const source of SOURCE_DIRS.flatMap((dir) => walk(path.join(ROOT, dir))).map(rel)) {
		for (const output of expectedOutputs(source)) {
			expected.add(output);
			const outputPath = path.join(ROOT, output);
			const sourcePath = path.join(ROOT, source);
			if (!fs.existsSync(outputPath)) problems.push(`${output} is missing (from ${source})`);
			else if (COPIED.test(source)) {
				// gulp keeps the source's modification time on copies: compare the bytes.
				if (!fs.readFileSync(outputPath).equals(fs.readFileSync(sourcePath))) {
					problems.push(`${output} differs from ${source}`);
				}
			} else if (fs.statSync(outputPath).mtimeMs < fs.statSync(sourcePath).mtimeMs) {
				problems.push(`${output} is older than ${source}`);
			}
		}
	}
	for (const output of walk(path.join(ROOT, 'dist')).map(rel)) {
		const isCompiled = /\.js$/.test(output) && !COPIED.test(output);
		if ((isCompiled || COPIED.test(output)) && !expected.has(output)) {
			problems.push(`${output} has no source any more`);
		}
	}
}

/** The files `npm pack` would put in the tarball (without running prepack, which called us). */
function packedFiles() {
	const env = { ...process.env };
	for (const name of Object.keys(env)) if (/^npm_config_/i.test(name)) delete env[name];
	const output = execFileSync(
		process.platform === 'win32' ? 'npm.cmd' : 'npm',
		['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'],
		{ cwd: ROOT, env, encoding: 'utf8' },
	);
	return new Set(JSON.parse(output)[0].files.map((file) => file.path));
}

function checkTarball(problems) {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const packed = packedFiles();
	const listed = [...(pkg.n8n?.credentials ?? []), ...(pkg.n8n?.nodes ?? [])];
	if (listed.length === 0) problems.push('package.json lists no n8n credentials or nodes');
	for (const file of listed) {
		if (!packed.has(file)) problems.push(`${file} (package.json n8n) is not in the tarball`);
	}
	for (const file of walk(path.join(ROOT, 'dist')).map(rel)) {
		if (!packed.has(file)) problems.push(`${file} is not in the tarball`);
	}
	if (pkg.main !== undefined && !packed.has(path.posix.normalize(pkg.main))) {
		problems.push(`main (${pkg.main}) is not in the tarball`);
	}
	return packed.size;
}

function main() {
	const problems = [];
	checkBuild(problems);
	const count = problems.length === 0 ? checkTarball(problems) : 0;
	if (problems.length > 0) {
		console.error('Refusing to pack or publish: the build in dist/ is not fresh and complete.');
		for (const problem of problems.slice(0, 20)) console.error(`  - ${problem}`);
		if (problems.length > 20) console.error(`  … and ${problems.length - 20} more`);
		console.error('`npm run build` makes a fresh build; see "Publishing" in README.md.');
		process.exitCode = 1;
		return;
	}
	console.error(`[check-package] dist/ is fresh; the tarball holds ${count} files.`);
}

main();
