import type { IDataObject } from 'n8n-workflow';

import { TokenHttpRequest } from '../../nodes/TokenHttpRequest/TokenHttpRequest.node';
import { startApiFront, type ApiFront, type FrontTls } from '../support/mock/apiFront';
import { makeTestCertificates, type KeyPair, type TestCertificates } from '../support/mock/certs';
import { caught, items, jsonOf, visible, world, type World } from './setup';

const node = new TokenHttpRequest();
let certs: TestCertificates;
let w: World;
let front: ApiFront;

beforeAll(() => {
	certs = makeTestCertificates();
});
afterEach(async () => {
	await front?.close();
	await w?.api.close();
});

/** A provider behind HTTPS; the credential points at it with the given TLS settings. */
async function setup(tls: FrontTls, credential: IDataObject): Promise<void> {
	w = await world();
	front = await startApiFront(w.api, { tls });
	w.n8n.addCredential({
		baseUrl: front.url,
		username: 'alice',
		password: 'correct-horse-battery',
		...credential,
	});
}

const run = async (count = 2) =>
	await w.n8n.runNode(node, {
		parameters: { url: '/me' },
		credentialId: w.credentialId,
		items: items(count),
	});

const secretsOf = () => [
	certs.client.key,
	certs.client.encryptedKey,
	certs.client.passphrase,
	certs.client.key.split('\n')[1],
	'correct-horse-battery',
];

function expectNoSecrets(...values: unknown[]): void {
	const text = visible(...values);
	for (const secret of secretsOf()) expect(text).not.toContain(secret);
}

describe('TLS: a provider with a certificate from a private CA', () => {
	it('refused without the CA, with the problem in words and the setting that fixes it; nothing sent', async () => {
		await setup(certs.server, {});
		const error = await caught(run());
		expect(error.message).toBe(
			'Login failed: the login request to 127.0.0.1:' +
				new URL(front.url).port +
				' failed: the server\'s certificate is not trusted: its issuer is unknown (a private CA, or a certificate chain the server does not send). Paste that CA certificate into the credential\'s "CA Certificate (PEM)" (or, for testing only, turn on "Ignore SSL Issues (Insecure)") (UNABLE_TO_VERIFY_LEAF_SIGNATURE)',
		);
		expect(w.api.counters()).toMatchObject({ logins: 0, requests: 0 });
	});

	it('trusted through CA Certificate: 1 login and every call over TLS', async () => {
		await setup(certs.server, { caCertificate: certs.ca.cert });
		const output = await run(3);
		expect(jsonOf(output)).toEqual(items(3, () => ({ id: 1, username: 'alice' })));
		expect(w.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 3, rejectedCalls: 0 });
	});

	it('a CA pasted on one line with literal \\n is read too', async () => {
		await setup(certs.server, { caCertificate: certs.ca.cert.trim().replace(/\n/g, '\\n') });
		await run(1);
		expect(w.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 1 });
	});

	it('accepted with Ignore SSL Issues (Insecure)', async () => {
		await setup(certs.server, { ignoreSslIssues: true });
		await run(2);
		expect(w.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 2 });
	});

	it('a self-signed certificate: named as such, and trusted when pasted as the CA', async () => {
		await setup(certs.selfSigned, {});
		const error = await caught(run());
		expect(error.message).toContain(
			'the server\'s certificate is not trusted: it is self-signed or issued by a private CA. Paste that CA certificate into the credential\'s "CA Certificate (PEM)"',
		);
		expect(error.message).toContain('(DEPTH_ZERO_SELF_SIGNED_CERT)');
		await front.close();
		await w.api.close();
		await setup(certs.selfSigned, { caCertificate: certs.selfSigned.cert });
		await run(1);
		expect(w.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 1 });
	});

	it('a certificate for another host name: name mismatch in words', async () => {
		await setup(certs.otherHost, { caCertificate: certs.ca.cert });
		const error = await caught(run());
		expect(error.message).toContain(
			"the server's certificate is for another host name: use a Base URL (and Login URL) with a host name the certificate lists (ERR_TLS_CERT_ALTNAME_INVALID)",
		);
		expect(w.api.counters().logins).toBe(0);
	});

	it('a CA field that is not PEM: the field by its label and the shape, never the text', async () => {
		await setup(certs.server, { caCertificate: 'not a certificate at all' });
		const error = await caught(run());
		expect(error.message).toBe(
			'CA Certificate (PEM): expected one or more -----BEGIN CERTIFICATE----- blocks, got text without a -----BEGIN …----- block (24 characters)',
		);
		expect(w.api.counters().requests).toBe(0);
	});
});

describe('TLS: a provider that requires a client certificate (mutual TLS)', () => {
	const mtls = () => ({ ...certs.server, clientCa: certs.ca.cert });
	/** The private CA, and this client certificate with its key (and the key's passphrase). */
	const withClient = (client: KeyPair, key = client.key, passphrase?: string): IDataObject => ({
		caCertificate: certs.ca.cert,
		clientCertificate: client.cert,
		clientPrivateKey: key,
		...(passphrase === undefined ? {} : { clientKeyPassphrase: passphrase }),
	});
	/** Refused in the handshake: no login, nothing reached the API. */
	const expectRefusedInHandshake = () => {
		expect(w.api.counters()).toMatchObject({ logins: 0, requests: 0 });
		expect(front.tlsFailures()).toBe(1);
	};

	it('with the client certificate: the login and every call succeed', async () => {
		await setup(mtls(), withClient(certs.client));
		const output = await run(3);
		expect(jsonOf(output)).toHaveLength(3);
		expect(w.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 3, rejectedCalls: 0 });
		expect(front.tlsFailures()).toBe(0);
		expectNoSecrets(output);
	});

	it('with an encrypted key and its passphrase', async () => {
		await setup(
			mtls(),
			withClient(certs.client, certs.client.encryptedKey, certs.client.passphrase),
		);
		await run(2);
		expect(w.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 2 });
	});

	it('without one: "requires a client certificate", and which fields to fill in', async () => {
		await setup(mtls(), { caCertificate: certs.ca.cert });
		const error = await caught(run());
		expect(error.message).toMatch(
			/failed: the server requires a client certificate \(mutual TLS\): fill in the credential's "Client Certificate \(PEM\)" and "Client Private Key \(PEM\)" \(ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED\)$/,
		);
		expectRefusedInHandshake();
	});

	// With TLS 1.3 the server rejects the certificate after the client finished its handshake, so
	// the client sees a reset connection (ECONNRESET), not an alert: no code names the cause.
	it('a certificate from a CA the server does not know: nothing is logged in or sent', async () => {
		await setup(mtls(), withClient(certs.strangerClient));
		await caught(run());
		expectRefusedInHandshake();
	});

	it('a wrong passphrase: named, and no key or passphrase in the error', async () => {
		await setup(mtls(), withClient(certs.client, certs.client.encryptedKey, 'wrong'));
		const error = await caught(run());
		expect(error.message).toContain(
			'the client private key could not be decrypted: check "Client Key Passphrase"',
		);
		expect(w.api.counters().requests).toBe(0);
		expectNoSecrets(error);
	});

	it('a certificate without its key: the missing field by its label', async () => {
		await setup(mtls(), { caCertificate: certs.ca.cert, clientCertificate: certs.client.cert });
		const error = await caught(run());
		expect(error.message).toBe(
			'Client Private Key (PEM): expected PEM text: mutual TLS needs both the client certificate and its private key, got an empty value',
		);
	});
});
