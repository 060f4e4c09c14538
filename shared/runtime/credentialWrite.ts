import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

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
