/**
 * n8n's verification scanner (@n8n/scan-community-package 0.32.0, its own ESLint config) accepts the
 * package: its lint passes on the source and on the tarball `npm run package` produces from a copy
 * of the repository without dist/ (prepack builds, then scripts/check-package.js checks). Also: our ESLint
 * config applies every rule of @n8n/node-cli's to the package sources, and the publish guard refuses
 * a stale build.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SCAN = path.join(__dirname, 'scan.mjs');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
	n8n: { credentials: string[]; nodes: string[] };
};
const N8N_FILES = [...PACKAGE.n8n.credentials, ...PACKAGE.n8n.nodes];

interface ScanResult {
	passed: boolean;
	message: string | null;
	errorCount: number;
	details: string | null;
	linted: string[];
}

type RuleEntry = unknown[];
type RulesByFile = Record<
	string,
	{ ours: Record<string, RuleEntry>; nodeCli: Record<string, RuleEntry> }
>;

function runScan<T>(...args: string[]): T {
	return JSON.parse(
		execFileSync(process.execPath, [SCAN, ...args], {
			cwd: ROOT,
			encoding: 'utf8',
			maxBuffer: 64 * 1024 * 1024,
		}),
	) as T;
}

/** npm without the npm_config_* settings of an enclosing `npm test`. */
function npm(
	args: string[],
	cwd: string,
): { status: number | null; stdout: string; stderr: string } {
	const env = { ...process.env };
	for (const name of Object.keys(env)) if (/^npm_config_/i.test(name)) delete env[name];
	const result = spawnSync('npm', args, { cwd, env, encoding: 'utf8' });
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What a clone holds of the package (no dist/, no tests), with the repository's node_modules. */
function copyRepository(target: string): void {
	const entries = [
		'package.json',
		'package-lock.json',
		'.npmrc',
		'README.md',
		'LICENSE',
		'tsconfig.json',
		'tsconfig.build.json',
		'gulpfile.js',
		'credentials',
		'nodes',
		'shared',
		'scripts/bootstrap.js',
		'scripts/check-package.js',
	];
	for (const entry of entries) {
		fs.cpSync(path.join(ROOT, entry), path.join(target, entry), { recursive: true });
	}
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(target, 'node_modules'), 'dir');
}

let work: string;
let clone: string;
let unpacked: string;
let packOutput: { status: number | null; stdout: string; stderr: string };

beforeAll(() => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'login-token-scan-'));
	clone = path.join(work, 'clone');
	unpacked = path.join(work, 'unpacked');
	fs.mkdirSync(clone);
	fs.mkdirSync(unpacked);
	copyRepository(clone);
	packOutput = npm(['run', 'package', '--silent'], clone);
	const tarball = path.join(clone, `${PACKAGE.name}-${PACKAGE.version}.tgz`);
	if (fs.existsSync(tarball)) {
		execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
	}
}, 300_000);

afterAll(() => {
	fs.rmSync(work, { recursive: true, force: true });
});

describe('n8n verification scanner', () => {
	it('passes on the source: credentials/, nodes/ and package.json, no error', () => {
		const result = runScan<ScanResult>('source', ROOT);
		expect(result.details).toBeNull();
		expect(result).toMatchObject({ passed: true, message: null, errorCount: 0 });
		expect(result.linted).toEqual(
			expect.arrayContaining([
				'package.json',
				'credentials/LoginTokenApi.credentials.ts',
				'nodes/TokenHttpRequest/TokenHttpRequest.node.ts',
				'nodes/TokenStatus/TokenStatus.node.ts',
			]),
		);
	}, 120_000);

	it('npm run package in a copy without dist/ builds first and packs every file n8n loads', () => {
		expect(packOutput.stderr).toContain('[check-package] dist/ is fresh');
		expect(packOutput.status).toBe(0);
		const packed = fs.readdirSync(path.join(unpacked, 'dist'), { recursive: true }).map(String);
		for (const file of N8N_FILES) {
			expect(packed).toContain(path.relative('dist', file));
		}
		expect(packed).toEqual(
			expect.arrayContaining([
				'credentials/loginTokenApi.svg',
				'nodes/TokenHttpRequest/TokenHttpRequest.node.json',
				'nodes/TokenStatus/TokenStatus.node.json',
			]),
		);
		const manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8'));
		expect(manifest.main).toBeUndefined();
	});

	it('passes on the packed tarball: compiled .js and package.json, no error', () => {
		const result = runScan<ScanResult>('tarball', unpacked);
		expect(result.details).toBeNull();
		expect(result).toMatchObject({ passed: true, message: null, errorCount: 0 });
		expect(result.linted).toEqual(expect.arrayContaining(['package.json', ...N8N_FILES]));
	}, 120_000);

	it('reports errors it should: a console.log in a node and an author without email', () => {
		const broken = path.join(work, 'broken');
		for (const entry of ['package.json', 'credentials', 'nodes']) {
			fs.cpSync(path.join(ROOT, entry), path.join(broken, entry), { recursive: true });
		}
		const pkg = JSON.parse(fs.readFileSync(path.join(broken, 'package.json'), 'utf8'));
		pkg.author = { name: PACKAGE.name };
		fs.writeFileSync(path.join(broken, 'package.json'), JSON.stringify(pkg, null, '\t'));
		const node = path.join(broken, 'nodes/TokenStatus/TokenStatus.node.ts');
		// An inline disable comment must not help: the scanner runs with allowInlineConfig false.
		fs.appendFileSync(node, '\n// eslint-disable-next-line\nconsole.log("debug");\n');

		const result = runScan<ScanResult>('source', broken);
		expect(result).toMatchObject({
			passed: false,
			message: 'ESLint violations found',
			errorCount: 2,
		});
		expect(result.details).toContain('@n8n/community-nodes/valid-author');
		expect(result.details).toContain('no-console');
	}, 120_000);
});

describe('ESLint config', () => {
	it('applies every rule of @n8n/node-cli/eslint, with the same settings, to the package sources', () => {
		const files = [
			'package.json',
			'credentials/LoginTokenApi.credentials.ts',
			'nodes/TokenHttpRequest/TokenHttpRequest.node.ts',
			'nodes/TokenStatus/TokenStatus.node.ts',
			'shared/engine/config.ts',
			'shared/runtime/tokenRequest.ts',
		];
		const byFile = runScan<RulesByFile>('rules', ROOT, ...files);
		for (const file of files) {
			const { ours, nodeCli } = byFile[file];
			const differing = Object.keys(nodeCli).filter(
				(rule) => JSON.stringify(ours[rule]) !== JSON.stringify(nodeCli[rule]),
			);
			expect({ file, differing }).toEqual({ file, differing: [] });
			// Not vacuous: node-cli's config has rules for every one of these files.
			expect(Object.keys(nodeCli).length).toBeGreaterThan(50);
		}
	}, 120_000);
});

describe('publish guard (scripts/check-package.js)', () => {
	it('refuses a build older than its source', () => {
		const source = path.join(clone, 'shared/engine/config.ts');
		const future = new Date(Date.now() + 60_000);
		fs.utimesSync(source, future, future);
		const result = spawnSync(process.execPath, ['scripts/check-package.js'], {
			cwd: clone,
			encoding: 'utf8',
		});
		expect(result.status).toBe(1);
		expect(result.stderr).toContain(
			'Refusing to pack or publish: the build in dist/ is not fresh and complete.\n' +
				'  - dist/shared/engine/config.js is older than shared/engine/config.ts\n',
		);
	});

	it('refuses without dist/', () => {
		fs.rmSync(path.join(clone, 'dist'), { recursive: true, force: true });
		const result = spawnSync(process.execPath, ['scripts/check-package.js'], {
			cwd: clone,
			encoding: 'utf8',
		});
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('  - dist/ is missing: run `npm run build`\n');
	});
});
