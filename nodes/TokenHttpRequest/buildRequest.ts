import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
} from 'n8n-workflow';

import { formEncode, isHeaderNameSyntax, joinUrl, type TokenConfig } from '../../shared/engine';
import { param } from './parameters';
import { UPLOAD_CONTENT_TYPES } from './bodies';
import { lowercaseKeys, proxyOption } from './connection';
import { DEFAULT_BATCH_SIZE, DEFAULT_MAX_REDIRECTS } from './description';

export interface ResponseOptions {
	fullResponse: boolean;
	neverError: boolean;
	responseFormat: 'autodetect' | 'json' | 'text' | 'file';
	outputPropertyName: string;
}

export interface ItemRequest {
	request: IHttpRequestOptions;
	/** The body is a file (Form-Data or n8n Binary File), read with setUploadBody. */
	upload: boolean;
	response: ResponseOptions;
	followRedirects: boolean;
	maxRedirects: number;
}

/** Default when no Timeout option is set: long enough for slow APIs, short enough never to hang an execution. */
const DEFAULT_TIMEOUT_MS = 300_000;

function pairs(ctx: IExecuteFunctions, name: string, itemIndex: number): IDataObject {
	const list = param(ctx, `${name}.parameters`, itemIndex, []) as Array<{
		name: string;
		value: unknown;
	}>;
	const out: IDataObject = {};
	for (const { name: key, value } of list) {
		if (key !== '') out[key] = value as IDataObject[string];
	}
	return out;
}

function jsonParameter(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): IDataObject {
	const raw = param(ctx, name, itemIndex, '') as unknown;
	if (raw === '' || raw === undefined || raw === null) return {};
	if (typeof raw === 'object' && !Array.isArray(raw)) return raw as IDataObject;
	if (typeof raw === 'string') {
		try {
			const parsed: unknown = JSON.parse(raw);
			if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
				return parsed as IDataObject;
		} catch {
			// reported below
		}
	}
	throw new NodeOperationError(ctx.getNode(), `${label}: expected a JSON object`, {
		itemIndex,
		description: 'Example: {"key": "value"}',
	});
}

/** Either the name/value list or the JSON field, as the user chose with the matching "Specify" option. */
function keyValues(
	ctx: IExecuteFunctions,
	specify: string,
	listName: string,
	jsonName: string,
	label: string,
	itemIndex: number,
): IDataObject {
	const mode = param(ctx, specify, itemIndex, 'keypair') as string;
	return mode === 'json'
		? jsonParameter(ctx, jsonName, label, itemIndex)
		: pairs(ctx, listName, itemIndex);
}

function setBody(
	ctx: IExecuteFunctions,
	request: IHttpRequestOptions,
	headers: IDataObject,
	itemIndex: number,
): void {
	const contentType = param(ctx, 'contentType', itemIndex, 'json') as string;
	if (UPLOAD_CONTENT_TYPES.includes(contentType)) return; // set by setUploadBody (bodies.ts)
	if (contentType === 'raw') {
		const rawType = param(ctx, 'rawContentType', itemIndex, '') as string;
		if (rawType) headers['Content-Type'] = rawType;
		request.body = param(ctx, 'body', itemIndex, '') as string;
		return;
	}
	const fields = keyValues(
		ctx,
		'specifyBody',
		'bodyParameters',
		'jsonBody',
		'Body JSON',
		itemIndex,
	);
	if (contentType === 'form-urlencoded') {
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
		request.body = formEncode(fields);
		return;
	}
	headers['Content-Type'] = 'application/json';
	request.body = fields;
	request.json = true;
}

/**
 * Header names and values Node would refuse mid-request are refused here, before anything is sent,
 * so the error can say so (a refusal inside the HTTP client reads like a failed send).
 */
function checkHeaders(ctx: IExecuteFunctions, headers: IDataObject, itemIndex: number): void {
	Object.entries(headers).forEach(([name, value], index) => {
		const fail = (what: string) =>
			new NodeOperationError(
				ctx.getNode(),
				`Send Headers: header ${index + 1} ${what}; nothing was sent`,
				{
					itemIndex,
				},
			);
		if (!isHeaderNameSyntax(name))
			throw fail(
				`has a name of ${name.length} character(s) with characters a header name cannot have (spaces, colons, line breaks, …)`,
			);
		if (/[\r\n\0]/.test(typeof value === 'string' ? value : (JSON.stringify(value) ?? '')))
			throw fail('has a value with a line break or a NUL character');
	});
}

/** The request and response handling one item asks for, from the node's parameters. */
export function buildItemRequest(
	ctx: IExecuteFunctions,
	config: TokenConfig,
	itemIndex: number,
): ItemRequest {
	const url = (param(ctx, 'url', itemIndex, '') as string).trim();
	if (url === '')
		throw new NodeOperationError(
			ctx.getNode(),
			'URL: expected a path such as /accounts, or an absolute URL on the API host',
			{ itemIndex },
		);
	const options = param(ctx, 'options', itemIndex, {}) as IDataObject;

	const headers: IDataObject = {};
	const request: IHttpRequestOptions = {
		method: param(ctx, 'method', itemIndex, 'GET') as IHttpRequestMethods,
		url: joinUrl(config.baseUrl, url),
		headers,
		timeout: typeof options.timeout === 'number' ? options.timeout : DEFAULT_TIMEOUT_MS,
	};
	if (param(ctx, 'sendQuery', itemIndex, false)) {
		request.qs = keyValues(
			ctx,
			'specifyQuery',
			'queryParameters',
			'jsonQuery',
			'Query JSON',
			itemIndex,
		);
	}
	if (param(ctx, 'sendHeaders', itemIndex, false)) {
		const userHeaders = keyValues(
			ctx,
			'specifyHeaders',
			'headerParameters',
			'jsonHeaders',
			'Headers JSON',
			itemIndex,
		);
		checkHeaders(ctx, userHeaders, itemIndex);
		// Options > Lowercase Headers, default on as in n8n's HTTP Request node
		Object.assign(
			headers,
			options.lowercaseHeaders === false ? userHeaders : lowercaseKeys(userHeaders),
		);
	}
	const proxy = proxyOption(ctx, options.proxy, itemIndex);
	if (proxy) request.proxy = proxy;
	if (param(ctx, 'sendBody', itemIndex, false)) setBody(ctx, request, headers, itemIndex);

	const response = ((options.response as IDataObject | undefined)?.response ??
		{}) as Partial<ResponseOptions>;
	const redirect = ((options.redirect as IDataObject | undefined)?.redirect ?? {}) as {
		followRedirects?: boolean;
		maxRedirects?: number;
	};
	return {
		request,
		upload:
			request.body === undefined &&
			param<boolean>(ctx, 'sendBody', itemIndex, false) &&
			UPLOAD_CONTENT_TYPES.includes(param(ctx, 'contentType', itemIndex, 'json') as string),
		response: {
			fullResponse: response.fullResponse ?? false,
			neverError: response.neverError ?? false,
			responseFormat: response.responseFormat ?? 'autodetect',
			outputPropertyName: response.outputPropertyName || 'data',
		},
		followRedirects: redirect.followRedirects ?? true,
		maxRedirects: redirect.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
	};
}

/** Batch size and pause, read once from the first item like the stock node does. */
export function batching(ctx: IExecuteFunctions): { batchSize: number; batchInterval: number } {
	const options = param(ctx, 'options', 0, {}) as IDataObject;
	const batch = ((options.batching as IDataObject | undefined)?.batch ?? {}) as {
		batchSize?: number;
		batchInterval?: number;
	};
	return {
		batchSize: Math.max(1, batch.batchSize ?? DEFAULT_BATCH_SIZE),
		batchInterval: Math.max(0, batch.batchInterval ?? 0),
	};
}
