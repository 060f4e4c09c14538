/**
 * Runs our nodes and credential through n8n-core's real ExecuteContext and request helpers
 * (httpRequestWithAuthentication, RoutingNode for the credential test), with a credentials store
 * that follows n8n 2.41.1's CredentialsHelper rules: preAuthentication only when the expirable
 * field is empty, on a credential test, or after an expired status; its result persisted.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { LoginTokenApi } from '../../credentials/LoginTokenApi.credentials';
import { workflowNode } from './nodeJson';

export const credentialType = new LoginTokenApi();

interface StoredCredential {
	id: string;
	name: string;
	data: ICredentialDataDecryptedObject;
}

/** Stands in for n8n's credentials table: JSON copies in, JSON copies out, like encrypt/decrypt. */
export class CredentialStore {
	private readonly rows = new Map<string, StoredCredential>();

	reads = 0;

	writes = 0;

	put(id: string, name: string, data: ICredentialDataDecryptedObject): void {
		this.rows.set(id, {
			id,
			name,
			data: JSON.parse(JSON.stringify(data)) as ICredentialDataDecryptedObject,
		});
	}

	get(id: string): StoredCredential {
		const row = this.rows.get(id);
		if (!row) throw new Error(`No credential ${id}`);
		return { ...row, data: JSON.parse(JSON.stringify(row.data)) as ICredentialDataDecryptedObject };
	}

	update(id: string, data: ICredentialDataDecryptedObject): void {
		this.writes++;
		this.put(id, this.get(id).name, data);
	}

	/** Everything stored, as text: tests look for secrets in it the way they would in a database file. */
	dump(): string {
		return JSON.stringify([...this.rows.values()]);
	}
}

function withDefaults(
	properties: INodeProperties[],
	data: ICredentialDataDecryptedObject,
): ICredentialDataDecryptedObject {
	const out: ICredentialDataDecryptedObject = {};
	for (const property of properties)
		out[property.name] = property.default as ICredentialDataDecryptedObject[string];
	return { ...out, ...data };
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	preAuthenticationCalls = 0;

	constructor(private readonly store: CredentialStore) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return await credentialType.authenticate(credentials, requestOptions);
	}

	/** n8n 2.41.1 CredentialsHelper.preAuthentication, minus domain restrictions and expressions. */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const expirable = credentialType.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable) return undefined;
		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] === '' || credentialsExpired || isTestingCredentials) {
			this.preAuthenticationCalls++;
			const output = await credentialType.preAuthentication.call(helpers, credentials);
			if (output[expirable.name] === undefined) return undefined;
			if (node.credentials) {
				const reference = node.credentials[credentialType.name];
				const stored = this.store.get(reference.id ?? '').data;
				this.store.update(reference.id ?? '', {
					...stored,
					...output,
				} as ICredentialDataDecryptedObject);
				return Object.assign(credentials, output) as ICredentialDataDecryptedObject;
			}
		}
		return undefined;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return (await credentialType.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these nodes');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
	): Promise<ICredentialDataDecryptedObject> {
		this.store.reads++;
		return withDefaults(credentialType.properties, this.store.get(nodeCredentials.id ?? '').data);
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.update(nodeCredentials.id ?? '', data);
	}

	async updateCredentialsOauthTokenData(): Promise<void> {
		throw new Error('not used');
	}

	getCredentialsProperties(): INodeProperties[] {
		return credentialType.properties;
	}
}

const BASE = 'http://localhost:5678';

function additionalDataFor(credentialsHelper: ICredentialsHelper): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		executionId: 'harness',
		restApiUrl: `${BASE}/rest`,
		instanceBaseUrl: BASE,
		webhookBaseUrl: `${BASE}/webhook`,
		webhookWaitingBaseUrl: `${BASE}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE}/webhook-test`,
		formWaitingBaseUrl: `${BASE}/form-waiting`,
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
}

function nodeTypesOf(nodeType: INodeType): INodeTypes {
	return {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
}

/** A one-node workflow and n8n-core's ExecuteContext for that node, as n8n builds them for a run. */
function executeContext(
	nodeType: INodeType,
	node: INode,
	additionalData: IWorkflowExecuteAdditionalData,
	items: INodeExecutionData[],
	mode: 'manual' | 'internal' = 'manual',
): { workflow: Workflow; context: ExecuteContext } {
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: nodeTypesOf(nodeType),
	});
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		mode,
		createRunExecutionData(),
		0,
		items,
		{ main: [items] },
		{ node, data: { main: [items] }, source: null },
		[],
	);
	return { workflow, context };
}

export interface RunOptions {
	parameters: IDataObject;
	credentialId: string;
	items?: IDataObject[];
	/** Input items with binary data; used instead of `items` when given. */
	inputItems?: INodeExecutionData[];
	continueOnFail?: boolean;
}

/** A stand-in n8n instance: one credentials store, nodes run as n8n-core runs them. */
export class N8nHarness {
	readonly store = new CredentialStore();

	readonly credentialsHelper = new HarnessCredentialsHelper(this.store);

	addCredential(data: IDataObject, id = 'cred-1', name = 'Bank API'): string {
		this.store.put(id, name, data as ICredentialDataDecryptedObject);
		return id;
	}

	/** Runs a node once (one n8n execution of it) on the given items and returns its output. */
	async runNode(nodeType: INodeType, options: RunOptions): Promise<INodeExecutionData[][]> {
		const { name } = this.store.get(options.credentialId);
		const node: INode = {
			...workflowNode<INodeParameters>(
				'node-1',
				nodeType.description.displayName,
				`n8n-nodes-login-token.${nodeType.description.name}`,
				{},
			),
			credentials: { loginTokenApi: { id: options.credentialId, name } },
			onError: options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
		};
		// n8n fills in parameter defaults before a node runs.
		node.parameters =
			NodeHelpers.getNodeParameters(
				nodeType.description.properties,
				options.parameters as INode['parameters'],
				true,
				false,
				node,
				nodeType.description,
			) ?? {};
		const items: INodeExecutionData[] =
			options.inputItems ?? (options.items ?? [{}]).map((json) => ({ json }));
		const { context } = executeContext(
			nodeType,
			node,
			additionalDataFor(this.credentialsHelper),
			items,
		);
		const output = await nodeType.execute!.call(context as unknown as IExecuteFunctions);
		return output as INodeExecutionData[][];
	}

	/** n8n-core's real request helpers, as preAuthentication receives them. */
	httpHelpers(): IHttpRequestHelper {
		const node: INode = workflowNode('h', 'Helpers', 'n8n-nodes-base.noOp', {});
		const nodeType = { description: { properties: [] } } as unknown as INodeType;
		const { context } = executeContext(nodeType, node, additionalDataFor(this.credentialsHelper), [
			{ json: {} },
		]);
		return { helpers: { httpRequest: context.helpers.httpRequest } } as IHttpRequestHelper;
	}

	/**
	 * The editor's Test button: n8n 2.41.1 CredentialsTester.runRequestTest, which runs the
	 * credential's test request through a RoutingNode on a mock NoOp node and maps failures to
	 * messages with the test's rules. The data is the stored credential (the editor's blanked
	 * secrets are restored from storage).
	 */
	async testCredential(credentialId: string): Promise<{ status: 'OK' | 'Error'; message: string }> {
		const stored = this.store.get(credentialId);
		const test = (credentialType as ICredentialType).test!;
		const mockType = {
			description: {
				displayName: 'No Operation',
				name: 'n8n-nodes-base.noOp',
				group: ['transform'],
				version: 1,
				description: '',
				defaults: {},
				inputs: ['main'],
				outputs: ['main'],
				credentials: [{ name: credentialType.name, required: true }],
				properties: [
					{
						displayName: 'Temp',
						name: 'temp',
						type: 'string',
						routing: { request: test.request },
						default: '',
					},
				],
			},
		} as unknown as INodeType;
		const node: INode = {
			// As in n8n 2.41.1: the type is the NoOp description's bare name, so preAuthentication's
			// isTestingCredentials check never matches and the test runs with the stored token.
			...workflowNode('temp', 'Temp-Node', 'noOp', { temp: '' }),
			credentials: { [credentialType.name]: { id: stored.id, name: stored.name } },
		};
		const data = withDefaults(credentialType.properties, stored.data);
		const { workflow, context } = executeContext(
			mockType,
			node,
			additionalDataFor(this.credentialsHelper),
			[{ json: {} }],
			'internal',
		);
		try {
			await workflow.expression.acquireIsolate?.();
			await new RoutingNode(context, mockType, {
				id: stored.id,
				name: stored.name,
				type: credentialType.name,
				data,
			}).runNode();
		} catch (error) {
			const cause = (
				error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }
			).cause;
			if (cause?.response) {
				const rule = test.rules?.find(
					(r) => r.type === 'responseCode' && r.properties.value === cause.response?.status,
				);
				if (rule)
					return { status: 'Error', message: (rule.properties as { message: string }).message };
				return {
					status: 'Error',
					message:
						cause.response.statusText || `Received HTTP status code: ${cause.response.status}`,
				};
			}
			if (cause?.code) return { status: 'Error', message: cause.code };
			return { status: 'Error', message: String((error as Error).message) };
		} finally {
			await workflow.expression.releaseIsolate?.();
		}
		return { status: 'OK', message: 'Connection successful!' };
	}
}
