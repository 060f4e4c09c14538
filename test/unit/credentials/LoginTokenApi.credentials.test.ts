/**
 * The credential form: essentials first, the rest behind Advanced Settings, labels the messages use,
 * and the promise that a hidden field means its default. Visibility is decided by n8n-workflow's own
 * NodeHelpers, and the data a credential hands over is built the way n8n 2.41.1's
 * CredentialsHelper.applyDefaultsAndOverwrites builds it (getNodeParameters, hidden fields left out).
 */
import { NodeHelpers, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import { LoginTokenApi } from '../../../credentials/LoginTokenApi.credentials';
import { ADVANCED_FIELDS, FIELD_LABELS, parseTokenConfig } from '../../../shared/engine';
import { NEW_FORM_FIELDS } from '../../support/credentialFormFields';

const properties = new LoginTokenApi().properties;
const ESSENTIALS = {
	baseUrl: 'https://api.example-bank.com',
	username: 'alice',
	password: 'pw-1234',
};

/** The fields the form shows for these values, in order. */
function shown(values: Record<string, unknown>): string[] {
	const all = NodeHelpers.getNodeParameters(
		properties,
		values as INodeParameters,
		true,
		true,
		null,
		null,
	) as INodeParameters;
	return properties
		.filter((p) => p.type !== 'hidden' && NodeHelpers.displayParameter(all, p, null, null))
		.map((p) => p.name);
}

/** What n8n hands to preAuthentication and authenticate for stored data. */
function handedOver(data: Record<string, unknown>): Record<string, unknown> {
	return NodeHelpers.getNodeParameters(
		properties,
		data as INodeParameters,
		true,
		false,
		null,
		null,
	) as Record<string, unknown>;
}

describe('Login Token API form', () => {
	it('shows the essentials only, in the order of the login', () => {
		expect(shown({})).toEqual(NEW_FORM_FIELDS);
	});

	it('follows the choices: a Basic Auth login has no body keys; a header token and header placement ask for names', () => {
		expect(
			shown({ loginCredentialsIn: 'basicAuth', sessionSource: 'header', sendSessionAs: 'header' }),
		).toEqual([
			'baseUrl',
			'loginUrl',
			'loginCredentialsIn',
			'username',
			'password',
			'sessionSource',
			'sessionHeaderName',
			'sendSessionAs',
			'sendSessionName',
			'testPathNotice',
			'testPath',
			'advancedSettings',
		]);
	});

	it('Advanced Settings shows every other field', () => {
		// every switch of Advanced Settings on, so each of its fields shows
		const switches = {
			useRefresh: true,
			refreshSend: 'json',
			usePreLogin: true,
			usePostLogin: true,
			useTotp: true,
		};
		const advanced = shown({ advancedSettings: true, sendSessionAs: 'header', ...switches }).filter(
			(name) => !shown({ sendSessionAs: 'header' }).includes(name),
		);
		expect(advanced).toEqual(ADVANCED_FIELDS);
		expect([...ADVANCED_FIELDS].sort()).toEqual([...advanced].sort());
	});

	it('messages use exactly the labels the form shows', () => {
		const labelled = properties.filter((p) => p.type !== 'hidden' && p.type !== 'notice');
		expect(Object.fromEntries(labelled.map((p) => [p.name, p.displayName]))).toEqual(FIELD_LABELS);
	});

	it("no field name looks like a secret to n8n's scanner unless it is masked", () => {
		const sensitive = /password|secret|token|cert|passphrase|apikey|authkey|privatekey/i;
		const exempt = /url|pub|id/i;
		const flagged = properties.filter(
			(p: INodeProperties) =>
				sensitive.test(p.name) && !exempt.test(p.name) && p.typeOptions?.password !== true,
		);
		expect(flagged.map((p) => p.name)).toEqual([]);
	});

	it('with Advanced Settings off, advanced values saved earlier are not used: the defaults apply', () => {
		const advancedValues = {
			loginMethod: 'PUT',
			loginBody: '{"grant_type":"password"}',
			loginHeaders: '{"X-Api-Key":"k"}',
			expirySource: 'fixed',
			expiresInPath: 'ttl',
			expiresAtPath: 'until',
			sessionLifetime: 60,
			refreshMargin: 5,
			sendSessionPrefix: 'Token ',
			refreshOnStatus: '401, 403',
			expiredBodyMatch: 'code=602',
		};
		const off = handedOver({ ...ESSENTIALS, sendSessionAs: 'header', ...advancedValues });
		for (const field of ADVANCED_FIELDS) expect(off).not.toHaveProperty(field);
		expect(parseTokenConfig(off)).toEqual(
			parseTokenConfig({ ...ESSENTIALS, sendSessionAs: 'header' }),
		);

		const on = handedOver({
			...ESSENTIALS,
			sendSessionAs: 'header',
			advancedSettings: true,
			...advancedValues,
		});
		expect(parseTokenConfig(on)).toMatchObject({
			loginMethod: 'PUT',
			expirySource: 'fixed',
			tokenLifetimeSeconds: 60,
			refreshMarginSeconds: 5,
			sendSessionPrefix: 'Token ',
			refreshOnStatus: [401, 403],
		});
	});

	it('Advanced Settings off means each advanced field at its default', () => {
		const advancedDefaults = Object.fromEntries(
			properties.filter((p) => ADVANCED_FIELDS.includes(p.name)).map((p) => [p.name, p.default]),
		);
		for (const choices of [
			{},
			{ sessionSource: 'header', sendSessionAs: 'header' },
			{ sessionSource: 'cookie', sendSessionAs: 'query', loginCredentialsIn: 'formBody' },
			{ sendSessionAs: 'cookie', loginCredentialsIn: 'basicAuth' },
		]) {
			const on = handedOver({
				...ESSENTIALS,
				...choices,
				advancedSettings: true,
				...advancedDefaults,
			});
			const off = handedOver({ ...ESSENTIALS, ...choices });
			expect(parseTokenConfig(off)).toEqual(parseTokenConfig(on));
		}
	});
});
