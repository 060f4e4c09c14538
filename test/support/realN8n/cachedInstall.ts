/**
 * What the cached installs share (n8n releases in install.ts, the real token servers in
 * ../realServers/install.ts): one install at a time per key in this process, and one across
 * parallel jest workers and processes (a lock folder made by atomic mkdir, with the holder's pid).
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

import { collect, sleep } from './io';
import { isAlive, spawnGroup, waitForExit } from './processes';
import { repoRoot } from './versions';

/** One promise per key while it is pending or fulfilled; a rejected one is forgotten, so the next call tries again. */
export function oncePerKey<T>(run: (key: string) => Promise<T>): (key: string) => Promise<T> {
	const pending = new Map<string, Promise<T>>();
	return async (key) => {
		let promise = pending.get(key);
		if (!promise) {
			promise = run(key).catch((error: unknown) => {
				pending.delete(key);
				throw error;
			});
			pending.set(key, promise);
		}
		return await promise;
	};
}

export interface InstallScript {
	/** for messages: `[realN8n]`, `[realServers]` */
	tag: string;
	/** what is installed, for messages: `n8n 2.41.1`, `directus` */
	what: string;
	/** the lock folder (beside the installs) */
	lock: string;
	/** true once the install is complete (its `.complete` marker) */
	done: () => boolean;
	/** the script (a path in dev/) and its arguments, and its environment on top of ours */
	script: string;
	args?: string[];
	env: Record<string, string>;
	/** the folder the script prints last on stdout */
	expected: string;
	/** how often a waiting process looks whether the holder finished */
	pollMs: number;
}

/** Runs the install script unless another process is running it (then waits for it), with its progress on our stderr. */
export async function runInstallScriptLocked(install: InstallScript): Promise<void> {
	await fsp.mkdir(path.dirname(install.lock), { recursive: true });
	for (;;) {
		try {
			await fsp.mkdir(install.lock);
			break;
		} catch {
			const holder = Number(
				await fsp.readFile(path.join(install.lock, 'pid'), 'utf8').catch(() => 'NaN'),
			);
			if (Number.isInteger(holder) && !isAlive(holder)) {
				await fsp.rm(install.lock, { recursive: true, force: true }); // stale lock of a dead process
				continue;
			}
			process.stderr.write(
				`${install.tag} waiting for another ${install.what} install (pid ${holder})\n`,
			);
			await sleep(install.pollMs);
			if (install.done()) return;
		}
	}
	try {
		await fsp.writeFile(path.join(install.lock, 'pid'), String(process.pid));
		if (install.done()) return;
		const root = repoRoot();
		// stdout carries only the folder; stderr (progress) goes straight to ours.
		const child = spawnGroup('bash', [install.script, ...(install.args ?? [])], {
			cwd: root,
			env: { ...process.env, ...install.env },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		const stdout = collect(child.stdout);
		const code = await waitForExit(child, 30 * 60_000);
		const name = [path.relative(root, install.script), ...(install.args ?? [])].join(' ');
		if (code !== 0) throw new Error(`${name} failed with exit code ${code}`);
		const printed = (await stdout).trim().split('\n').pop();
		if (printed !== install.expected)
			process.stderr.write(
				`${install.tag} installer printed ${printed}, expected ${install.expected}\n`,
			);
	} finally {
		await fsp.rm(install.lock, { recursive: true, force: true });
	}
}

/** For callers that check a marker file. */
export const hasMarker = (dir: string): boolean => fs.existsSync(path.join(dir, '.complete'));
