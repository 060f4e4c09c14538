/**
 * Redis and PostgreSQL 15 from Debian's packages, each on a free loopback port with its data in a
 * temporary folder, for n8n's queue mode. `.ci/run` installs them with apt-get when missing.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { freePort } from '../realN8n';
import {
	registerFolder,
	removeFolder,
	spawnTracked,
	stopChild,
	tailOf,
	waitUntil,
} from './processes';

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';
/** PostgreSQL's server binaries: PG_BIN, else Debian's newest /usr/lib/postgresql/<major>/bin (15 on bookworm). */
export const PG_BIN = process.env.PG_BIN ?? debianPgBin();

function debianPgBin(): string {
	const root = '/usr/lib/postgresql';
	const majors = fs.existsSync(root)
		? fs
				.readdirSync(root)
				.filter(
					(name) => /^\d+$/.test(name) && fs.existsSync(path.join(root, name, 'bin', 'initdb')),
				)
				.sort((a, b) => Number(b) - Number(a))
		: [];
	return path.join(root, majors[0] ?? '15', 'bin');
}

export interface Service {
	port: number;
	stop(): Promise<void>;
}

export interface Postgres extends Service {
	user: string;
	database: string;
	/** Runs one SQL statement through psql; returns its unaligned, tuples-only output. */
	sql(statement: string): string;
}

/** Sends `command` in Redis's inline protocol and returns the first line of the answer. */
async function redisCommand(port: number, command: string): Promise<string> {
	return await new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.setTimeout(2_000, () => socket.destroy(new Error('redis timeout')));
		socket.once('error', reject);
		socket.once('data', (data) => {
			socket.end();
			resolve(data.toString('utf8').split('\r\n')[0] ?? '');
		});
		socket.write(`${command}\r\n`);
	});
}

export async function startRedis(): Promise<Service> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-redis-'));
	registerFolder(dir);
	const port = await freePort();
	const logFile = path.join(dir, 'redis.log');
	const child = spawnTracked(
		REDIS_SERVER,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			dir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
		],
		{ cwd: dir, logFile },
	);
	const stop = async (): Promise<void> => {
		await stopChild(child, 5_000);
		await removeFolder(dir);
	};
	try {
		await waitUntil('redis-server', async () => (await redisCommand(port, 'PING')) === '+PONG', {
			child,
			logFile,
			timeoutMs: 20_000,
		});
	} catch (error) {
		await stop();
		throw error;
	}
	return { port, stop };
}

/** initdb refuses root: then the cluster belongs to the `postgres` system user (runuser). */
function asDbUser(command: string, args: string[]): [string, string[]] {
	return process.getuid?.() === 0
		? ['runuser', ['-u', 'postgres', '--', command, ...args]]
		: [command, args];
}

export async function startPostgres(): Promise<Postgres> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-pg-'));
	registerFolder(dir);
	const data = path.join(dir, 'data');
	fs.mkdirSync(data);
	if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
	const user = 'n8n';
	const database = 'postgres';
	const [initCmd, initArgs] = asDbUser(path.join(PG_BIN, 'initdb'), [
		'-D',
		data,
		'-U',
		user,
		'-A',
		'trust',
		'-E',
		'UTF8',
		'--locale=C',
		'--no-sync',
	]);
	execFileSync(initCmd, initArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
	const port = await freePort();
	const logFile = path.join(dir, 'postgres.log');
	fs.writeFileSync(logFile, '');
	if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', logFile]);
	const [cmd, args] = asDbUser(path.join(PG_BIN, 'postgres'), [
		'-D',
		data,
		'-p',
		String(port),
		'-k',
		dir,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=200',
	]);
	const child = spawnTracked(cmd, args, { cwd: dir, logFile });
	const sql = (statement: string): string =>
		execFileSync(
			path.join(PG_BIN, 'psql'),
			['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-Atq', '-c', statement],
			{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
		).trim();
	const stop = async (): Promise<void> => {
		// SIGINT is PostgreSQL's "fast" shutdown: clients are disconnected, no waiting for them.
		await stopChild(child, 10_000, 'SIGINT');
		await removeFolder(dir);
	};
	try {
		await waitUntil('postgres', async () => sql('select 1') === '1', {
			child,
			logFile,
			timeoutMs: 30_000,
		});
	} catch (error) {
		const log = tailOf(logFile);
		await stop();
		throw new Error(`${(error as Error).message}\n${log}`);
	}
	return { port, user, database, sql, stop };
}
