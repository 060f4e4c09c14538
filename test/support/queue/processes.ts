/**
 * Long-running children of the queue-mode harness (Redis, PostgreSQL, n8n workers). Each child
 * leads its own process group, so killing -pid also ends what it spawned (n8n's task runner,
 * PostgreSQL's backends under runuser). Every child is killed when this process exits or is
 * interrupted, and temporary folders registered here are removed then too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';

const live = new Set<ChildProcess>();
const folders = new Set<string>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// ESRCH: already gone.
	}
}

function killAllNow(): void {
	for (const child of live) killGroup(child, 'SIGKILL');
	for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
}

process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	const onSignal = (): void => {
		killAllNow();
		process.removeListener(signal, onSignal);
		process.kill(process.pid, signal);
	};
	process.on(signal, onSignal);
}

/** Removed on exit (and by removeFolder). */
export function registerFolder(folder: string): void {
	folders.add(folder);
}

export async function removeFolder(folder: string): Promise<void> {
	folders.delete(folder);
	await fs.promises.rm(folder, { recursive: true, force: true });
}

export function spawnTracked(
	command: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv; logFile?: string },
): ChildProcess {
	const log = options.logFile ? fs.openSync(options.logFile, 'a') : undefined;
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		stdio: log === undefined ? 'ignore' : ['ignore', log, log],
		detached: true,
	});
	if (log !== undefined) fs.closeSync(log);
	live.add(child);
	child.once('exit', () => {
		live.delete(child);
		killGroup(child, 'SIGKILL'); // stragglers of its group
	});
	return child;
}

export function hasExited(child: ChildProcess): boolean {
	return child.exitCode !== null || child.signalCode !== null;
}

async function waitExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
	if (hasExited(child)) return true;
	let timer: NodeJS.Timeout | undefined;
	const timedOut = new Promise<false>((resolve) => {
		timer = setTimeout(() => resolve(false), timeoutMs);
	});
	const exited = once(child, 'exit').then(() => true);
	const result = await Promise.race([exited, timedOut]);
	clearTimeout(timer);
	return result;
}

/** `signal` to the group, SIGKILL after `graceMs`. */
export async function stopTracked(
	child: ChildProcess,
	signal: NodeJS.Signals = 'SIGTERM',
	graceMs = 10_000,
): Promise<void> {
	if (hasExited(child)) return;
	killGroup(child, signal);
	if (await waitExit(child, graceMs)) return;
	killGroup(child, 'SIGKILL');
	await waitExit(child, 5_000);
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
