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
});
