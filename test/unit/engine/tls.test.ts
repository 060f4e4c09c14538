import { LoginTokenApi } from '../../../credentials/LoginTokenApi.credentials';
import {
	applyTls,
	buildLoginRequest,
	describeTlsProblem,
	loginScope,
	readTlsSettings,
} from '../../../shared/engine';
import { config, thrown } from '../fixtures';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----';

describe('TLS settings', () => {
	it('nothing set: requests are unchanged', () => {
		const request = { url: 'https://a.example/x' };
		expect(applyTls(readTlsSettings({}), request)).toEqual(request);
	});

	it('CA and client certificate go to agentOptions; Ignore SSL Issues to both request helpers', () => {
		const settings = readTlsSettings({
			caCertificate: CERT,
			clientCertificate: CERT,
			clientPrivateKey: KEY,
			clientKeyPassphrase: 'pp',
			ignoreSslIssues: true,
		});
		expect(
			applyTls(settings, { url: 'https://a.example/x', agentOptions: { ciphers: 'X' } }),
		).toEqual({
			url: 'https://a.example/x',
			agentOptions: { ciphers: 'X', ca: CERT, cert: CERT, key: KEY, passphrase: 'pp' },
			skipSslCertificateValidation: true,
			rejectUnauthorized: false,
		});
	});

	it('the login request carries them', () => {
		const c = config({ caCertificate: CERT });
		expect(buildLoginRequest(c).agentOptions).toEqual({ ca: CERT });
	});

	it('the credential authenticate() adds them for n8n own HTTP Request node too (legacy request)', async () => {
		const c = config({ clientCertificate: CERT, clientPrivateKey: KEY, ignoreSslIssues: true });
		const out = (await new LoginTokenApi().authenticate(
			{
				baseUrl: 'https://api.example-bank.com',
				username: 'alice',
				password: 'pw',
				clientCertificate: CERT,
				clientPrivateKey: KEY,
				ignoreSslIssues: true,
				sessionToken: 'tok',
				sessionScope: loginScope({ ...c, password: 'pw' }),
			},
			{ uri: 'https://api.example-bank.com/me', rejectUnauthorized: true } as never,
		)) as unknown as Record<string, unknown>;
		expect(out).toMatchObject({
			agentOptions: { cert: CERT, key: KEY },
			rejectUnauthorized: false,
			skipSslCertificateValidation: true,
		});
	});

	it('bad PEM: the field label and the block names, never the text', () => {
		const error = thrown(() =>
			readTlsSettings({ clientPrivateKey: CERT, clientCertificate: CERT }),
		);
		expect(error.message).toBe(
			'Client Private Key (PEM): expected a -----BEGIN PRIVATE KEY----- block, got PEM block(s) CERTIFICATE',
		);
		expect(thrown(() => readTlsSettings({ clientPrivateKey: KEY })).message).toBe(
			'Client Certificate (PEM): expected PEM text: mutual TLS needs both the client certificate and its private key, got an empty value',
		);
	});

	it('TLS error codes in words, with the setting that fixes them; other codes are not TLS', () => {
		expect(describeTlsProblem('CERT_HAS_EXPIRED')).toContain(
			"the server's certificate has expired",
		);
		expect(describeTlsProblem('ERR_TLS_CERT_ALTNAME_INVALID')).toContain('another host name');
		expect(describeTlsProblem('ERR_OSSL_PEM_NO_START_LINE')).toContain('not valid PEM');
		expect(describeTlsProblem('ECONNREFUSED')).toBeUndefined();
	});

	it('a CA or client certificate that is set and still not used: says so, and names n8n 1.x', () => {
		const set = { ca: CERT, cert: CERT };
		for (const code of ['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'])
			expect(describeTlsProblem(code, { ...set, cert: '' })).toBe(
				`the server's certificate is not trusted although "CA Certificate (PEM)" is set: either that CA did not issue the server's certificate (or the chain up to it), or this n8n does not hand custom certificates to its HTTP client (n8n 1.x does not; n8n 2.x does) (${code})`,
			);
		expect(describeTlsProblem('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', set)).toBe(
			'the server requires a client certificate (mutual TLS) and got none although "Client Certificate (PEM)" is set: this n8n does not hand custom certificates to its HTTP client (n8n 1.x does not; n8n 2.x does) (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED)',
		);
		// Not set: the setting that fixes it, as before
		expect(describeTlsProblem('SELF_SIGNED_CERT_IN_CHAIN', { ca: '', cert: CERT })).toContain(
			'Paste that CA certificate into the credential\'s "CA Certificate (PEM)"',
		);
		expect(
			describeTlsProblem('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', { ca: CERT, cert: '' }),
		).toContain('fill in the credential\'s "Client Certificate (PEM)"');
	});
});
