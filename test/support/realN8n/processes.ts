/**
 * Child-process bookkeeping. Each child is a process-group leader (detached), so killing -pid also
 * reaches the JS task runner that n8n spawns. Every child started here is killed when this process
 * exits or gets a fatal signal, so a test can never leave n8n running, and the tasks given to
 * atExit run then too; those process handlers are installed by the first spawn or atExit (or an
 * explicit installProcessCleanup()), never on import. The queue-mode harness
 * (test/support/queue/processes.ts) builds on these.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { once } from 'node:events';

const liveChildren = new Set<ChildProcess>();
const exitTasks: Array<() => void> = [];
let cleanupInstalled = false;

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// ESRCH: the group is already gone.
	}
}

function killAll(): void {
	for (const child of liveChildren) killGroup(child, 'SIGKILL');
	for (const task of exitTasks) task();
}

/** Runs `task` (synchronous) when this process exits or gets a fatal signal, after the children are killed. */
export function atExit(task: () => void): void {
	installProcessCleanup();
	exitTasks.push(task);
}

/** Kills every tracked child (and runs the atExit tasks) on exit and on SIGINT/SIGTERM/SIGHUP (then re-raises the signal). Idempotent. */
export function installProcessCleanup(): void {
	if (cleanupInstalled) return;
	cleanupInstalled = true;
	process.on('exit', killAll);
	// Detached children do not get the terminal's Ctrl-C, so forward fatal signals and re-raise them.
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		const onSignal = (): void => {
			killAll();
			process.removeListener(signal, onSignal);
			process.kill(process.pid, signal);
		};
		process.on(signal, onSignal);
	}
}

/** Spawns `command` as the leader of its own process group and tracks it until it exits. */
export function spawnGroup(
	command: string,
	args: string[],
	options: { cwd?: string; env: NodeJS.ProcessEnv; stdio?: StdioOptions },
): ChildProcess {
	installProcessCleanup();
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env,
		stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'],
		detached: true, // own process group: killing -pid also ends n8n's task runner
	});
	liveChildren.add(child);
	child.once('exit', () => {
		liveChildren.delete(child);
		// The main process is gone; take any straggler of its group (task runner) with it.
		killGroup(child, 'SIGKILL');
	});
	return child;
}

export function hasExited(child: ChildProcess): boolean {
	return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves with the exit code; the `exit` event may already have fired. */
export async function waitForExit(child: ChildProcess, timeoutMs: number): Promise<number | null> {
	if (hasExited(child)) return child.exitCode;
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<'timeout'>((resolve) => {
		timer = setTimeout(() => resolve('timeout'), timeoutMs);
	});
	const exited = once(child, 'exit').then(([code]) => code as number | null);
	const result = await Promise.race([exited, timeout]);
	clearTimeout(timer);
	if (result === 'timeout')
		throw new Error(`process ${child.pid} did not exit within ${timeoutMs} ms`);
	return result;
}

/** `signal` to the group (n8n shuts down gracefully on SIGTERM: N8N_GRACEFUL_SHUTDOWN_TIMEOUT), SIGKILL after `graceMs`. */
export async function stopChild(
	child: ChildProcess,
	graceMs = 10_000,
	signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
	if (hasExited(child)) return;
	killGroup(child, signal);
	try {
		await waitForExit(child, graceMs);
	} catch {
		killGroup(child, 'SIGKILL');
		await waitForExit(child, 5_000).catch(() => undefined);
	}
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
