/** Unit and integration tests (`npm test`). End-to-end tests in a real n8n: jest.e2e.config.js (`npm run test:e2e`). */
// Every test runs in a zone far from UTC, so any date read in the server's local time shows up
// (zone-less provider timestamps must be UTC: issue 6, defect 8). Set here, before jest starts its
// workers, because Node ignores a TZ change made inside a running test.
process.env.TZ = 'Asia/Tokyo';

module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	testTimeout: 30000,
};
