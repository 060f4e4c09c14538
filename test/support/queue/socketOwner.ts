/**
 * Which process holds an open TCP connection to a local port (Linux /proc): how the killed-holder
 * scenario finds the worker whose login is in flight, without any log or change to the provider.
 */
import * as fs from 'node:fs';

const ESTABLISHED = '01';

/** Socket inodes of established connections whose remote end is 127.0.0.1:`port` (or ::1). */
function inodesConnectedTo(port: number): Set<string> {
	const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
	const inodes = new Set<string>();
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text = '';
		try {
			text = fs.readFileSync(table, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const fields = line.trim().split(/\s+/);
			if (fields.length < 10) continue;
			const [, , remote, state] = fields;
			if (state === ESTABLISHED && remote.endsWith(`:${hexPort}`)) inodes.add(fields[9]);
		}
	}
	return inodes;
}

/** The first of `pids` that has a connection open to 127.0.0.1:`port`, or undefined. */
export function pidConnectedTo(port: number, pids: number[]): number | undefined {
	const inodes = inodesConnectedTo(port);
	if (inodes.size === 0) return undefined;
	return pids.find((pid) => {
		let fds: string[] = [];
		try {
			fds = fs.readdirSync(`/proc/${pid}/fd`);
		} catch {
			return false;
		}
		return fds.some((fd) => {
			try {
				const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
				const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
				return inode !== undefined && inodes.has(inode);
			} catch {
				return false;
			}
		});
	});
}
