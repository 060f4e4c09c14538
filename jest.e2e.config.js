/** End-to-end tests inside a real n8n (`npm run test:e2e`): installs n8n on first use (minutes), then reuses it. */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	testTimeout: 15 * 60_000,
	maxWorkers: 1,
};
