import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { toNodeError } from '../../shared/runtime/nodeErrors';
import { CREDENTIAL_TYPE, TokenSession } from '../../shared/runtime/session';
import { tokenStatusReport } from './tokenStatusReport';

export class TokenStatus implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Token Status',
		name: 'tokenStatus',
		icon: { light: 'file:tokenStatus.svg', dark: 'file:tokenStatus.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] === "refresh" ? "Refresh" : $parameter["operation"] === "ensureFresh" ? "Ensure Fresh" : "Get Status" }}',
		description: 'Show, refresh or keep warm the token of a Login Token API credential',
		defaults: { name: 'Token Status' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Ensure Fresh',
						value: 'ensureFresh',
						action: 'Ensure the token is fresh',
						description:
							'Log in only if the token is missing or expires within Min Validity (for scheduled keep-warm workflows)',
					},
					{
						name: 'Get Status',
						value: 'getStatus',
						action: 'Get token status',
						description: 'Report the stored token without any network call',
					},
					{
						name: 'Refresh',
						value: 'refresh',
						action: 'Refresh the token',
						description: 'Log in now and store the new token for every workflow',
					},
				],
				default: 'getStatus',
			},
			{
				displayName: 'Min Validity (Seconds)',
				name: 'minValidity',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 300,
				description: 'Log in if the token expires within this many seconds',
				displayOptions: { show: { operation: ['ensureFresh'] } },
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		// One report per run, whatever the number of input items: the token is per credential.
		const pairedItem = items.map((_, item) => ({ item }));
		const operation = this.getNodeParameter('operation', 0) as string;
		const credentialName = this.getNode().credentials?.[CREDENTIAL_TYPE]?.name ?? '';

		let session: TokenSession | undefined;
		try {
			session = await TokenSession.open(this);
			if (operation === 'refresh') await session.forceRefresh();
			if (operation === 'ensureFresh') {
				const minValidity = this.getNodeParameter('minValidity', 0, 300) as number;
				// Never less than the refresh margin the other node uses, or it would log in right after.
				await session.ensureFresh(
					Math.max(minValidity * 1000, session.config.refreshMarginSeconds * 1000),
				);
			}
			const report = tokenStatusReport(
				credentialName,
				session.config,
				session.state,
				session.logins > 0,
			);
			return [[{ json: report, pairedItem }]];
		} catch (error) {
			const nodeError = toNodeError(this, error, session?.secrets ?? []);
			if (!this.continueOnFail()) throw nodeError;
			const report = session
				? tokenStatusReport(credentialName, session.config, session.state, session.logins > 0)
				: {};
			// `error` on the item: n8n routes it to the error output when the node has one (keep-warm alerts).
			return [[{ json: { ...report, error: nodeError.message }, error: nodeError, pairedItem }]];
		}
	}
}
