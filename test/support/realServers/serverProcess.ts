/**
 * What the three real servers share: a temporary folder (removed on close and at exit), a minimal
 * environment (nothing of ours leaks into their configuration: they read PORT, DB_*, PARSE_SERVER_*
 * and the like from it), and a child in its own process group that counts as started once it answers.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	registerFolder,
	removeFolder,
	spawnTracked,
	stopChild,
	tailOf,
	waitUntil,
} from '../queue/processes';
import { waitForExit } from '../realN8n/processes';

export { tailOf, waitUntil } from '../queue/processes';

/** A fresh temporary folder, removed at exit unless removed before. */
export function makeTempDir(prefix: string): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	registerFolder(dir);
	return dir;
}

export async function removeTempDir(dir: string): Promise<void> {
	await removeFolder(dir);
}

/** PATH (with `binDir` first, if given), HOME in `home`, a UTF-8 locale, and `extra`. */
export function minimalEnv(
	home: string,
	extra: Record<string, string>,
	binDir?: string,
): NodeJS.ProcessEnv {
	const pathVar = process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
	return {
		PATH: binDir ? `${binDir}${path.delimiter}${pathVar}` : pathVar,
		HOME: home,
		TMPDIR: home,
		LANG: 'C.UTF-8',
		...extra,
	};
}

export interface ServerChild {
	child: ChildProcess;
	logFile: string;
	/** SIGTERM to the group, SIGKILL after `graceMs`. */
	stop(graceMs?: number): Promise<void>;
}

/** What a server child is started with: `node args` in `cwd`, its output appended to `logFile`. */
interface ChildCommand {
	node: string;
	args: string[];
	cwd: string;
	env: NodeJS.ProcessEnv;
	logFile: string;
}

function spawnLogged(command: ChildCommand): ChildProcess {
	const { node, args, cwd, env, logFile } = command;
	return spawnTracked(node, args, { cwd, env, logFile });
}

/** Starts `node main args` in `cwd` with its output in `logFile`, and waits until `ready()` says so. */
export async function startServerChild(
	options: ChildCommand & { what: string; ready: () => Promise<boolean>; timeoutMs?: number },
): Promise<ServerChild> {
	const child = spawnLogged(options);
	const stop = async (graceMs = 10_000): Promise<void> => await stopChild(child, graceMs);
	try {
		await waitUntil(options.what, options.ready, {
			child,
			logFile: options.logFile,
			timeoutMs: options.timeoutMs ?? 60_000,
		});
	} catch (error) {
		await stop(2_000);
		throw error;
	}
	return { child, logFile: options.logFile, stop };
}

/** Runs `node args` to its end; throws with the log's tail unless it exits 0. */
export async function runToEnd(
	options: ChildCommand & { what: string; timeoutMs?: number },
): Promise<void> {
	const child = spawnLogged(options);
	let code: number | null;
	try {
		code = await waitForExit(child, options.timeoutMs ?? 120_000);
	} catch (error) {
		await stopChild(child, 2_000);
		throw new Error(`${options.what}: ${(error as Error).message}\n${tailOf(options.logFile)}`);
	}
	if (code !== 0)
		throw new Error(`${options.what} exited with ${code}\n${tailOf(options.logFile)}`);
}
