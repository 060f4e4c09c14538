import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * Fields a node asks the credential's preAuthentication to hand back as they are (no login), so
 * n8n persists them through its own encrypted path. Keyed by the very data object the node passes
 * to httpRequestWithAuthentication (n8n hands that object to preAuthentication unchanged), so a
 * request can never apply to another call, and nothing is left behind if the call fails early.
 */
const pendingWrites = new WeakMap<ICredentialDataDecryptedObject, IDataObject>();

export function requestCredentialWrite(
	carrier: ICredentialDataDecryptedObject,
	fields: IDataObject,
): void {
	pendingWrites.set(carrier, fields);
}

/** The fields to persist for this call (once), or undefined: a normal preAuthentication. */
export function takeCredentialWrite(
	credentials: ICredentialDataDecryptedObject,
): IDataObject | undefined {
	const fields = pendingWrites.get(credentials);
	pendingWrites.delete(credentials);
	return fields;
}

/**
 * Persists `fields` on the node's credential through n8n's own encrypted path: the credential's
 * preAuthentication hands them back as they are (no login) for a request to `refreshOnlyUrl`,
 * which authenticate() then refuses, so nothing is sent. False if n8n wrote nothing.
 */
export async function persistThroughN8n(
	ctx: IExecuteFunctions,
	credential: { type: string; refreshOnlyUrl: string },
	fields: IDataObject,
): Promise<boolean> {
	const reference = ctx.getNode().credentials?.[credential.type];
	if (!reference?.id) return false;
	// The token as stored now: n8n always persists the expirable field preAuthentication returns.
	const stored = await ctx.getCredentials(credential.type);
	const carrier: ICredentialDataDecryptedObject = { ...stored, sessionToken: '' };
	const output = { sessionToken: stored.sessionToken ?? '', ...fields };
	requestCredentialWrite(carrier, output);
	try {
		await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			credential.type,
			{ url: credential.refreshOnlyUrl, method: 'GET' },
			{
				credentialsDecrypted: {
					id: reference.id,
					name: reference.name,
					type: credential.type,
					data: carrier,
				},
			},
		);
	} catch {
		// Expected: authenticate() refuses the refresh-only URL once n8n persisted the fields.
	}
	return Object.entries(fields).every(([key, value]) => carrier[key] === value);
}
