/** True for a body that cannot be sent a second time: a stream is consumed by the first attempt. */
export function isSingleUseBody(body: unknown): boolean {
	return (
		body !== null &&
		typeof body === 'object' &&
		!Buffer.isBuffer(body) &&
		typeof (body as { pipe?: unknown }).pipe === 'function'
	);
}

export const SINGLE_USE_BODY_MESSAGE =
	'The API answered that the token expired. A new token was obtained, but the request was not sent again: its body is a stream, which the first attempt consumed. Run the item again to send it with the new token.';
