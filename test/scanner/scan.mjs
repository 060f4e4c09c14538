/**
 * Runs n8n's verification scanner (@n8n/scan-community-package) the way it scans a published package,
 * minus the network: its own analyzePackage() with its own ESLint config, on a source folder (the
 * scanner's SOURCE_FILE_PATTERNS) or an unpacked tarball (compiled .js and package.json, as the scanner
 * does). Also reports which rules our ESLint config and @n8n/node-cli's apply to given files.
 * A separate Node process because the scanner and ESLint's config loading are ES modules, which jest's
 * CommonJS runtime cannot import. Prints one JSON object.
 *   node test/scanner/scan.mjs source <dir> | tarball <dir> | rules <repo> <file>...
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';

// NODE_ENV=test (set by jest) switches eslint-plugin-n8n-nodes-base's rules to its own test mode
// (fake file names), read when the plugin loads; the scanner never runs that way.
delete process.env.NODE_ENV;
const require = createRequire(import.meta.url);
const [mode, dirArgument, ...files] = process.argv.slice(2);
const dir = path.resolve(dirArgument ?? '.');
const scannerPath = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
const scanner = await import(scannerPath);
// The scanner's own file matcher, to list what analyzePackage lints.
const glob = require(require.resolve('fast-glob', { paths: [path.dirname(scannerPath)] }));

const TARBALL_PATTERNS = ['**/*.js', 'package.json']; // scanner.mjs analyzePackageByName, the tarball leg

/** The stylish formatter's summary line, e.g. "✖ 2 problems (2 errors, 0 warnings)". */
function countErrors(details) {
	if (!details) return 0;
	const match = /\((\d+) errors?, \d+ warnings?\)/.exec(details);
	return match ? Number(match[1]) : Number.NaN;
}

async function scan(patterns) {
	// The same file list analyzePackage lints, to show the scan was not vacuous.
	const linted = glob.sync(patterns, {
		cwd: dir,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const result = await scanner.analyzePackage(dir, patterns);
	return {
		passed: result.passed,
		message: result.message ?? null,
		errorCount: countErrors(result.details),
		details: result.details ?? null,
		linted: linted.sort(),
	};
}

async function rules() {
	const { ESLint } = await import(require.resolve('eslint', { paths: [dir] }));
	const { config } = require(require.resolve('@n8n/node-cli/eslint', { paths: [dir] }));
	const ours = new ESLint({ cwd: dir });
	const nodeCli = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config });
	const out = {};
	for (const file of files) {
		const absolute = path.resolve(dir, file);
		out[file] = {
			ours: (await ours.calculateConfigForFile(absolute))?.rules ?? {},
			nodeCli: (await nodeCli.calculateConfigForFile(absolute))?.rules ?? {},
		};
	}
	return out;
}

let output;
if (mode === 'source') output = await scan(scanner.SOURCE_FILE_PATTERNS);
else if (mode === 'tarball') output = await scan(TARBALL_PATTERNS);
else if (mode === 'rules') output = await rules();
else throw new Error(`unknown mode ${mode}`);
process.stdout.write(JSON.stringify(output));
