/**
 * The real-n8n harness: a pinned n8n (1.x or 2.x, installed by dev/install-n8n.sh into a cache
 * folder outside the clone) driven like a self-hoster would, for the end-to-end tests, `npm start`
 * and `npm run bench`. Importing it has no side effects; each module holds one job:
 *   versions.ts       the repository root and the n8n releases from package.json `config`
 *   install.ts        locate or install a release (ensureN8n)
 *   processes.ts      child processes in their own groups, killed on exit (installProcessCleanup)
 *   http.ts           freePort, a small JSON HTTP client
 *   executeOutput.ts  the run that `n8n execute` prints, read by node name
 *   importTypes.ts    credentials and workflows as the import commands take them
 *   server.ts         `n8n start`, owner setup, the credential Test button through REST
 *   instance.ts       N8nInstance: one isolated user folder and everything above
 */
export {
	parseExecuteOutput,
	type ExecuteResult,
	type N8nExecution,
	type NodeRun,
} from './executeOutput';
export { freePort, httpRequest, type HttpResponse } from './http';
export type { ImportCredential, ImportWorkflow } from './importTypes';
export { ensureN8n, n8nCacheRoot, type N8nInstall } from './install';
export { E2E_ENCRYPTION_KEY, N8nInstance } from './instance';
export { installProcessCleanup } from './processes';
export { E2E_OWNER, type CredentialTestResult, type N8nServer } from './server';
export { defaultN8nVersion, n8nVersion, repoRoot, testedN8nVersions } from './versions';
