/**
 * What `n8n execute --id` prints: its log lines, then the run as JSON. Parsed into a result that
 * tests read by node name.
 */
import * as os from 'node:os';

export interface NodeRun {
	executionStatus?: string;
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
	error?: { message?: string; description?: string | null };
}

export interface N8nExecution {
	status?: string; // 'success' | 'error' | ...
	finished?: boolean;
	mode?: string;
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			error?: { message?: string; description?: string | null; node?: { name?: string } };
			lastNodeExecuted?: string;
		};
	};
}

/**
 * `n8n execute` logs `JSON.stringify(run, null, 2)` after its log lines (on success behind
 * "Execution was successful:", on failure behind "Execution error:"), so the run is the block
 * from a line that is exactly "{" to the next line that is exactly "}". The last such block wins.
 */
export function parseExecuteOutput(stdout: string): N8nExecution | undefined {
	const lines = stdout.split(/\r?\n/);
	let found: N8nExecution | undefined;
	for (let start = 0; start < lines.length; start++) {
		if (lines[start] !== '{') continue;
		const end = lines.indexOf('}', start + 1);
		if (end === -1) break;
		try {
			const candidate = JSON.parse(lines.slice(start, end + 1).join('\n')) as N8nExecution;
			if (candidate?.data?.resultData) {
				found = candidate;
				start = end;
			}
		} catch {
			// not the execution block
		}
	}
	return found;
}

export interface ExecuteResult {
	/**
	 * n8n's verdict: 0 when the run succeeded, 1 when the workflow failed (or n8n could not run it),
	 * 128+n if the process died of signal n before printing a run. See `crashedAfterRun`.
	 */
	exitCode: number;
	/** The process's own exit status (128+n for signal n). */
	rawExitCode: number;
	/**
	 * True when n8n segfaulted while exiting after it had printed the complete run: a race in
	 * n8n (seen on 2.41.1) between process.exit and the expression engine's isolated-vm pool refilling
	 * itself in the background (about 1 in 10 `execute` calls). The run, its saved execution and
	 * any credential updates are complete, so `exitCode` is derived from the printed run instead.
	 */
	crashedAfterRun: boolean;
	stdout: string;
	stderr: string;
	durationMs: number;
	execution: N8nExecution | undefined;
	/** `json` of the items a node emitted on one output (default: first run, first output). */
	nodeOutput(
		nodeName: string,
		runIndex?: number,
		outputIndex?: number,
	): Array<Record<string, unknown>> | undefined;
	/** Error message of a node run, if it failed. */
	nodeError(nodeName: string, runIndex?: number): string | undefined;
	/** The workflow-level error (message and description), or undefined on success. */
	error(): string | undefined;
}

export const SIGSEGV_EXIT = 128 + (os.constants.signals.SIGSEGV ?? 11);

export function toExecuteResult(
	rawExitCode: number,
	stdout: string,
	stderr: string,
	durationMs: number,
): ExecuteResult {
	const execution = parseExecuteOutput(stdout);
	const crashedAfterRun = rawExitCode === SIGSEGV_EXIT && execution !== undefined;
	const exitCode = crashedAfterRun ? (execution?.status === 'success' ? 0 : 1) : rawExitCode;
	const run = (name: string, runIndex: number): NodeRun | undefined =>
		execution?.data.resultData.runData[name]?.[runIndex];
	return {
		exitCode,
		rawExitCode,
		crashedAfterRun,
		stdout,
		stderr,
		durationMs,
		execution,
		nodeOutput: (name, runIndex = 0, outputIndex = 0) =>
			run(name, runIndex)?.data?.main?.[outputIndex]?.map((item) => item.json),
		nodeError: (name, runIndex = 0) => run(name, runIndex)?.error?.message,
		error: () => {
			const error = execution?.data.resultData.error;
			if (!error)
				return exitCode === 0
					? undefined
					: `n8n exited with ${rawExitCode}:\n${stdout.slice(-4000)}`;
			return [error.message, error.description].filter(Boolean).join(' - ');
		},
	};
}
