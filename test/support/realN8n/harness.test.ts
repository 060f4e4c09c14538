/** The real-n8n harness's own logic, without an n8n: imports, releases, `execute` output. */
import * as os from 'node:os';

describe('importing the harness', () => {
	it('installs no process handlers; the first spawn (or installProcessCleanup) does, once', async () => {
		const events = ['exit', 'SIGINT', 'SIGTERM', 'SIGHUP'] as const;
		const count = () => events.map((event) => process.listenerCount(event));
		const before = count();
		const harness = await import('./index');
		expect(count()).toEqual(before);
		harness.installProcessCleanup();
		harness.installProcessCleanup();
		expect(count()).toEqual(before.map((n) => n + 1));
	});
});

describe('n8n releases', () => {
	const saved = process.env.N8N_VERSION;
	afterEach(() => {
		if (saved === undefined) delete process.env.N8N_VERSION;
		else process.env.N8N_VERSION = saved;
	});

	it('come from package.json config: the default is one of the tested releases, N8N_VERSION overrides it', async () => {
		const { defaultN8nVersion, n8nVersion, testedN8nVersions } = await import('./versions');
		const tested = testedN8nVersions();
		expect(tested.length).toBeGreaterThanOrEqual(2);
		expect(tested).toContain(defaultN8nVersion());
		expect(tested.some((version) => version.startsWith('1.'))).toBe(true);
		expect(tested.some((version) => version.startsWith('2.'))).toBe(true);
		delete process.env.N8N_VERSION;
		expect(n8nVersion()).toBe(defaultN8nVersion());
		process.env.N8N_VERSION = '9.9.9';
		expect(n8nVersion()).toBe('9.9.9');
	});
});

describe('`n8n execute` output', () => {
	const run = (status: string, output: unknown[]) =>
		JSON.stringify(
			{
				status,
				data: {
					resultData: {
						runData: { Set: [{ data: { main: [output.map((json) => ({ json }))] } }] },
						lastNodeExecuted: 'Set',
						...(status === 'error' ? { error: { message: 'boom', description: 'why' } } : {}),
					},
				},
			},
			null,
			2,
		);

	it('reads the last printed run after the log lines', async () => {
		const { parseExecuteOutput } = await import('./executeOutput');
		const stdout = [
			'Loading config',
			'{',
			'  "not": "a run"',
			'}',
			'Execution was successful:',
			run('success', [{ a: 1 }]),
		].join('\n');
		expect(parseExecuteOutput(stdout)?.data.resultData.runData.Set).toHaveLength(1);
		expect(parseExecuteOutput('no run printed')).toBeUndefined();
	});

	it('a segfault after a printed run counts as that run; one before it stays a failure', async () => {
		const { SIGSEGV_EXIT, toExecuteResult } = await import('./executeOutput');
		const crashed = toExecuteResult(SIGSEGV_EXIT, run('success', [{ a: 1 }]), '', 5);
		expect(crashed).toMatchObject({
			exitCode: 0,
			rawExitCode: SIGSEGV_EXIT,
			crashedAfterRun: true,
		});
		expect(crashed.nodeOutput('Set')).toEqual([{ a: 1 }]);
		expect(crashed.error()).toBeUndefined();

		const failed = toExecuteResult(1, run('error', []), '', 5);
		expect(failed).toMatchObject({ exitCode: 1, crashedAfterRun: false });
		expect(failed.error()).toBe('boom - why');

		const died = toExecuteResult(SIGSEGV_EXIT, 'Loading config', '', 5);
		expect(died).toMatchObject({ exitCode: SIGSEGV_EXIT, crashedAfterRun: false });
		expect(died.error()).toContain(`n8n exited with ${128 + (os.constants.signals.SIGSEGV ?? 11)}`);
	});
});
