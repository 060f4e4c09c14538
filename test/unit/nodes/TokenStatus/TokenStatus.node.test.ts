import { NodeHelpers } from 'n8n-workflow';

import { TokenStatus } from '../../../../nodes/TokenStatus/TokenStatus.node';

describe('Token Status actions', () => {
	it('the node panel lists each action by a name that says its operation', () => {
		const description = new TokenStatus().description;
		const operation = description.properties.find((p) => p.name === 'operation');
		const actions = (operation?.options ?? []).map((o) =>
			'action' in o ? [o.name, o.action] : [],
		);
		expect(actions).toEqual([
			['Ensure Fresh', 'Ensure the token is fresh'],
			['Get Status', 'Get token status'],
			['Log Out', 'Log out and clear the token'],
			['Refresh', 'Refresh the token'],
		]);
		// Without a resource n8n keeps the node's own name; the subtitle shows the operation.
		expect(NodeHelpers.makeNodeName({ operation: 'refresh' }, description)).toBe('Token Status');
		expect(description.subtitle).toContain('"Log Out" : "Get Status"');
	});
});
