/** A client for the mock token API's own tests: starts servers (closed by closeAll) and logs in. */
import { startMockTokenApi, type MockTokenApi, type MockTokenApiOptions } from './tokenApi';

export const USER = 'alice';
export const PASS = 'correct-horse-battery';

const open: Array<{ close(): Promise<void> }> = [];

/** Every server a test starts is closed afterwards, even when the test fails: `afterEach(closeAll)`. */
export async function closeAll(): Promise<void> {
	await Promise.all(open.splice(0).map(async (server) => await server.close()));
}

export function closeLater(server: { close(): Promise<void> }): void {
	open.push(server);
}

export async function start(options?: MockTokenApiOptions): Promise<MockTokenApi> {
	const api = await startMockTokenApi(options);
	open.push(api);
	return api;
}

export function basic(user: string, pass: string): string {
	return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read ad hoc by the tests
export async function json(res: Response): Promise<any> {
	return await res.json();
}

export async function loginJson(
	api: MockTokenApi,
	body: Record<string, unknown>,
	headers: Record<string, string> = {},
): Promise<Response> {
	return await fetch(`${api.url}/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
}

export async function loginToken(api: MockTokenApi): Promise<string> {
	const body = await json(await loginJson(api, { username: USER, password: PASS }));
	return body.access_token as string;
}

export function bearer(token: string): Record<string, string> {
	return { authorization: `Bearer ${token}` };
}
