/**
 * Long-running children of the queue-mode harness (Redis, PostgreSQL, n8n workers), started and
 * stopped with the real-n8n harness's process groups (realN8n/processes.ts: spawnGroup, stopChild),
 * so killing -pid also ends what a child spawned (n8n's task runner, PostgreSQL's backends under
 * runuser). Every child is killed when this process exits or is interrupted, and temporary folders
 * registered here are removed then too.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

import { atExit, hasExited, spawnGroup } from '../realN8n/processes';

export { stopChild } from '../realN8n/processes';

const folders = new Set<string>();
let foldersRemovedAtExit = false;

/** Removed on exit (and by removeFolder). */
export function registerFolder(folder: string): void {
	if (!foldersRemovedAtExit) {
		foldersRemovedAtExit = true;
		atExit(() => {
			for (const left of folders) fs.rmSync(left, { recursive: true, force: true });
		});
	}
	folders.add(folder);
}

export async function removeFolder(folder: string): Promise<void> {
	folders.delete(folder);
	await fs.promises.rm(folder, { recursive: true, force: true });
}

/** A child in its own process group (realN8n/processes.ts), its output appended to `logFile` if given. */
export function spawnTracked(
	command: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv; logFile?: string },
): ChildProcess {
	const log = options.logFile ? fs.openSync(options.logFile, 'a') : undefined;
	const child = spawnGroup(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		stdio: log === undefined ? 'ignore' : ['ignore', log, log],
	});
	if (log !== undefined) fs.closeSync(log);
	return child;
}

export async function sleepMs(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

export function tailOf(file: string, chars = 3000): string {
	try {
		return fs.readFileSync(file, 'utf8').slice(-chars);
	} catch {
		return '';
	}
}

/** Polls `probe` until it is true, the child died, or the time is up. */
export async function waitUntil(
	what: string,
	probe: () => Promise<boolean>,
	options: { child?: ChildProcess; logFile?: string; timeoutMs?: number },
): Promise<void> {
	const deadline = Date.now() + (options.timeoutMs ?? 60_000);
	while (Date.now() < deadline) {
		if (options.child && hasExited(options.child))
			throw new Error(`${what}: the process exited\n${tailOf(options.logFile ?? '')}`);
		if (await probe().catch(() => false)) return;
		await sleepMs(200);
	}
	throw new Error(`${what}: not ready in time\n${tailOf(options.logFile ?? '')}`);
}
