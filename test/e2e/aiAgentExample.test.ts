/**
 * examples/ai-agent-tool.json in a real n8n: an AI Agent calls Token HTTP Request as a tool.
 * The chat model is a scripted fake OpenAI (test/support/mock/fakeOpenAi.ts): it calls the tool, then
 * answers with the account ids it found in the tool result.
 */
import { DEMO_LOGIN, demoCredential, startDemoBank } from '../support/demoBank';
import { exampleWorkflows } from '../support/examples';
import { startFakeOpenAi, type FakeOpenAi } from '../support/mock/fakeOpenAi';
import type { MockTokenApi } from '../support/mock/tokenApi';
import { packPackage } from '../support/packPackage';
import { N8nInstance } from '../support/realN8n';

jest.setTimeout(10 * 60_000);

let n8n: N8nInstance;
let api: MockTokenApi;
let openAi: FakeOpenAi;

beforeAll(async () => {
	api = await startDemoBank();
	openAi = await startFakeOpenAi();
	n8n = await N8nInstance.create({ packageTarball: packPackage() });
	await n8n.importCredentials([
		demoCredential(api.url),
		{
			id: 'demoOpenAi',
			name: 'OpenAI',
			type: 'openAiApi',
			data: { apiKey: 'sk-test-not-real', url: `${openAi.url}/v1` },
		},
	]);
	await n8n.importWorkflows(
		exampleWorkflows().filter((workflow) => workflow.id === 'exAiAgentTool'),
	);
});

afterAll(async () => {
	await n8n?.cleanup();
	await api?.close();
	await openAi?.close();
});

it('the agent calls Token HTTP Request as a tool and answers from its result; the token never reaches the model', async () => {
	const result = await n8n.execute('exAiAgentTool');
	expect(result.error()).toBeUndefined();
	expect(result.exitCode).toBe(0);

	const output = result.nodeOutput('AI Agent');
	expect(output).toHaveLength(1);
	expect(String(output?.[0].output)).toContain('acc-1');
	expect(String(output?.[0].output)).toContain('acc-2');

	// one login, one accepted call to /accounts, nothing else
	expect(api.counters()).toMatchObject({
		logins: 1,
		acceptedCalls: 1,
		rejectedCalls: 0,
		failedLogins: 0,
	});
	expect(
		api
			.requests()
			.filter((request) => request.tokenValid)
			.map((request) => `${request.method} ${request.path}`),
	).toEqual(['GET /accounts']);

	const chats = openAi
		.requests()
		.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions');
	expect(chats).toHaveLength(2);
	const first = JSON.parse(chats[0].body) as {
		tools?: Array<{ function: { name: string; description: string } }>;
	};
	expect(first.tools?.map((tool) => tool.function.name)).toEqual(['Get_Accounts']);
	expect(first.tools?.[0].function.description).toContain(
		'Lists the bank accounts with their balances',
	);
	expect(chats[0].headers.authorization).toBe('Bearer sk-test-not-real');

	// the tool result (the accounts JSON) reached the model in a `tool` message
	const second = JSON.parse(chats[1].body) as {
		messages: Array<{ role: string; content: unknown }>;
	};
	const toolMessages = second.messages.filter((message) => message.role === 'tool');
	expect(toolMessages).toHaveLength(1);
	expect(JSON.stringify(toolMessages[0].content)).toContain('acc-2');
	expect(JSON.stringify(toolMessages[0].content)).toContain('100.5');

	// ... but never the token or the login password, in anything the model was sent
	const everythingSent = openAi
		.requests()
		.map((request) => JSON.stringify(request))
		.join('\n');
	expect(api.issuedTokens()).toHaveLength(1);
	for (const token of api.issuedTokens()) expect(everythingSent).not.toContain(token);
	expect(everythingSent).not.toContain(DEMO_LOGIN.password);
});
