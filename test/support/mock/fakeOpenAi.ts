/**
 * A tiny OpenAI-compatible chat model on 127.0.0.1, for running an n8n AI Agent without a real
 * LLM. It plays a fixed two-turn script:
 *
 * 1. the request offers tools and holds no tool result yet: answer with one `tool_calls` choice
 *    that calls a tool from the request's `tools` list (the first one, or `toolName`);
 * 2. the messages hold a `tool` role result: answer with a final assistant message that quotes
 *    the account ids (`"id": "..."`) found in that result, so a test can prove the tool result
 *    reached the model.
 *
 * Serves `POST /v1/chat/completions` (plain JSON or SSE when `stream: true`) and `GET /v1/models`.
 * Every request is recorded (method, path, headers, raw body) for assertions.
 */
import * as http from 'node:http';

import { closeServer, headerRecord, listen, readBody, writeJson } from './http';

export interface FakeOpenAiRequest {
	method: string;
	path: string;
	headers: Record<string, string>;
	/** The raw request body, exactly as received. */
	body: string;
}

export interface FakeOpenAiOptions {
	/** Which offered tool to call; default: the first in the request's `tools`. */
	toolName?: string;
	/** Arguments (JSON) for the tool call; default `{}`. */
	toolArguments?: Record<string, unknown>;
	port?: number;
}

export interface FakeOpenAi {
	/** 'http://127.0.0.1:<port>' (the OpenAI base URL is `${url}/v1`). */
	readonly url: string;
	readonly port: number;
	requests(): FakeOpenAiRequest[];
	/** The final answers it gave, in order. */
	answers(): string[];
	close(): Promise<void>;
}

interface ChatMessage {
	role?: string;
	content?: unknown;
	tool_call_id?: string;
}

interface ChatRequest {
	model?: string;
	messages?: ChatMessage[];
	tools?: Array<{ type?: string; function?: { name?: string } }>;
	stream?: boolean;
	stream_options?: { include_usage?: boolean };
}

interface ToolCall {
	id: string;
	type: 'function';
	function: { name: string; arguments: string };
}

type Reply = { kind: 'toolCall'; call: ToolCall } | { kind: 'text'; text: string };

const USAGE = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };

function contentText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content
			.map((part) =>
				typeof part === 'string'
					? part
					: typeof (part as { text?: unknown })?.text === 'string'
						? (part as { text: string }).text
						: JSON.stringify(part),
			)
			.join('');
	}
	return content === undefined || content === null ? '' : JSON.stringify(content);
}

/** The account ids quoted in a tool result; tolerant of JSON inside JSON strings (escaped quotes). */
export function idsIn(text: string): string[] {
	const ids = [...text.matchAll(/\\*"id\\*"\s*:\s*\\*"([^"\\]+)\\*"/g)].map((match) => match[1]);
	return [...new Set(ids)];
}

function decide(request: ChatRequest, options: FakeOpenAiOptions, callNumber: number): Reply {
	const messages = request.messages ?? [];
	const toolResults = messages
		.filter((message) => message.role === 'tool')
		.map((message) => contentText(message.content));
	const tools = (request.tools ?? [])
		.map((tool) => tool.function?.name)
		.filter((name): name is string => typeof name === 'string');
	if (toolResults.length === 0 && tools.length > 0) {
		const name =
			options.toolName !== undefined && tools.includes(options.toolName)
				? options.toolName
				: tools[0];
		return {
			kind: 'toolCall',
			call: {
				id: `call_fake_${callNumber}`,
				type: 'function',
				function: { name, arguments: JSON.stringify(options.toolArguments ?? {}) },
			},
		};
	}
	if (toolResults.length === 0) return { kind: 'text', text: 'I have no tools to look that up.' };
	const result = toolResults.join('\n');
	const ids = idsIn(result);
	const text =
		ids.length > 0
			? `The tool returned these accounts: ${ids.join(', ')}.`
			: `The tool returned: ${result.slice(0, 200)}`;
	return { kind: 'text', text };
}

function completion(reply: Reply, model: string, id: string): Record<string, unknown> {
	const message =
		reply.kind === 'toolCall'
			? { role: 'assistant', content: null, tool_calls: [reply.call] }
			: { role: 'assistant', content: reply.text };
	return {
		id,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [
			{
				index: 0,
				message,
				logprobs: null,
				finish_reason: reply.kind === 'toolCall' ? 'tool_calls' : 'stop',
			},
		],
		usage: USAGE,
	};
}

function streamChunks(
	reply: Reply,
	model: string,
	id: string,
	includeUsage: boolean,
): Array<Record<string, unknown>> {
	const created = Math.floor(Date.now() / 1000);
	const chunk = (
		delta: Record<string, unknown>,
		finishReason: string | null,
	): Record<string, unknown> => ({
		id,
		object: 'chat.completion.chunk',
		created,
		model,
		choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
	});
	const chunks: Array<Record<string, unknown>> = [];
	if (reply.kind === 'toolCall') {
		chunks.push(
			chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, ...reply.call }] }, null),
		);
		chunks.push(chunk({}, 'tool_calls'));
	} else {
		chunks.push(chunk({ role: 'assistant', content: '' }, null));
		// a few pieces, like a real stream
		for (const piece of reply.text.match(/.{1,16}/gs) ?? [])
			chunks.push(chunk({ content: piece }, null));
		chunks.push(chunk({}, 'stop'));
	}
	if (includeUsage)
		chunks.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: USAGE });
	return chunks;
}

export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
	const recorded: FakeOpenAiRequest[] = [];
	const answers: string[] = [];
	let calls = 0;

	const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
		const body = (await readBody(req)).toString('utf8');
		const headers = headerRecord(req);
		const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/\/+$/, '');
		const method = req.method ?? 'GET';
		recorded.push({ method, path, headers, body });

		if (method === 'GET' && path === '/v1/models') {
			writeJson(res, 200, {
				object: 'list',
				data: [{ id: 'gpt-4o-mini', object: 'model', created: 0, owned_by: 'fake' }],
			});
			return;
		}
		if (method !== 'POST' || path !== '/v1/chat/completions') {
			writeJson(res, 404, {
				error: {
					message: `fake OpenAI: no route ${method} ${path}`,
					type: 'invalid_request_error',
				},
			});
			return;
		}
		let request: ChatRequest;
		try {
			request = JSON.parse(body) as ChatRequest;
		} catch {
			writeJson(res, 400, {
				error: { message: 'fake OpenAI: body is not JSON', type: 'invalid_request_error' },
			});
			return;
		}
		const reply = decide(request, options, ++calls);
		if (reply.kind === 'text') answers.push(reply.text);
		const model = request.model ?? 'gpt-4o-mini';
		const id = `chatcmpl-fake-${calls}`;
		if (request.stream === true) {
			res.writeHead(200, {
				'Content-Type': 'text/event-stream',
				'Cache-Control': 'no-cache',
				Connection: 'keep-alive',
			});
			for (const chunk of streamChunks(
				reply,
				model,
				id,
				request.stream_options?.include_usage === true,
			)) {
				res.write(`data: ${JSON.stringify(chunk)}\n\n`);
			}
			res.end('data: [DONE]\n\n');
			return;
		}
		writeJson(res, 200, completion(reply, model, id));
	};

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (!res.headersSent)
				writeJson(res, 500, { error: { message: String(error), type: 'server_error' } });
			else res.end();
		});
	});
	const port = await listen(server, options.port ?? 0);
	let closing: Promise<void> | undefined;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests: () => recorded.map((request) => ({ ...request, headers: { ...request.headers } })),
		answers: () => [...answers],
		close: () => (closing ??= closeServer(server)),
	};
}
