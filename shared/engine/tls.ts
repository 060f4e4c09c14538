import type { IHttpRequestOptions } from 'n8n-workflow';

import { LoginTokenError } from './errors';
import { label } from './labels';

/** The credential's TLS settings: used for the login and for every call to the Base URL. */
export interface TlsSettings {
	ignoreSslIssues: boolean;
	/** PEM, one or more certificates; replaces the public CAs for the login and the API */
	ca: string;
	/** PEM client certificate (chain) and private key for mutual TLS */
	cert: string;
	key: string;
	passphrase: string;
}

/** A field's label in quotes, as the messages below name it: the form's own label (labels.ts). */
function quoted(field: string): string {
	return `"${label(field)}"`;
}

function tlsError(field: string, expected: string, got: string): LoginTokenError {
	return new LoginTokenError('config', `${label(field)}: expected ${expected}, got ${got}`, {
		field,
	});
}

/**
 * PEM as pasted: single-line inputs often carry literal "\n" sequences or lose the line breaks
 * between blocks; both are restored so the TLS library reads the blocks.
 */
function pem(data: Record<string, unknown>, field: string): string {
	const value = data[field];
	if (value === undefined || value === null || value === '') return '';
	if (typeof value !== 'string') throw tlsError(field, 'PEM text', `a ${typeof value}`);
	return value
		.replace(/\\n/g, '\n')
		.replace(/\r\n/g, '\n')
		.replace(/-----\s*-----/g, '-----\n-----')
		.trim();
}

/** What a PEM holds, by its block names only: the error never quotes the text. */
function pemShape(text: string): string {
	const blocks = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1]);
	if (blocks.length === 0)
		return `text without a -----BEGIN …----- block (${text.length} characters)`;
	return `PEM block(s) ${[...new Set(blocks)].join(', ')}`;
}

function expectBlock(text: string, field: string, pattern: RegExp, expected: string): void {
	if (text !== '' && !pattern.test(text)) throw tlsError(field, expected, pemShape(text));
}

export function readTlsSettings(data: Record<string, unknown>): TlsSettings {
	const settings: TlsSettings = {
		ignoreSslIssues: data.ignoreSslIssues === true,
		ca: pem(data, 'caCertificate'),
		cert: pem(data, 'clientCertificate'),
		key: pem(data, 'clientPrivateKey'),
		passphrase: typeof data.clientKeyPassphrase === 'string' ? data.clientKeyPassphrase : '',
	};
	const certificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
	expectBlock(
		settings.ca,
		'caCertificate',
		certificate,
		'one or more -----BEGIN CERTIFICATE----- blocks',
	);
	expectBlock(
		settings.cert,
		'clientCertificate',
		certificate,
		'a -----BEGIN CERTIFICATE----- block',
	);
	expectBlock(
		settings.key,
		'clientPrivateKey',
		/-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (RSA |EC |ENCRYPTED )?PRIVATE KEY-----/,
		'a -----BEGIN PRIVATE KEY----- block',
	);
	if ((settings.cert === '') !== (settings.key === '')) {
		const missing = settings.cert === '' ? 'clientCertificate' : 'clientPrivateKey';
		throw tlsError(
			missing,
			`PEM text: mutual TLS needs both the client certificate and its private key`,
			'an empty value',
		);
	}
	return settings;
}

/**
 * The request with the credential's TLS settings: `agentOptions` and `skipSslCertificateValidation`
 * for n8n's httpRequest helpers, and `rejectUnauthorized` for the legacy request helper n8n's own
 * HTTP Request node uses (both pass `agentOptions` to the HTTPS agent).
 */
export function applyTls<T extends object>(settings: TlsSettings, request: T): T {
	const agentOptions: NonNullable<IHttpRequestOptions['agentOptions']> = {
		...((request as { agentOptions?: IHttpRequestOptions['agentOptions'] }).agentOptions ?? {}),
	};
	if (settings.ca) agentOptions.ca = settings.ca;
	if (settings.cert) {
		agentOptions.cert = settings.cert;
		agentOptions.key = settings.key;
		if (settings.passphrase) agentOptions.passphrase = settings.passphrase;
	}
	const out = { ...request } as Record<string, unknown>;
	if (Object.keys(agentOptions).length > 0) out.agentOptions = agentOptions;
	if (settings.ignoreSslIssues) {
		out.skipSslCertificateValidation = true;
		out.rejectUnauthorized = false;
	}
	return out as T;
}

export function hasTls(settings: TlsSettings): boolean {
	return settings.ignoreSslIssues || settings.ca !== '' || settings.cert !== '';
}

/** An untrusted server certificate, why (as far as the code tells), and the setting that fixes it. */
function untrusted(why: string): string {
	return `is not trusted: ${why}. Paste that CA certificate into the credential's ${quoted('caCertificate')} (or, for testing only, turn on ${quoted('ignoreSslIssues')})`;
}

/** n8n 1.x's request helper hands only "reject unauthorized" to the connection, never a CA or a client certificate. */
const DROPPED_BY_N8N_1 =
	'this n8n does not hand custom certificates to its HTTP client (n8n 1.x does not; n8n 2.x does)';

const UNTRUSTED_WITH_CA = `is not trusted although ${quoted('caCertificate')} is set: either that CA did not issue the server's certificate (or the chain up to it), or ${DROPPED_BY_N8N_1}`;

const CLIENT_CERTIFICATE_NOT_SENT = `the server requires a client certificate (mutual TLS) and got none although ${quoted('clientCertificate')} is set: ${DROPPED_BY_N8N_1}`;

/**
 * A TLS failure in words, with the credential setting that fixes it; undefined for other errors.
 * From the error code only (OpenSSL's messages are not for users).
 */
export function describeTlsProblem(
	code: string,
	settings: Pick<TlsSettings, 'ca' | 'cert'> = { ca: '', cert: '' },
): string | undefined {
	switch (code) {
		case 'DEPTH_ZERO_SELF_SIGNED_CERT':
		case 'SELF_SIGNED_CERT_IN_CHAIN':
		case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
		case 'UNABLE_TO_GET_ISSUER_CERT':
		case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
		case 'CERT_SIGNATURE_FAILURE':
			// A CA that is set and still not used: wrong CA, or an n8n (1.x) that drops it.
			if (settings.ca !== '') return `the server's certificate ${UNTRUSTED_WITH_CA} (${code})`;
			if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN')
				return `the server's certificate ${untrusted('it is self-signed or issued by a private CA')} (${code})`;
			return `the server's certificate ${untrusted('its issuer is unknown (a private CA, or a certificate chain the server does not send)')} (${code})`;
		case 'ERR_TLS_CERT_ALTNAME_INVALID':
			return `the server's certificate is for another host name: use a Base URL (and Login URL) with a host name the certificate lists (${code})`;
		case 'CERT_HAS_EXPIRED':
			return `the server's certificate has expired: the server must renew it (${quoted('ignoreSslIssues')} would accept it, for testing only) (${code})`;
		case 'CERT_NOT_YET_VALID':
			return `the server's certificate is not valid yet: check the clocks of n8n and the server (${code})`;
		case 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED':
		case 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE':
			if (settings.cert !== '') return `${CLIENT_CERTIFICATE_NOT_SENT} (${code})`;
			return `the server requires a client certificate (mutual TLS): fill in the credential's ${quoted('clientCertificate')} and ${quoted('clientPrivateKey')} (${code})`;
		case 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA':
		case 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE':
		case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN':
		case 'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED':
		case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED':
		case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED':
			return `the server rejected the client certificate: check ${quoted('clientCertificate')} is the one the API issued or accepts, and not expired (${code})`;
		case 'ERR_OSSL_BAD_DECRYPT':
		case 'ERR_OSSL_EVP_BAD_DECRYPT':
		case 'ERR_OSSL_PEM_BAD_DECRYPT':
			return `the client private key could not be decrypted: check ${quoted('clientKeyPassphrase')} (${code})`;
		case 'ERR_OSSL_X509_KEY_VALUES_MISMATCH':
		case 'ERR_OSSL_KEY_VALUES_MISMATCH':
			return `${quoted('clientPrivateKey')} does not belong to ${quoted('clientCertificate')} (${code})`;
		case 'ERR_OSSL_PEM_NO_START_LINE':
		case 'ERR_OSSL_PEM_BAD_BASE64_DECODE':
		case 'ERR_OSSL_PEM_BAD_END_LINE':
		case 'ERR_OSSL_UNSUPPORTED':
		case 'ERR_OSSL_ASN1_WRONG_TAG':
		case 'ERR_OSSL_ASN1_HEADER_TOO_LONG':
		case 'ERR_OSSL_ASN1_NOT_ENOUGH_DATA':
			return `a certificate or key in the credential's TLS settings is not valid PEM, or an encrypted key has no passphrase: check ${quoted('caCertificate')}, ${quoted('clientCertificate')}, ${quoted('clientPrivateKey')} and ${quoted('clientKeyPassphrase')} (${code})`;
		default:
			if (/^ERR_SSL_|^ERR_OSSL_|CERT/.test(code))
				return `the TLS connection failed (${code}): check the credential's TLS settings`;
			return undefined;
	}
}
