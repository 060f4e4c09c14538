import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { isLoginTokenError, redact } from '../engine';
import { withoutErrorCodes } from './networkError';
import { RequestFailure } from './tokenRequest';

/**
 * Any failure as the n8n error the editor shows best, built only from our own words: a library
 * error is never passed on whole, as it may carry the request (and with it the token).
 */
export function toNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	secrets: string[],
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const node = ctx.getNode();
	// Our own messages are built without values; scrubbing them again costs nothing and catches
	// a value that reached one by a path nobody foresaw.
	if (isLoginTokenError(error)) {
		const message = withoutErrorCodes(redact(error.message, secrets));
		const description =
			error.description === undefined ? undefined : redact(error.description, secrets);
		const details = { message, description, itemIndex };
		if (error.kind === 'config' || error.kind === 'offHost')
			return new NodeOperationError(node, message, details);
		return new NodeApiError(node, { message } as JsonObject, {
			...details,
			httpCode: error.loginStatus ? String(error.loginStatus) : undefined,
		});
	}
	if (error instanceof RequestFailure) {
		// No `code` in the response object and no code in the text: NodeApiError would swap our
		// message for a generic one.
		const message = withoutErrorCodes(redact(error.message, secrets));
		return new NodeApiError(node, { message } as JsonObject, {
			message,
			itemIndex,
		});
	}
	const message = error instanceof Error ? redact(error.message, secrets) : 'Unknown error';
	return new NodeOperationError(node, withoutErrorCodes(message), { itemIndex });
}

/** A non-2xx answer of the API, with the body (scrubbed, shortened) as the description, as the stock node shows it. */
export function httpStatusError(
	ctx: IExecuteFunctions,
	statusCode: number,
	bodyText: string,
	secrets: string[],
	itemIndex: number,
): NodeApiError {
	const body = redact(bodyText, secrets);
	const description = body.length > 1000 ? `${body.slice(0, 1000)}…` : body;
	return new NodeApiError(
		ctx.getNode(),
		{ message: `HTTP ${statusCode}`, statusCode } as JsonObject,
		{
			message: `The API answered HTTP ${statusCode}; the request was not sent again`,
			description: description || undefined,
			httpCode: String(statusCode),
			itemIndex,
		},
	);
}
