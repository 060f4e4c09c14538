import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { redact, scrubSecrets } from '../../shared/engine';
import type { HttpResponse } from '../../shared/engine';
import type { ResponseOptions } from './buildRequest';

function asBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	return Buffer.from(body === undefined || body === null ? '' : JSON.stringify(body), 'utf8');
}

function mimeType(response: HttpResponse): string {
	const value = response.headers['content-type'];
	return typeof value === 'string' ? value : '';
}

/** Which way to read the body: JSON and text types as such, everything else as a file, like the stock node. */
function detectFormat(
	response: HttpResponse,
	format: ResponseOptions['responseFormat'],
): 'json' | 'text' | 'file' {
	if (format !== 'autodetect') return format;
	const type = mimeType(response).toLowerCase();
	if (type.includes('json')) return 'json';
	if (
		type.startsWith('text/') ||
		type.includes('xml') ||
		type.includes('javascript') ||
		type === ''
	)
		return 'text';
	return 'file';
}

/**
 * Whether the parsed body could hold a secret: one is in the raw text as is or URL-encoded, or the
 * text has escapes (\\uXXXX) or a secret has characters JSON escapes, which the raw text could hide.
 * Most answers hold none, and walking every value of a large body for each secret is costly.
 */
function mayHoldSecret(text: string, secrets: string[]): boolean {
	if (text.includes('\\u')) return true;
	return secrets.some(
		(secret) =>
			secret.length >= 4 &&
			(/[^\x20-\x7e]|["\\/]/.test(secret) ||
				text.includes(secret) ||
				text.includes(encodeURIComponent(secret))),
	);
}

export function bodyText(response: HttpResponse): string {
	return asBuffer(response.body).toString('utf8');
}

/** The response as output items; strings carrying the token or password are scrubbed (some APIs echo them). */
export async function responseToItems(
	ctx: IExecuteFunctions,
	response: HttpResponse,
	options: ResponseOptions,
	itemIndex: number,
	secrets: string[],
): Promise<INodeExecutionData[]> {
	const format = detectFormat(response, options.responseFormat);
	const pairedItem = { item: itemIndex };
	const meta = {
		headers: scrubSecrets(response.headers, secrets),
		statusCode: response.statusCode,
		statusMessage: response.statusMessage ?? '',
	};

	if (format === 'file') {
		const binary = await ctx.helpers.prepareBinaryData(
			asBuffer(response.body),
			undefined,
			mimeType(response) || undefined,
		);
		const json: IDataObject = options.fullResponse ? meta : {};
		return [{ json, binary: { [options.outputPropertyName]: binary }, pairedItem }];
	}

	const text = bodyText(response);
	let body: unknown = text;
	if (format === 'json' && text.trim() !== '') {
		try {
			body = JSON.parse(text);
		} catch {
			if (options.responseFormat === 'json') {
				// Redacted as toNodeError redacts other errors: the content type comes from the server.
				const message = `The response is not valid JSON (content type ${mimeType(response) || 'none'}); choose Response Format: Text to read it as text`;
				throw new NodeOperationError(ctx.getNode(), redact(message, secrets), { itemIndex });
			}
		}
	}
	if (mayHoldSecret(text, secrets)) body = scrubSecrets(body, secrets);

	if (options.fullResponse) return [{ json: { body: body as IDataObject, ...meta }, pairedItem }];
	if (format === 'text' || typeof body === 'string')
		return [{ json: { [options.outputPropertyName]: body as string }, pairedItem }];
	const list = Array.isArray(body) ? body : [body];
	return list.map((entry) => ({
		json:
			entry !== null && typeof entry === 'object' && !Array.isArray(entry)
				? (entry as IDataObject)
				: { [options.outputPropertyName]: entry as IDataObject[string] },
		pairedItem,
	}));
}
