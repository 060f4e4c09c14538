// ESLint 9 flat config.
// The package sources (credentials/, nodes/, shared/) and package.json get @n8n/node-cli's lint config
// unchanged: the config `n8n-node lint` applies to a community package (JS, typescript-eslint and
// import-x recommended, @n8n/eslint-plugin-community-nodes, eslint-plugin-n8n-nodes-base's community,
// credentials and nodes rules). Only its `**/*.ts` blocks are narrowed to the package sources, because
// this repository also holds developer tooling (dev/, test/) that may use Node's APIs and the console.
// test/scanner/scanner.test.ts checks that every rule of that config applies here with the same setting.
// (`n8n-node lint` itself is not used: its strict mode wants this file to be the one-line template,
// which would apply the package rules to dev/ and test/ too.)
import js from '@eslint/js';
import { config as n8nNodeCliConfig } from '@n8n/node-cli/eslint';
import tsParser from '@typescript-eslint/parser';
import tseslint from 'typescript-eslint';

const packageSources = ['credentials/**/*.ts', 'nodes/**/*.ts', 'shared/**/*.ts'];
// Developer tooling, npm-script helpers and tests: not part of the package, so n8n's package rules do not apply.
const supportCode = ['dev/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'];

const packageConfig = n8nNodeCliConfig.map((block) =>
	block.files?.length === 1 && block.files[0] === '**/*.ts'
		? { ...block, files: packageSources }
		: block,
);

export default [
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'.dev/**',
			'examples/**',
			'coverage/**',
			'gulpfile.js',
			'jest*.config.js',
			'eslint.config.mjs',
		],
	},
	...packageConfig,

	// dev/, scripts/ and test/: ESLint's and typescript-eslint's recommended rules, no type information needed
	// (typescript-eslint's set already leaves undefined names to TypeScript). No rule is relaxed for
	// them: the only exceptions are inline ones, each with its reason.
	...[js.configs.recommended, ...tseslint.configs.recommended].map((config) => ({
		...config,
		files: supportCode,
	})),
	{
		files: supportCode,
		languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
	},
];
