import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { repoRoot } from './realN8n';

/** The package as users get it: built, then `npm pack`ed to a tarball (returns its path). */
export function packPackage(): string {
	const root = repoRoot();
	execFileSync('npm', ['run', 'build', '--silent'], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const destination = fs.mkdtempSync(path.join(os.tmpdir(), 'login-token-pack-'));
	const output = execFileSync('npm', ['pack', '--pack-destination', destination, '--silent'], {
		cwd: root,
		encoding: 'utf8',
	});
	return path.join(destination, output.trim().split('\n').pop() as string);
}
