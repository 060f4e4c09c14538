import {
	NodeConnectionTypes,
	sleep,
	type NodeApiError,
	type NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { httpStatusError, toNodeError } from '../../shared/runtime/nodeErrors';
import { TokenSession } from '../../shared/runtime/session';
import { requestWithToken } from '../../shared/runtime/tokenRequest';
import { setUploadBody } from './bodies';
import { proxySecrets } from '../../shared/engine';
import { describeRequest, proxyRefusal } from './connection';
import { batching, buildItemRequest, type ItemRequest } from './buildRequest';
import { tokenHttpRequestProperties } from './description';
import { readPagination, runPaginated, type PaginationSettings } from './pagination';
import { bodyText, responseToItems } from './responseOutput';

/** An item's request, built from its parameters (expressions evaluated), or why it could not be. */
type Prepared = { itemRequest: ItemRequest } | { error: unknown };

function prepareItems(
	ctx: IExecuteFunctions,
	session: TokenSession,
	indexes: number[],
): Prepared[] {
	return indexes.map((i) => {
		try {
			return { itemRequest: buildItemRequest(ctx, session.config, i) };
		} catch (error) {
			return { error };
		}
	});
}

async function runItem(
	ctx: IExecuteFunctions,
	session: TokenSession,
	itemIndex: number,
	pagination: PaginationSettings | undefined,
	prepared: Prepared,
): Promise<INodeExecutionData[]> {
	if ('error' in prepared) throw prepared.error;
	const { itemRequest } = prepared;
	const { request, upload, response: responseOptions, followRedirects, maxRedirects } = itemRequest;
	// Read when output or an error is made: a re-login during the request adds its token.
	const secrets = () => [...session.secrets, ...proxySecrets(request.proxy)];
	try {
		if (upload) await setUploadBody(ctx, request, itemIndex);
		if (pagination) return await runPaginated(ctx, session, itemRequest, pagination, itemIndex);
		const response = await requestWithToken(ctx, session, request, {
			followRedirects,
			maxRedirects,
		});
		if (response.statusCode === 407 && request.proxy) throw proxyRefusal(ctx, request, itemIndex);
		if (response.statusCode >= 400 && !responseOptions.neverError) {
			throw httpStatusError(ctx, response.statusCode, bodyText(response), secrets(), itemIndex);
		}
		return await responseToItems(ctx, response, responseOptions, itemIndex, secrets());
	} catch (error) {
		// Every error names the request: method and full URL (no token, no proxy password)
		const nodeError = toNodeError(ctx, error, secrets(), itemIndex);
		const line = `Request: ${describeRequest(request, secrets())}`;
		if (!nodeError.description?.includes(line))
			nodeError.description = nodeError.description ? `${nodeError.description}\n${line}` : line;
		throw nodeError;
	}
}

/** With "On Error: continue", an item carrying the error; n8n routes it to the error output if there is one. */
function failedItem(
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
): INodeExecutionData[] {
	return [{ json: { error: error.message }, error, pairedItem: { item: itemIndex } }];
}

export class TokenHttpRequest implements INodeType {
	// Written out like the Token Status node's, not built by a shared helper: n8n's
	// scanner reads icon, subtitle and usableAsTool from this object literal, and fails without them.
	description: INodeTypeDescription = {
		displayName: 'Token HTTP Request',
		name: 'tokenHttpRequest',
		icon: { light: 'file:tokenHttpRequest.svg', dark: 'file:tokenHttpRequest.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["method"] + ": " + $parameter["url"]}}',
		description:
			'Call an API that needs a login token: logs in once, refreshes before expiry, retries once on an expired token',
		defaults: { name: 'Token HTTP Request' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'loginTokenApi', required: true }],
		properties: tokenHttpRequestProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		let session: TokenSession;
		try {
			session = await TokenSession.open(this);
		} catch (error) {
			throw toNodeError(this, error, []);
		}
		const { batchSize, batchInterval } = batching(this);
		const pagination = readPagination(this);
		const results: INodeExecutionData[][] = [];
		const batchOf = (start: number) =>
			Array.from({ length: Math.min(batchSize, items.length - start) }, (_, k) => start + k);
		let prepared: Prepared[] | undefined;

		for (let start = 0; start < items.length; start += batchSize) {
			if (start > 0 && batchInterval > 0) await sleep(batchInterval);
			const indexes = batchOf(start);
			const current = prepared ?? prepareItems(this, session, indexes);
			prepared = undefined;

			// One freshness check per batch: a stale token is replaced before anything is sent. A batch
			// whose every request was refused while it was built (its headers, say) sends nothing: no login.
			try {
				if (current.some((item) => !('error' in item))) await session.ensureFresh();
			} catch (error) {
				const nodeError = toNodeError(this, error, session.secrets);
				if (!this.continueOnFail()) throw nodeError;
				for (const i of indexes) results[i] = failedItem(nodeError, i);
				continue;
			}

			const pending = Promise.allSettled(
				indexes.map(async (i, k) => await runItem(this, session, i, pagination, current[k])),
			);
			// Speed: the next batch's parameters (its expressions) are evaluated while this batch's
			// requests are on the network; nothing of it is sent before this batch is settled.
			if (start + batchSize < items.length)
				prepared = prepareItems(this, session, batchOf(start + batchSize));
			const settled = await pending;
			for (const [k, outcome] of settled.entries()) {
				const i = indexes[k];
				if (outcome.status === 'fulfilled') {
					results[i] = outcome.value;
					continue;
				}
				const nodeError = toNodeError(this, outcome.reason, session.secrets, i);
				if (!this.continueOnFail()) {
					const sent = settled.filter((other) => other.status === 'fulfilled').length + start;
					if (sent > 0)
						nodeError.description = `${nodeError.description ? `${nodeError.description}\n` : ''}${sent} other item(s) of this execution were sent successfully before this error; running the workflow again sends them again.`;
					throw nodeError;
				}
				results[i] = failedItem(nodeError, i);
			}
		}
		return [results.flat()];
	}
}
