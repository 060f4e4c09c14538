import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { TokenHttpRequest } from '../../nodes/TokenHttpRequest/TokenHttpRequest.node';
import { multipartBody } from '../../nodes/TokenHttpRequest/bodies';
import { isSingleUseBody } from '../../shared/runtime/replayableBody';
import { binaryUpload, formDataUpload } from '../support/requestParameters';
import { caught, jsonOf, worldPerTest } from './setup';

const node = new TokenHttpRequest();
const { startWithFront, current } = worldPerTest();

/** Bytes that break naive encoders: every byte value, CRLFs, dashes, quotes. */
function awkwardBytes(size: number, seed: number): Buffer {
	const out = Buffer.alloc(size);
	for (let i = 0; i < size; i++) out[i] = (i * 31 + seed * 7 + (i >> 8)) & 0xff;
	out.write('\r\n--boundary"\r\n', 100, 'latin1');
	return out;
}

function fileItem(files: Record<string, { data: Buffer; fileName: string; mimeType: string }>) {
	const binary: INodeExecutionData['binary'] = {};
	for (const [property, file] of Object.entries(files))
		binary[property] = {
			data: file.data.toString('base64'),
			fileName: file.fileName,
			mimeType: file.mimeType,
		};
	return { json: {}, binary };
}

/** The parts of a multipart body, split by the boundary its Content-Type names. */
function parseMultipart(contentType: string, body: Buffer) {
	const boundary = /boundary=(.+)$/.exec(contentType)?.[1] ?? '';
	const parts: Array<{ headers: string; data: Buffer }> = [];
	const delimiter = Buffer.from(`--${boundary}`);
	let at = body.indexOf(delimiter);
	for (;;) {
		const start = at + delimiter.length;
		if (body.subarray(start, start + 2).toString() === '--') break;
		const next = body.indexOf(delimiter, start);
		const part = body.subarray(start + 2, next - 2); // without the CRLFs around it
		const split = part.indexOf('\r\n\r\n');
		parts.push({
			headers: part.subarray(0, split).toString('utf8'),
			data: part.subarray(split + 4),
		});
		at = next;
	}
	return parts;
}

/** Token HTTP Request on input items that carry files. */
const run = async (parameters: IDataObject, inputItems: INodeExecutionData[]) => {
	const { n8n, credentialId } = current();
	return await n8n.runNode(node, { parameters, credentialId, inputItems });
};

describe('Uploads: Form-Data and n8n Binary File bodies', () => {
	const invoice = {
		data: awkwardBytes(70_000, 1),
		fileName: 'invoice "7".pdf',
		mimeType: 'application/pdf',
	};
	const photo = { data: awkwardBytes(3_000, 2), fileName: 'photo.png', mimeType: 'image/png' };

	it('Form-Data: text fields and two files from binary properties, received byte for byte', async () => {
		const { w, front } = await startWithFront();
		const output = await run(
			formDataUpload({ title: 'Invoice 7 – März' }, { document: 'invoice', attachment: 'photo' }),
			[fileItem({ invoice, photo })],
		);
		const [upload] = front.uploads();
		expect(front.uploads()).toHaveLength(1);
		expect(upload.contentType).toMatch(/^multipart\/form-data; boundary=/);
		expect(jsonOf(output)).toEqual([
			{ received: upload.body.length, contentType: upload.contentType },
		]);
		const parts = parseMultipart(upload.contentType, upload.body);
		expect(parts.map((part) => part.headers)).toEqual([
			'Content-Disposition: form-data; name="title"',
			'Content-Disposition: form-data; name="document"; filename="invoice %227%22.pdf"\r\nContent-Type: application/pdf',
			'Content-Disposition: form-data; name="attachment"; filename="photo.png"\r\nContent-Type: image/png',
		]);
		expect(parts[0].data.toString('utf8')).toBe('Invoice 7 – März');
		expect(parts[1].data.equals(invoice.data)).toBe(true);
		expect(parts[2].data.equals(photo.data)).toBe(true);
		expect(w.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 1, rejectedCalls: 0 });
	});

	it('n8n Binary File: the file is the body, its MIME type the Content-Type', async () => {
		const { front } = await startWithFront();
		await run(binaryUpload('PUT', 'invoice'), [fileItem({ invoice })]);
		const [upload] = front.uploads();
		expect(upload).toMatchObject({ method: 'PUT', contentType: 'application/pdf' });
		expect(upload.body.equals(invoice.data)).toBe(true);
	});

	it('an expired-token answer: the buffered upload is sent once more with a new token, and arrives once', async () => {
		const { w, front } = await startWithFront();
		await run({ url: '/me' }, [{ json: {} }]);
		w.api.revokeAll(); // the stored token still looks fresh to n8n
		w.api.reset();
		await run(binaryUpload('POST', 'invoice'), [fileItem({ invoice })]);
		expect(w.api.counters()).toMatchObject({ logins: 1, rejectedCalls: 1, acceptedCalls: 1 });
		expect(front.uploads()).toHaveLength(1);
		expect(front.uploads()[0].body.equals(invoice.data)).toBe(true);
	});

	it('an upload answered with HTTP 500 is never sent again', async () => {
		const { front } = await startWithFront();
		const error = await caught(
			run(binaryUpload('POST', 'invoice', '/upload?fail=500'), [fileItem({ invoice })]),
		);
		expect(error.message).toBe('The API answered HTTP 500; the request was not sent again');
		expect(front.uploads()).toHaveLength(1);
	});

	it('a missing binary property is named', async () => {
		const { w, front } = await startWithFront();
		const error = await caught(run(binaryUpload('POST', 'scan'), [fileItem({ invoice })]));
		expect(error.message).toContain('scan');
		expect(front.uploads()).toHaveLength(0);
		expect(w.api.counters()).toMatchObject({ acceptedCalls: 0, rejectedCalls: 0 });
	});
});

describe('Upload bodies', () => {
	it('a multipart boundary never occurs in the content', () => {
		const { body, contentType } = multipartBody([{ name: 'a', data: Buffer.from('x') }]);
		const boundary = contentType.split('boundary=')[1];
		expect(body.toString()).toBe(
			`--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--${boundary}--\r\n`,
		);
	});

	it('Buffers can be sent again, streams cannot', async () => {
		const { Readable } = await import('node:stream');
		expect(isSingleUseBody(Buffer.from('x'))).toBe(false);
		expect(isSingleUseBody('text')).toBe(false);
		expect(isSingleUseBody(Readable.from(['x']))).toBe(true);
	});
});
