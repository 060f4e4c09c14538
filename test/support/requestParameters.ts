/**
 * Token HTTP Request parameters that both the integration tests (run by n8n-core) and the e2e tests
 * (in a real n8n) send: the two upload bodies and the two pagination modes of n8n's HTTP Request node.
 */
import type { IDataObject } from 'n8n-workflow';

/** A Form-Data POST to /upload: the text fields, then a file part per binary property (part name → property). */
export function formDataUpload(
	fields: Record<string, string>,
	files: Record<string, string>,
): IDataObject {
	return {
		method: 'POST',
		url: '/upload',
		sendBody: true,
		contentType: 'multipart-form-data',
		bodyParameters: {
			parameters: [
				...Object.entries(fields).map(([name, value]) => ({
					parameterType: 'formData',
					name,
					value,
				})),
				...Object.entries(files).map(([name, inputDataFieldName]) => ({
					parameterType: 'formBinaryData',
					name,
					inputDataFieldName,
				})),
			],
		},
	};
}

/** An n8n Binary File body: the binary property `inputDataFieldName` is the whole body. */
export function binaryUpload(
	method: string,
	inputDataFieldName: string,
	url = '/upload',
): IDataObject {
	return { method, url, sendBody: true, contentType: 'binaryData', inputDataFieldName };
}

/** Update a Parameter in Each Request: `page` = $pageCount + 1, until the response is empty. */
export const byPageParameter: IDataObject = {
	paginationMode: 'updateAParameterInEachRequest',
	parameters: { parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }] },
	paginationCompleteWhen: 'responseIsEmpty',
};

/** Response Contains Next URL (`nextUrl` of the body), complete when there is none. */
export const byNextUrl: IDataObject = {
	paginationMode: 'responseContainsNextURL',
	nextURL: '={{ $response.body.nextUrl }}',
	paginationCompleteWhen: 'other',
	completeExpression: '={{ !$response.body.nextUrl }}',
};

/** A GET of `url` with this pagination (and any other Options). */
export function paginated(
	url: string,
	pagination: IDataObject,
	options: IDataObject = {},
): IDataObject {
	return { url, options: { pagination: { pagination }, ...options } };
}
