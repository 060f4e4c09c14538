/**
 * Test certificates, made at test time with openssl (never committed): a private CA, a server
 * certificate it issued for 127.0.0.1, a client certificate it issued (plain and passphrase-
 * encrypted key), a self-signed server certificate, and one for another host name.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyPair {
	cert: string;
	key: string;
}

export interface TestCertificates {
	ca: KeyPair;
	/** issued by the CA for IP 127.0.0.1 and localhost */
	server: KeyPair;
	/** issued by the CA for another host name only */
	otherHost: KeyPair;
	/** self-signed, for 127.0.0.1 */
	selfSigned: KeyPair;
	/** issued by the CA, for mutual TLS */
	client: KeyPair & { encryptedKey: string; passphrase: string };
	/** a client certificate from a CA the server does not know */
	strangerClient: KeyPair;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
/** A new key written to <name>.key, and the request or certificate to <name>.<out>. */
const newKey = (name: string, out: 'csr' | 'crt') => [
	...EC,
	'-keyout',
	`${name}.key`,
	'-out',
	`${name}.${out}`,
];
/** Every certificate is valid for two days: long enough for any test run. */
const VALIDITY = ['-days', '2'];

export function makeTestCertificates(): TestCertificates {
	const dir = mkdtempSync(join(tmpdir(), 'login-token-certs-'));
	const file = (name: string) => join(dir, name);
	const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
	const read = (name: string) => readFileSync(file(name), 'utf8');
	try {
		const selfSignedCa = (name: string, subject: string, ext: string[] = []) =>
			ssl('req', '-x509', ...newKey(name, 'crt'), ...VALIDITY, '-subj', subject, ...ext);
		const issue = (name: string, subject: string, san: string | undefined, ca = 'ca') => {
			ssl('req', ...newKey(name, 'csr'), '-subj', subject);
			const ext = [`basicConstraints=CA:FALSE`];
			if (san) ext.push(`subjectAltName=${san}`);
			writeFileSync(file(`${name}.ext`), `${ext.join('\n')}\n`);
			ssl(
				'x509',
				'-req',
				'-in',
				`${name}.csr`,
				'-CA',
				`${ca}.crt`,
				'-CAkey',
				`${ca}.key`,
				'-CAcreateserial',
				...VALIDITY,
				'-out',
				`${name}.crt`,
				'-extfile',
				`${name}.ext`,
			);
		};
		selfSignedCa('ca', '/CN=Login Token Test Private CA');
		selfSignedCa('stranger-ca', '/CN=Stranger CA');
		issue('server', '/CN=127.0.0.1', 'IP:127.0.0.1,DNS:localhost');
		issue('other', '/CN=api.other.example', 'DNS:api.other.example');
		issue('client', '/CN=n8n client', undefined);
		issue('stranger', '/CN=stranger client', undefined, 'stranger-ca');
		selfSignedCa('self', '/CN=127.0.0.1', ['-addext', 'subjectAltName=IP:127.0.0.1']);
		const passphrase = 'test-only-passphrase';
		ssl(
			'pkey',
			'-in',
			'client.key',
			'-aes256',
			'-passout',
			`pass:${passphrase}`,
			'-out',
			'client.enc.key',
		);
		return {
			ca: { cert: read('ca.crt'), key: read('ca.key') },
			server: { cert: read('server.crt'), key: read('server.key') },
			otherHost: { cert: read('other.crt'), key: read('other.key') },
			selfSigned: { cert: read('self.crt'), key: read('self.key') },
			client: {
				cert: read('client.crt'),
				key: read('client.key'),
				encryptedKey: read('client.enc.key'),
				passphrase,
			},
			strangerClient: { cert: read('stranger.crt'), key: read('stranger.key') },
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
