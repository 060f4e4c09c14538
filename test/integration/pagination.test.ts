import type { IDataObject } from 'n8n-workflow';

import { startCaptureServer } from '../support/mock/captureServer';
import { byNextUrl, byPageParameter, paginated } from '../support/requestParameters';
import { caught, jsonOf, worldPerTest } from './setup';

const { startWithFront, run: runRequest } = worldPerTest();

const run = async (url: string, pagination: IDataObject, options: IDataObject = {}) =>
	await runRequest(paginated(url, pagination, options));

const ids = (count: number) => Array.from({ length: count }, (_, i) => ({ id: i + 1 }));

describe('Pagination, with the modes and names of n8n’s HTTP Request node', () => {
	it('Update a Parameter in Each Request ($pageCount), until the response is empty: one item per element', async () => {
		const { w, front } = await startWithFront();
		const output = await run('/pages?shape=array', byPageParameter);
		expect(jsonOf(output)).toEqual(ids(25));
		expect(output[0].map((item) => item.pairedItem)).toEqual(ids(25).map(() => ({ item: 0 })));
		expect(front.pagesServed()).toEqual(['page=1', 'page=2', 'page=3', 'page=4']);
		expect(w.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 4, rejectedCalls: 0 });
	});

	it('Response Contains Next URL ($response.body), complete by expression: one item per page', async () => {
		const { w, front } = await startWithFront();
		const output = await run('/pages', byNextUrl);
		expect(jsonOf(output).map((page) => page.page)).toEqual([1, 2, 3]);
		expect(jsonOf(output).flatMap((page) => page.items as IDataObject[])).toEqual(ids(25));
		expect(front.pagesServed()).toEqual(['page=1', 'page=2', 'page=3']);
		expect(w.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 3, rejectedCalls: 0 });
	});

	it('Receive Specific Status Code(s): the 404 ends it and is not output', async () => {
		const { front } = await startWithFront();
		const output = await run('/pages?shape=array&endStatus=404', {
			...byPageParameter,
			paginationCompleteWhen: 'receiveSpecificStatusCodes',
			statusCodesWhenComplete: '404',
		});
		expect(jsonOf(output)).toEqual(ids(25));
		expect(front.pagesServed()).toEqual(['page=1', 'page=2', 'page=3', 'page=4']);
	});

	it('a parameter from the previous response ($response.body) and Limit Pages Fetched', async () => {
		const { front } = await startWithFront({}, { total: 100 });
		const output = await run('/pages', {
			paginationMode: 'updateAParameterInEachRequest',
			parameters: {
				parameters: [
					{
						type: 'qs',
						name: 'offset',
						value: '={{ $response.body ? $response.body.page * 10 : 0 }}',
					},
				],
			},
			paginationCompleteWhen: 'other',
			completeExpression: '={{ !$response.body.nextUrl }}',
			limitPagesFetched: true,
			maxRequests: 3,
		});
		expect(front.pagesServed()).toEqual(['offset=0', 'offset=10', 'offset=20']);
		expect(jsonOf(output)).toHaveLength(3);
	});

	it('a token that expires during a long pagination is refreshed between pages: 0 rejected calls', async () => {
		// 2-second tokens (refreshed 1 s before expiry), 6 pages 500 ms apart: the pagination outlives 2 tokens
		const { w } = await startWithFront({ sessionLifetime: 2 }, { total: 60 });
		const output = await run('/pages?shape=array', { ...byPageParameter, requestInterval: 500 });
		expect(jsonOf(output)).toEqual(ids(60));
		const counters = w.api.counters();
		expect(counters).toMatchObject({ rejectedCalls: 0, unauthenticatedCalls: 0, acceptedCalls: 7 });
		expect(counters.logins).toBeGreaterThanOrEqual(3);
	});

	it('the same with Next URL mode: 0 rejected calls', async () => {
		const { w } = await startWithFront({ sessionLifetime: 2 }, { total: 60 });
		const output = await run('/pages', { ...byNextUrl, requestInterval: 500 });
		expect(jsonOf(output)).toHaveLength(6);
		const counters = w.api.counters();
		expect(counters).toMatchObject({ rejectedCalls: 0, unauthenticatedCalls: 0, acceptedCalls: 6 });
		expect(counters.logins).toBeGreaterThanOrEqual(3);
	});

	it('a token revoked mid-pagination: that one page is sent once more with a new token', async () => {
		const { w, front } = await startWithFront(
			{},
			{ total: 30, onPage: (page) => page === 2 && w.api.revokeAll() },
		);
		const output = await run('/pages?shape=array', byPageParameter);
		expect(jsonOf(output)).toEqual(ids(30));
		expect(front.pagesServed()).toEqual(['page=1', 'page=2', 'page=3', 'page=4']);
		expect(w.api.counters()).toMatchObject({ logins: 2, rejectedCalls: 1, acceptedCalls: 4 });
	});

	it('an error on page 2 ends the pagination: no page is sent twice', async () => {
		const { w, front } = await startWithFront();
		const error = await caught(run('/pages?shape=array&failPage=2', byPageParameter));
		expect(error.message).toBe('The API answered HTTP 500; the request was not sent again');
		expect(front.pagesServed()).toEqual(['page=1', 'page=2']);
		expect(w.api.counters()).toMatchObject({ acceptedCalls: 2, rejectedCalls: 0 });
	});

	it('a Next URL on another host is refused: nothing is sent there', async () => {
		const { front } = await startWithFront();
		const other = await startCaptureServer();
		try {
			const error = await caught(
				run('/pages', {
					...byNextUrl,
					// the API's next page link points at another host
					nextURL: `={{ $response.body.page ? "${other.url}/steal" : undefined }}`,
				}),
			);
			expect(error.message).toContain('Refusing to send the token to');
			expect(other.requests()).toHaveLength(0);
			expect(front.pagesServed()).toEqual(['page=1']);
		} finally {
			await other.close();
		}
	});
});
