// ESLint 9 flat config for the n8n community package.
// eslint-plugin-n8n-nodes-base only ships eslintrc-style configs ({ env, parserOptions, plugins, rules }),
// so its plugin is registered by hand and the rules of its `community`, `credentials` and `nodes`
// configs are spread into flat config objects. @n8n/eslint-plugin-community-nodes ships a flat config.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const packageSources = ['credentials/**/*.ts', 'nodes/**/*.ts', 'shared/**/*.ts'];
// Developer tooling and tests: not part of the package, so n8n's package rules do not apply.
const supportCode = ['dev/**/*.ts', 'test/**/*.ts'];

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

	// TypeScript sources. None of the rules below needs type information, so no parserOptions.project.
	{
		files: packageSources,
		languageOptions: {
			parser: tsParser,
			ecmaVersion: 'latest',
			sourceType: 'module',
		},
	},

	// dev/ and test/: ESLint's and typescript-eslint's recommended rules, no type information needed
	// (typescript-eslint's set already leaves undefined names to TypeScript). No rule is relaxed for
	// them: the only exceptions are two inline `any`s for REST and mock answers that tests read ad hoc.
	...[js.configs.recommended, ...tseslint.configs.recommended].map((config) => ({
		...config,
		files: supportCode,
	})),
	{
		files: supportCode,
		languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
	},

	// package.json: @typescript-eslint/parser reads a .json file as a single ObjectExpression, which is
	// the AST both plugins' package.json rules walk (they also check that the file is named package.json).
	{
		files: ['package.json'],
		languageOptions: {
			parser: tsParser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},

	// @n8n/eslint-plugin-community-nodes: its flat config has no `files` (only ignores eslint.config.*),
	// so it is scoped here to the package sources and package.json; rules that read package.json from
	// a source file find it by walking up from the linted file.
	{
		...n8nCommunityNodesPlugin.configs.recommended,
		files: [...packageSources, 'package.json'],
	},

	// eslint-plugin-n8n-nodes-base, adapted from its eslintrc-style configs.
	{
		files: ['package.json'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Wants a camelCase docs slug, which only n8n's own repository can resolve; a community credential links a full URL.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Want the string literal ['main'], which @n8n/community-nodes/node-connection-type-literal forbids in favour of NodeConnectionTypes.Main.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},

	{
		files: ['package.json'],
		rules: {
			// TODO(lead): no public maintainer address exists yet; add author.email to package.json and remove this line before publishing.
			'@n8n/community-nodes/valid-author': 'off',
		},
	},
];
