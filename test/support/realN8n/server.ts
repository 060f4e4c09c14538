/**
 * `n8n start` for what only the editor does: the owner account, REST calls, the credential Test
 * button. One server per instance at a time (one SQLite file, two writers would clash).
 */
import type { ChildProcess, StdioOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { freePort, httpRequest, type HttpResponse } from './http';
import type { N8nInstall } from './install';
import { sleep, tail } from './io';
import { stopChild } from './processes';

/** Owner account created through the REST setup (n8n's password rules: 8+ chars, a digit, an uppercase). */
export const E2E_OWNER = {
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2eOwnerPassw0rd!',
};

export interface N8nServer {
	url: string;
	port: number;
	/** `n8n-auth=<jwt>` of the owner, ready for a Cookie header. */
	cookie: string;
	logFile: string;
	/** Authenticated REST call: `request('GET', '/rest/login')`. */
	request(method: string, urlPath: string, body?: unknown): Promise<HttpResponse>;
	stop(): Promise<void>;
}

export interface CredentialTestResult {
	status: string; // 'OK' | 'Error'
	message: string;
}

/** What a server needs from its instance (N8nInstance provides it). */
export interface ServerHost {
	readonly install: N8nInstall;
	readonly root: string;
	env(extra?: Record<string, string>): NodeJS.ProcessEnv;
	spawn(
		command: string,
		args: string[],
		options: { cwd: string; env: NodeJS.ProcessEnv; stdio?: StdioOptions },
	): ChildProcess;
}

/**
 * `n8n start` on 127.0.0.1: waits until the REST API answers, sets up the owner (or logs in if an
 * earlier server of this instance already did) and returns an authenticated handle.
 */
export async function startServer(
	host: ServerHost,
	options: { port?: number; timeoutMs?: number } = {},
): Promise<N8nServer> {
	const port = options.port ?? (await freePort());
	const url = `http://127.0.0.1:${port}`;
	const logFile = path.join(host.root, `server-${port}.log`);
	const log = fs.openSync(logFile, 'a');
	const env = host.env({
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
	});
	const child = host.spawn(host.install.node, [host.install.n8nBin, 'start'], {
		cwd: host.root,
		env,
		stdio: ['ignore', log, log],
	});
	fs.closeSync(log);
	const server: N8nServer = {
		url,
		port,
		cookie: '',
		logFile,
		request: async (method, urlPath, body) =>
			await httpRequest(method, url + urlPath, { body, cookie: server.cookie }),
		stop: async () => await stopChild(child),
	};
	try {
		await waitUntilReady(child, url, logFile, options.timeoutMs ?? 120_000);
		server.cookie = await ownerCookie(url);
	} catch (error) {
		await server.stop();
		throw error;
	}
	return server;
}

/**
 * Ready means the REST API answers. /healthz answers as soon as HTTP listens, and on n8n 1.x even
 * /healthz/readiness answers 200 before the /rest routes are registered (they then get the
 * editor's HTML or a 404), so the check also asks for the public /rest/settings as JSON.
 */
async function waitUntilReady(
	child: ChildProcess,
	url: string,
	logFile: string,
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(
				`n8n start exited (${child.exitCode ?? child.signalCode}):\n${tail(logFile)}`,
			);
		}
		if (await answers(`${url}/healthz/readiness`)) {
			const settings = await httpRequest('GET', `${url}/rest/settings`, { timeoutMs: 2_000 }).catch(
				() => undefined,
			);
			if (settings?.status === 200 && settings.json?.data !== undefined) return;
		}
		await sleep(250);
	}
	throw new Error(`n8n start not ready after ${timeoutMs} ms:\n${tail(logFile)}`);
}

async function answers(url: string): Promise<boolean> {
	const response = await httpRequest('GET', url, { timeoutMs: 2_000 }).catch(() => undefined);
	return response?.status === 200;
}

/** POST /rest/owner/setup returns the `n8n-auth` cookie; a set-up instance needs /rest/login. */
async function ownerCookie(url: string): Promise<string> {
	let response = await httpRequest('POST', `${url}/rest/owner/setup`, { body: E2E_OWNER });
	if (response.status !== 200) {
		response = await httpRequest('POST', `${url}/rest/login`, {
			body: { emailOrLdapLoginId: E2E_OWNER.email, password: E2E_OWNER.password },
		});
	}
	const setCookie = response.headers['set-cookie'] ?? [];
	const cookie = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
	if (response.status !== 200 || !cookie) {
		throw new Error(`owner setup/login failed: ${response.status} ${response.text.slice(0, 500)}`);
	}
	return cookie;
}

/**
 * The editor's credential "Test" button for a saved credential: it loads the credential
 * (secrets come back redacted), and posts it to /rest/credentials/test, where n8n puts the
 * stored secrets back. `data` replaces the form values (like editing before pressing Test).
 */
export async function testCredential(
	server: N8nServer,
	credentialId: string,
	data?: Record<string, unknown>,
): Promise<CredentialTestResult> {
	const stored = await server.request('GET', `/rest/credentials/${credentialId}?includeData=true`);
	if (stored.status !== 200)
		throw new Error(`GET credential ${credentialId}: ${stored.status} ${stored.text}`);
	const { id, name, type } = stored.json.data as { id: string; name: string; type: string };
	const tested = await server.request('POST', '/rest/credentials/test', {
		credentials: { id, name, type, data: data ?? stored.json.data.data },
	});
	if (tested.status !== 200) throw new Error(`credential test: ${tested.status} ${tested.text}`);
	return tested.json.data as CredentialTestResult;
}
