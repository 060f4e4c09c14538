import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { describeNetworkError, withoutErrorCodes } from '../../../shared/runtime/networkError';

const node = { name: 'n', type: 'x', typeVersion: 1, parameters: {} } as unknown as INode;
const coded = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('network errors in words', () => {
	it.each([
		['ECONNREFUSED', 'h:1 refused the connection (nothing was sent)'],
		['ENOTFOUND', 'h:1 could not be resolved (nothing was sent)'],
		['EHOSTUNREACH', 'h:1 could not be reached (nothing was sent)'],
		[
			'ECONNABORTED',
			'the request to h:1 timed out before an answer arrived; it may have reached the server',
		],
		[
			'ECONNRESET',
			'the request to h:1 got no answer: the connection was closed; it may have reached the server',
		],
		[
			'EPIPE',
			'the request to h:1 got no answer: the connection was closed; it may have reached the server',
		],
		[
			'EPROTO',
			'the request to h:1 failed before an answer arrived (EPROTO); it may have reached the server',
		],
	])('%s', (code, expected) => {
		expect(describeNetworkError(coded(code), 'the request', 'h:1', [])).toBe(expected);
	});

	it('a TLS failure is read with the TLS settings the request was sent with', () => {
		const ca = '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----';
		const failure = coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
		expect(describeNetworkError(failure, 'the login request', 'h:1', [], { ca, cert: '' })).toBe(
			`the login request to h:1 failed: the server's certificate is not trusted although "CA Certificate (PEM)" is set: either that CA did not issue the server's certificate (or the chain up to it), or this n8n does not hand custom certificates to its HTTP client (n8n 1.x does not; n8n 2.x does) (UNABLE_TO_VERIFY_LEAF_SIGNATURE)`,
		);
		expect(describeNetworkError(failure, 'the request', 'h:1', [])).toContain(
			"its issuer is unknown (a private CA, or a certificate chain the server does not send). Paste that CA certificate into the credential's",
		);
	});

	it('a "socket hang up" without a code counts as closed; a library message is redacted', () => {
		expect(describeNetworkError(new Error('socket hang up'), 'the request', 'h:1', [])).toBe(
			'the request to h:1 got no answer: the connection was closed; it may have reached the server',
		);
		expect(describeNetworkError(new Error('odd s3cret-value'), 'x', 'h', ['s3cret-value'])).toBe(
			'x to h failed: odd [redacted]; it may have reached the server',
		);
	});

	it('reads the code back from what n8n 1.x keeps of a wrapped error (no cause, no code)', () => {
		const closed =
			'the request to h:1 got no answer: the connection was closed; it may have reached the server';
		const rewritten =
			'The connection to the server was closed unexpectedly, perhaps it is offline. You can retry the request immediately or wait and retry later.';
		expect(describeNetworkError(new Error(rewritten), 'the request', 'h:1', [])).toBe(closed);
		expect(
			describeNetworkError(
				Object.assign(new Error('x'), { httpCode: 'ECONNRESET' }),
				'the request',
				'h:1',
				[],
			),
		).toBe(closed);
		expect(
			describeNetworkError(
				Object.assign(new Error('y'), { messages: ['read ECONNRESET'] }),
				'the request',
				'h:1',
				[],
			),
		).toBe(closed);
		expect(
			describeNetworkError(
				new Error("The connection timed out, consider setting the 'Retry on Fail' option"),
				'the request',
				'h:1',
				[],
			),
		).toBe('the request to h:1 timed out before an answer arrived; it may have reached the server');
	});

	it("no message of ours triggers n8n's rewriting, however codes get into it", () => {
		for (const text of [
			describeNetworkError(coded('ECONNRESET'), 'the request', 'h', []),
			describeNetworkError(coded('EACCES'), 'the request', 'h', []),
			withoutErrorCodes('keys: ECONNRESET, enotfound, EPerm, GETADDRINFO'),
		]) {
			const error = new NodeApiError(node, { message: text } as JsonObject, { message: text });
			expect(error.message).toBe(text);
		}
		// the control: n8n does rewrite the raw text
		const raw = new NodeApiError(node, { message: 'keys: ECONNRESET' } as JsonObject, {
			message: 'keys: ECONNRESET',
		});
		expect(raw.message).toMatch(/retry the request immediately/);
	});
});
