import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
} from 'n8n-workflow';

import { param } from './parameters';

/** Body content types whose body is a file: built here, as a Buffer, after the rest of the request. */
export const UPLOAD_CONTENT_TYPES = ['multipart-form-data', 'binaryData'];

interface FormField {
	parameterType?: 'formData' | 'formBinaryData';
	name?: string;
	value?: unknown;
	inputDataFieldName?: string;
}

interface Part {
	name: string;
	data: Buffer;
	fileName?: string;
	mimeType?: string;
}

/** As browsers write names in Content-Disposition (WHATWG): quotes and line breaks percent-encoded. */
function quoted(value: string): string {
	return `"${value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
}

function boundaryFor(parts: Part[]): string {
	for (;;) {
		const boundary = `----n8nLoginTokenBoundary${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
		if (!parts.some((part) => part.data.includes(boundary))) return boundary;
	}
}

/**
 * A multipart/form-data body as one Buffer. A Buffer, not a stream: it can be sent again after an
 * expired-token answer, and its length is known.
 */
export function multipartBody(parts: Part[]): { body: Buffer; contentType: string } {
	const boundary = boundaryFor(parts);
	const chunks: Buffer[] = [];
	for (const part of parts) {
		let head = `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(part.name)}`;
		if (part.fileName !== undefined) head += `; filename=${quoted(part.fileName)}`;
		head += '\r\n';
		if (part.mimeType !== undefined) head += `Content-Type: ${part.mimeType}\r\n`;
		chunks.push(Buffer.from(`${head}\r\n`, 'utf8'), part.data, Buffer.from('\r\n'));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function fieldText(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

async function binaryPart(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
	label: string,
): Promise<{ data: Buffer; fileName?: string; mimeType: string }> {
	if (property.trim() === '')
		throw new NodeOperationError(
			ctx.getNode(),
			`${label}: expected the name of an input binary property, such as data`,
			{ itemIndex },
		);
	const meta = ctx.helpers.assertBinaryData(itemIndex, property); // names the missing property
	const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
	return {
		data,
		fileName: meta.fileName,
		mimeType: meta.mimeType || 'application/octet-stream',
	};
}

/**
 * Sets the body of the upload content types, as n8n's HTTP Request node names them: Form-Data
 * (`multipart-form-data`: text fields and files from input binary properties) and n8n Binary File
 * (`binaryData`: the file is the body).
 */
export async function setUploadBody(
	ctx: IExecuteFunctions,
	request: IHttpRequestOptions,
	itemIndex: number,
): Promise<void> {
	const contentType = param(ctx, 'contentType', itemIndex, 'json') as string;
	const headers = (request.headers ??= {}) as IDataObject;
	if (contentType === 'binaryData') {
		const property = param(ctx, 'inputDataFieldName', itemIndex, '') as string;
		const file = await binaryPart(ctx, itemIndex, property, 'Input Data Field Name');
		headers['content-type'] = file.mimeType;
		headers['content-length'] = file.data.length;
		request.body = file.data;
		return;
	}
	const fields = param(ctx, 'bodyParameters.parameters', itemIndex, []) as FormField[];
	const parts: Part[] = [];
	for (const [index, field] of fields.entries()) {
		const name = field.name ?? '';
		if (field.parameterType === 'formBinaryData') {
			if (!field.inputDataFieldName) continue; // as the stock node: a file row left empty is skipped
			const file = await binaryPart(
				ctx,
				itemIndex,
				field.inputDataFieldName,
				`Body field ${index + 1} (${name || 'no name'}), Input Data Field Name`,
			);
			parts.push({
				name,
				data: file.data,
				fileName: file.fileName ?? 'file',
				mimeType: file.mimeType,
			});
		} else if (name !== '') {
			parts.push({ name, data: Buffer.from(fieldText(field.value), 'utf8') });
		}
	}
	const { body, contentType: type } = multipartBody(parts);
	headers['content-type'] = type;
	headers['content-length'] = body.length;
	request.body = body;
}
