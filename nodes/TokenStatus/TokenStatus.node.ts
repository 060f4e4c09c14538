import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { refreshMarginMs, type TokenState } from '../../shared/engine';
import { toNodeError } from '../../shared/runtime/nodeErrors';
import { CREDENTIAL_TYPE, TokenSession } from '../../shared/runtime/session';
import { tokenStatusReport } from './tokenStatusReport';

/** How long the stored token lived from its login to its expiry, in ms (what the last login showed). */
function lifetimeMs(state: TokenState): number | undefined {
	return state.token !== '' && state.expiresAt !== null && state.obtainedAt !== null
		? state.expiresAt - state.obtainedAt
		: undefined;
}

function unsatisfiableWarning(minValidity: number, lifetime: number): string {
	const seconds = Math.floor(lifetime / 1000);
	return `Min Validity (${minValidity} s) is not shorter than the lifetime of this credential's tokens (${seconds} s at the last login): no login can satisfy it, so Ensure Fresh logs in only when the token is missing or within the Refresh Margin of its expiry. Set Min Validity below ${seconds} s.`;
}

/**
 * Ensure Fresh. A Min Validity no token of this credential can meet would make every run log in,
 * so then the node keeps the usual refresh rule and says why in `warning`.
 */
async function ensureFresh(
	session: TokenSession,
	minValidity: number,
): Promise<string | undefined> {
	// Never less than the refresh margin the other node uses, or it would log in right after.
	const minValidityMs = Math.max(
		minValidity * 1000,
		refreshMarginMs(session.config, session.state),
	);
	const before = lifetimeMs(session.state);
	if (before !== undefined && minValidityMs >= before) {
		await session.ensureFresh();
		return unsatisfiableWarning(minValidity, before);
	}
	const state = await session.ensureFresh(minValidityMs);
	const after = lifetimeMs(state);
	// Against the new token's own margin: before the first login the margin is not halved yet.
	const needed = Math.max(minValidity * 1000, refreshMarginMs(session.config, state));
	return after !== undefined && needed >= after
		? unsatisfiableWarning(minValidity, after)
		: undefined;
}

export class TokenStatus implements INodeType {
	// Written out like the Token HTTP Request node's, not built by a shared helper: n8n's
	// scanner reads icon, subtitle and usableAsTool from this object literal, and fails without them.
	description: INodeTypeDescription = {
		displayName: 'Token Status',
		name: 'tokenStatus',
		icon: { light: 'file:tokenStatus.svg', dark: 'file:tokenStatus.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] === "refresh" ? "Refresh" : $parameter["operation"] === "ensureFresh" ? "Ensure Fresh" : $parameter["operation"] === "logOut" ? "Log Out" : "Get Status" }}',
		description: 'Show, refresh, keep warm or log out the token of a Login Token API credential',
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
						name: 'Log Out',
						value: 'logOut',
						action: 'Log out and clear the token',
						description:
							"End the session at the provider (the credential's Logout URL) and clear the stored token, so the next call logs in",
					},
					{
						name: 'Refresh',
						value: 'refresh',
						action: 'Refresh the token',
						description:
							'Renew the token now (with the refresh token if there is one, else by logging in) and store it for every workflow',
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
			let warning: string | undefined;
			if (operation === 'logOut') {
				const { providerConfirmed, note } = await session.logOut();
				const report = tokenStatusReport(credentialName, session.config, session.state, false);
				return [[{ json: { ...report, loggedOut: true, providerConfirmed, note }, pairedItem }]];
			}
			if (operation === 'refresh') await session.forceRefresh();
			if (operation === 'ensureFresh') {
				warning = await ensureFresh(
					session,
					this.getNodeParameter('minValidity', 0, 300) as number,
				);
			}
			const report = tokenStatusReport(
				credentialName,
				session.config,
				session.state,
				session.logins > 0,
			);
			// Something to fix: an unsatisfiable Min Validity, an expiry the login answered in a wrong unit.
			const warnings = [warning, session.state.expiryWarning].filter(Boolean).join(' ');
			return [[{ json: warnings ? { ...report, warning: warnings } : report, pairedItem }]];
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
