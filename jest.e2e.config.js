/**
 * End-to-end tests inside a real n8n (`npm run test:e2e`): the release N8N_VERSION names (default
 * package.json config.n8nVersion), installed on first use (minutes), then reused.
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	// a test or hook (installing the package, starting n8n) may take this long; quicker suites set less
	testTimeout: 20 * 60_000,
	maxWorkers: 1,
};
