/**
 * scripts/bootstrap.js decides when the npm scripts must run `npm ci` first. The install itself is proved
 * by .ci/run's fresh-clone step (the README's two commands with no node_modules).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { staleReason } from '../../scripts/bootstrap';

const BINARIES = ['tsc', 'jest', 'eslint', 'gulp', 'prettier'];

let root: string;

function writeJson(file: string, value: unknown): void {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify(value));
}

function lock(packages: Record<string, object>): object {
	return { lockfileVersion: 3, packages: { '': { name: 'x' }, ...packages } };
}

/** A folder that looks like `npm ci` installed `installed` for a lockfile asking for `wanted`. */
function setUp(wanted: Record<string, object>, installed: Record<string, object>): void {
	writeJson(path.join(root, 'package-lock.json'), lock(wanted));
	writeJson(path.join(root, 'node_modules', '.package-lock.json'), lock(installed));
	fs.mkdirSync(path.join(root, 'node_modules', '.bin'), { recursive: true });
	for (const name of BINARIES) fs.writeFileSync(path.join(root, 'node_modules', '.bin', name), '');
}

beforeEach(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'login-token-bootstrap-'));
});

afterEach(() => {
	fs.rmSync(root, { recursive: true, force: true });
});

describe('scripts/bootstrap.js staleReason', () => {
	const typescript = { 'node_modules/typescript': { version: '5.9.3', dev: true } };

	it('this repository matches its lockfile (nothing to install)', () => {
		expect(staleReason()).toBe('');
	});

	it('a fresh clone: node_modules is missing', () => {
		writeJson(path.join(root, 'package-lock.json'), lock(typescript));
		expect(staleReason(root)).toBe('node_modules is missing');
	});

	it('node_modules matches the lockfile: nothing to do', () => {
		setUp(typescript, typescript);
		expect(staleReason(root)).toBe('');
	});

	it('a tool the scripts call is missing', () => {
		setUp(typescript, typescript);
		fs.rmSync(path.join(root, 'node_modules', '.bin', 'tsc'));
		fs.rmSync(path.join(root, 'node_modules', '.bin', 'jest'));
		expect(staleReason(root)).toBe('node_modules/.bin lacks tsc, jest');
	});

	it('the lockfile asks for another version (e.g. after git pull)', () => {
		setUp({ 'node_modules/typescript': { version: '5.9.4', dev: true } }, typescript);
		expect(staleReason(root)).toBe('typescript 5.9.4 is not installed');
	});

	it('the lockfile gained a package', () => {
		setUp(
			{ ...typescript, 'node_modules/@n8n/x/node_modules/y': { version: '1.0.0' } },
			typescript,
		);
		expect(staleReason(root)).toBe('@n8n/x/node_modules/y 1.0.0 is not installed');
	});

	it('optional packages for other platforms are not expected', () => {
		setUp(
			{
				...typescript,
				'node_modules/@esbuild/darwin-arm64': { version: '0.25.0', optional: true },
			},
			typescript,
		);
		expect(staleReason(root)).toBe('');
	});

	it('node_modules without npm install record', () => {
		setUp(typescript, typescript);
		fs.rmSync(path.join(root, 'node_modules', '.package-lock.json'));
		expect(staleReason(root)).toBe('node_modules/.package-lock.json is missing');
	});
});
