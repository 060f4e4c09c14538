/**
 * The test seam of the process-wide login state: production code exports no reset. Each test that
 * stands for "a new n8n process" replaces the one instance's state with a fresh instance's, with
 * its own clock if the test needs to move time (back-off, Retry-After).
 */
import { ProcessLogins, processLogins } from '../../shared/runtime/processLogins';

export function newProcess(clock: () => number = Date.now): void {
	Object.assign(processLogins, new ProcessLogins(clock));
}
