/**
 * A scripted login answer for the fault matrix: the status, headers and raw body text a provider
 * sends back, with "{token}" standing for the token the mock issues (and then accepts). Kept apart
 * from tokenApi.ts so that file only needs a small hook (see MockTokenApiOptions.loginAnswer).
 */
export interface LoginAnswer {
	/** default 200 */
	status?: number;
	/** values may contain {token}; a Date header here replaces the real one */
	headers?: Record<string, string | string[]>;
	/** raw text, may contain {token}; default '' */
	body?: string;
	/** the exact token to issue (numeric, with control characters, a hand-made JWT, …) */
	token?: string;
}

export interface ScriptedAnswer {
	status: number;
	headers: Record<string, string | string[]>;
	body: string;
}

export function scriptedLoginAnswer(answer: LoginAnswer, token: string): ScriptedAnswer {
	const fill = (text: string): string => text.split('{token}').join(token);
	const headers: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(answer.headers ?? {}))
		headers[name] = Array.isArray(value) ? value.map(fill) : fill(value);
	return { status: answer.status ?? 200, headers, body: fill(answer.body ?? '') };
}
