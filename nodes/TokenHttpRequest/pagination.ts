import {
	jsonParse,
	NodeOperationError,
	type IAllExecuteFunctions,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INodeExecutionData,
	type PaginationOptions,
} from 'n8n-workflow';

import {
	formEncode,
	parseJsonOrUndefined,
	proxySecrets,
	type HttpResponse,
} from '../../shared/engine';
import { httpStatusError, toNodeError } from '../../shared/runtime/nodeErrors';
import type { TokenSession } from '../../shared/runtime/session';
import { requestWithToken } from '../../shared/runtime/tokenRequest';
import type { ItemRequest } from './buildRequest';
import { bodyText, responseToItems } from './responseOutput';

/** A page request in the shape of n8n's legacy request helper, which its pagination loop uses. */
interface LegacyPage {
	uri?: string;
	url?: string;
	method?: IHttpRequestOptions['method'];
	qs?: IDataObject;
	headers?: IDataObject;
	body?: unknown;
	form?: IDataObject;
}

/** Options > Pagination as n8n's HTTP Request node stores it. */
export interface PaginationSettings {
	paginationMode: 'off' | 'updateAParameterInEachRequest' | 'responseContainsNextURL';
	nextURL?: string;
	parameters?: { parameters?: Array<{ type: string; name: string; value: string }> };
	paginationCompleteWhen?: 'responseIsEmpty' | 'receiveSpecificStatusCodes' | 'other';
	statusCodesWhenComplete?: string;
	completeExpression?: string;
	limitPagesFetched?: boolean;
	maxRequests?: number;
	requestInterval?: number;
}

/** Read once, from the first item, with its expressions unevaluated: they are evaluated per page. */
export function readPagination(ctx: IExecuteFunctions): PaginationSettings | undefined {
	const settings = ctx.getNodeParameter('options.pagination.pagination', 0, null, {
		rawExpressions: true,
	}) as PaginationSettings | null;
	return settings && settings.paginationMode && settings.paginationMode !== 'off'
		? settings
		: undefined;
}

function completionStatuses(settings: PaginationSettings): number[] {
	if (settings.paginationCompleteWhen !== 'receiveSpecificStatusCodes') return [];
	return (settings.statusCodesWhenComplete ?? '')
		.split(',')
		.map((code) => parseInt(code.trim(), 10))
		.filter((code) => Number.isInteger(code));
}

/** The pagination options n8n's HTTP Request node passes to n8n-core, built the same way. */
function paginationOptions(
	ctx: IExecuteFunctions,
	settings: PaginationSettings,
	itemRequest: ItemRequest,
): PaginationOptions {
	const node = ctx.getNode();
	let continueExpression = '={{false}}';
	if (settings.paginationCompleteWhen === 'receiveSpecificStatusCodes') {
		continueExpression = `={{ !${JSON.stringify(completionStatuses(settings))}.includes($response.statusCode) }}`;
	} else if (settings.paginationCompleteWhen === 'other') {
		const expression = (settings.completeExpression ?? '').trim();
		if (!expression.startsWith('={{') || !expression.endsWith('}}'))
			throw new NodeOperationError(
				node,
				'Pagination > Complete Expression: expected an expression such as {{ !$response.body.next }}',
			);
		const condition = expression.slice(3, -2);
		continueExpression = itemRequest.response.neverError
			? `={{ !(${condition}) }}`
			: `={{ !(${condition}) || ($response.statusCode < 200 || $response.statusCode >= 300) }}`;
	} else {
		continueExpression =
			'={{ Array.isArray($response.body) ? $response.body.length : !!$response.body }}';
	}
	const options: PaginationOptions = {
		continue: continueExpression,
		request: {},
		requestInterval: settings.requestInterval ?? 0,
	};
	if (settings.paginationMode === 'updateAParameterInEachRequest') {
		const parameters = settings.parameters?.parameters ?? [];
		if (parameters.length === 0 || parameters.every((p) => p.name === '' && p.value === ''))
			throw new NodeOperationError(
				node,
				"Pagination > Parameters: at least one entry with 'Name' and 'Value' filled in is needed in 'Update a Parameter in Each Request' mode",
			);
		const request = options.request as Record<string, IDataObject>;
		parameters.forEach((parameter, index) => {
			if (parameter.name === '')
				throw new NodeOperationError(
					node,
					`Pagination > Parameters: parameter ${index + 1} needs a Name`,
				);
			if (!['body', 'headers', 'qs'].includes(parameter.type))
				throw new NodeOperationError(
					node,
					`Pagination > Parameters: parameter ${index + 1} has Type "${parameter.type}", expected Body, Header or Query`,
				);
			if (parameter.value === '')
				throw new NodeOperationError(
					node,
					`Pagination > Parameters: parameter ${index + 1} (${parameter.name}) needs a Value; without one every page would be the same`,
				);
			request[parameter.type] ??= {};
			request[parameter.type][parameter.name] = parameter.value;
		});
	} else {
		if (!settings.nextURL)
			throw new NodeOperationError(
				node,
				'Pagination > Next URL: expected an expression such as {{ $response.body.next }}',
			);
		options.request.url = nextUrlExpression(settings.nextURL);
	}
	if (settings.limitPagesFetched) options.maxRequests = settings.maxRequests ?? 100;
	if (itemRequest.response.responseFormat === 'file') options.binaryResult = true;
	return options;
}

/**
 * n8n-core's pagination loop refuses any next URL that is not absolute before the page is sent,
 * so a relative one (`/items?page=2`, which the field's description allows) is carried through it
 * inside an absolute carrier URL on a `.invalid` host and resolved in sendPage against the page it
 * came from. The first page keeps the node's own URL (the loop needs `undefined` there).
 */
const NEXT_URL_CARRIER = 'https://next-url.login-token.invalid/';

function nextUrlExpression(nextUrl: string): string {
	const trimmed = nextUrl.trim();
	const inner =
		trimmed.startsWith('={{') && trimmed.endsWith('}}')
			? trimmed.slice(3, -2)
			: JSON.stringify(trimmed.replace(/^=/, ''));
	return `={{ $pageCount === 0 ? undefined : ${JSON.stringify(NEXT_URL_CARRIER)} + JSON.stringify(${inner}) }}`;
}

/** The page URL a carried Next URL stands for, resolved against the previous page's URL. */
function carriedNextUrl(
	ctx: IExecuteFunctions,
	uri: string,
	previous: string,
	itemIndex: number,
): string {
	const fail = (got: string) =>
		new NodeOperationError(
			ctx.getNode(),
			`Pagination > Next URL: expected an absolute URL on the credential's host or a path such as /items?page=2, got ${got}`,
			{ itemIndex },
		);
	const value = parseJsonOrUndefined(uri.slice(NEXT_URL_CARRIER.length));
	if (typeof value !== 'string' || value.trim() === '')
		throw fail(
			value === undefined
				? 'nothing'
				: typeof value === 'string'
					? 'an empty value'
					: `a ${value === null ? 'null' : typeof value}`,
		);
	try {
		return new URL(value.trim(), previous).toString();
	} catch {
		throw fail(`text of ${value.length} character(s) that is not a URL`);
	}
}

function isFormRequest(request: IHttpRequestOptions): boolean {
	const headers = request.headers ?? {};
	return Object.entries(headers).some(
		([name, value]) =>
			name.toLowerCase() === 'content-type' && value === 'application/x-www-form-urlencoded',
	);
}

/** As n8n's legacy request helper takes it; a form body as fields, so body parameters merge into it. */
function toLegacy(request: IHttpRequestOptions): LegacyPage {
	const legacy: LegacyPage = {
		uri: request.url,
		method: request.method,
		qs: { ...(request.qs ?? {}) },
		headers: { ...(request.headers ?? {}) },
	};
	if (isFormRequest(request) && typeof request.body === 'string')
		legacy.form = Object.fromEntries(new URLSearchParams(request.body));
	else if (request.body !== undefined) legacy.body = request.body;
	return legacy;
}

function fromLegacy(template: IHttpRequestOptions, page: LegacyPage): IHttpRequestOptions {
	const request: IHttpRequestOptions = {
		...template,
		url: String(page.uri ?? page.url ?? template.url),
		qs: page.qs,
		headers: page.headers,
	};
	if (page.form !== undefined) request.body = formEncode(page.form);
	else if (page.body !== undefined) request.body = page.body as IHttpRequestOptions['body'];
	return request;
}

/** The page as $response sees it: JSON parsed, text as text, a file as its bytes. */
function forExpressions(response: HttpResponse, binary: boolean): unknown {
	if (binary) return response.body;
	const text = bodyText(response);
	const type = String(response.headers['content-type'] ?? '');
	return type.includes('json') ? jsonParse(text, { fallbackValue: {} }) : text;
}

/**
 * One item's pages. n8n-core's pagination loop (the one n8n's HTTP Request node uses) evaluates
 * the $response / $pageCount / $request expressions exactly as there; each page is sent by this
 * package: the token checked for freshness first (a long pagination outlives a token), sent once
 * (again only after an expired-token answer), and an error ends the pagination, so no page is
 * ever sent twice.
 */
export async function runPaginated(
	ctx: IExecuteFunctions,
	session: TokenSession,
	itemRequest: ItemRequest,
	settings: PaginationSettings,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const options = paginationOptions(ctx, settings, itemRequest);
	// Read when output or an error is made: a re-login between pages adds its token.
	const secrets = () => [...session.secrets, ...proxySecrets(itemRequest.request.proxy)];
	const endStatuses = completionStatuses(settings);
	const { neverError } = itemRequest.response;
	const pages: HttpResponse[] = [];
	let previousUrl = itemRequest.request.url ?? '';
	const sendPage = async (page: LegacyPage) => {
		if (typeof page.uri === 'string' && page.uri.startsWith(NEXT_URL_CARRIER))
			page = { ...page, uri: carriedNextUrl(ctx, page.uri, previousUrl, itemIndex) };
		const request = fromLegacy(itemRequest.request, page);
		previousUrl = request.url ?? previousUrl;
		await session.ensureFresh();
		const response = await requestWithToken(ctx, session, request, {
			followRedirects: itemRequest.followRedirects,
			maxRedirects: itemRequest.maxRedirects,
		});
		const ending = endStatuses.includes(response.statusCode);
		if (response.statusCode >= 400 && !neverError && !ending)
			throw httpStatusError(ctx, response.statusCode, bodyText(response), secrets(), itemIndex);
		// The answer that says "no more pages" (e.g. a 404) is not data: it is not output.
		if (!(ending && response.statusCode >= 400 && !neverError)) pages.push(response);
		return {
			body: forExpressions(response, options.binaryResult === true),
			headers: response.headers,
			statusCode: response.statusCode,
			statusMessage: response.statusMessage,
		};
	};
	const pager = { helpers: { request: sendPage } } as unknown as IAllExecuteFunctions;
	try {
		await ctx.helpers.requestWithAuthenticationPaginated.call(
			pager,
			toLegacy(itemRequest.request) as Parameters<
				IExecuteFunctions['helpers']['requestWithAuthenticationPaginated']
			>[0],
			itemIndex,
			options,
		);
	} catch (error) {
		if (error instanceof NodeOperationError && (error as { type?: string }).type === 'invalid_url')
			throw new NodeOperationError(ctx.getNode(), error.message, {
				itemIndex,
				description:
					settings.paginationMode === 'responseContainsNextURL'
						? 'Make sure "Next URL" evaluates to an absolute URL on the credential\'s host.'
						: 'Make sure "URL" evaluates to a valid URL.',
			});
		throw toNodeError(ctx, error, secrets(), itemIndex);
	}
	const items: INodeExecutionData[] = [];
	for (const page of pages)
		items.push(...(await responseToItems(ctx, page, itemRequest.response, itemIndex, secrets())));
	return items;
}
