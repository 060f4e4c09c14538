/** Browser smoke test of the credential form in the real n8n editor (Debian's chromium): `npx jest -c jest.browser.config.js --runInBand`. */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/browser'],
	testMatch: ['**/*.browser.ts'],
	testTimeout: 15 * 60_000,
	maxWorkers: 1,
};
