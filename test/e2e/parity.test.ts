/**
 * TLS, mutual TLS, uploads and pagination in a real n8n (2.41.1): the packed package installed as a
 * self-hoster installs it, workflows run with `n8n execute`, providers on 127.0.0.1 behind HTTPS
 * fronts with certificates made at test time (test/support/mock/certs.ts).
 */
import { executeRecorded, loginTokenCredential, stopAll } from '../support/e2eRuns';
import { startApiFront, type ApiFront } from '../support/mock/apiFront';
import { makeTestCertificates, type TestCertificates } from '../support/mock/certs';
import { startMockTokenApi, type MockTokenApi } from '../support/mock/tokenApi';
import { workflowNode } from '../support/nodeJson';
import { packPackage } from '../support/packPackage';
import { n8nVersion, N8nInstance, type ImportCredential } from '../support/realN8n';
import {
	binaryUpload,
	byNextUrl,
	byPageParameter,
	formDataUpload,
	paginated,
} from '../support/requestParameters';
import { manualChain, stockHttpRequest, tokenRequest } from '../support/workflows';

const PASSWORD = 'e2e-Parity-Pa55word';
const provider = { username: 'alice', password: PASSWORD };

let n8n: N8nInstance;
let certs: TestCertificates;
const apis: MockTokenApi[] = [];
const fronts: ApiFront[] = [];
let tls: { api: MockTokenApi; front: ApiFront };
let mtls: { api: MockTokenApi; front: ApiFront };
let plain: { api: MockTokenApi; front: ApiFront };
const outputs: string[] = [];

/** Bytes with every value, CRLFs and a fake boundary, as a base64 field for Convert to File. */
const FILE = Buffer.from(
	Array.from({ length: 5000 }, (_, i) => (i * 37 + (i >> 8)) & 0xff).concat(
		[...Buffer.from('\r\n--x"\r\n')].map(Number),
	),
);

async function provide(options: Parameters<typeof startApiFront>[1] = {}) {
	const api = await startMockTokenApi(provider);
	const front = await startApiFront(api, options);
	apis.push(api);
	fronts.push(front);
	return { api, front };
}

function credential(
	id: string,
	front: ApiFront,
	extra: Record<string, unknown> = {},
): ImportCredential {
	// TLS fields sit under Advanced Settings: n8n passes them on only with the toggle on
	return loginTokenCredential(id, front, provider.password, { advancedSettings: true, ...extra });
}

const execute = async (id: string) => await executeRecorded(n8n, id, outputs);

/** Runs a workflow that must succeed; its result, for what the test checks next. */
async function executeOk(id: string) {
	const result = await execute(id);
	expect(result.error()).toBeUndefined();
	return result;
}

/** FILE as the binary property `invoice` (invoice.pdf, application/pdf). */
function fileNodes() {
	const base64 = { mode: 'raw', jsonOutput: JSON.stringify({ b64: FILE.toString('base64') }) };
	const toFile = {
		operation: 'toBinary',
		sourceProperty: 'b64',
		binaryPropertyName: 'invoice',
		options: { fileName: 'invoice.pdf', mimeType: 'application/pdf' },
	};
	return [
		workflowNode('b64', 'File As Base64', 'n8n-nodes-base.set', base64, [200, 0], 3.4),
		workflowNode('file', 'To File', 'n8n-nodes-base.convertToFile', toFile, [400, 0], 1.1),
	];
}

beforeAll(async () => {
	certs = makeTestCertificates();
	const tarball = packPackage();
	tls = await provide({ tls: certs.server });
	mtls = await provide({ tls: { ...certs.server, clientCa: certs.ca.cert } });
	plain = await provide({ total: 25, size: 10 });
	n8n = await N8nInstance.create({ packageTarball: tarball });
	const client = {
		caCertificate: certs.ca.cert,
		clientCertificate: certs.client.cert,
		clientPrivateKey: certs.client.encryptedKey,
		clientKeyPassphrase: certs.client.passphrase,
	};
	await n8n.importCredentials([
		credential('cred-tls', tls.front, { caCertificate: certs.ca.cert }),
		credential('cred-tls-none', tls.front),
		credential('cred-tls-insecure', tls.front, { ignoreSslIssues: true }),
		credential('cred-mtls', mtls.front, client),
		credential('cred-mtls-none', mtls.front, { caCertificate: certs.ca.cert }),
		credential('cred-stock-mtls', mtls.front, client),
		credential('cred-plain', plain.front),
	]);
	await n8n.importWorkflows([
		manualChain('wf-tls', tokenRequest('cred-tls', { url: '/me' })),
		manualChain('wf-tls-none', tokenRequest('cred-tls-none', { url: '/me' })),
		manualChain('wf-tls-insecure', tokenRequest('cred-tls-insecure', { url: '/me' })),
		manualChain('wf-mtls', tokenRequest('cred-mtls', { url: '/accounts' })),
		manualChain('wf-mtls-none', tokenRequest('cred-mtls-none', { url: '/me' })),
		manualChain('wf-stock-mtls', stockHttpRequest('cred-stock-mtls', `${mtls.front.url}/me`)),
		manualChain(
			'wf-upload',
			...fileNodes(),
			tokenRequest('cred-plain', formDataUpload({ title: 'Invoice 7' }, { document: 'invoice' })),
		),
		manualChain(
			'wf-binary',
			...fileNodes(),
			tokenRequest('cred-plain', binaryUpload('PUT', 'invoice')),
		),
		manualChain('wf-pages', tokenRequest('cred-plain', paginated('/pages', byNextUrl))),
		manualChain(
			'wf-pages-param',
			tokenRequest('cred-plain', paginated('/pages?shape=array', byPageParameter)),
		),
	]);
});

afterAll(async () => await stopAll(n8n, ...fronts, ...apis));

beforeEach(() => {
	for (const api of apis) api.reset();
});

// n8n 1.x's request helper passes only "reject unauthorized" to the connection, not a CA or a client
// certificate (its convertN8nRequestToAxios ignores agentOptions): those need n8n 2.x (README, TLS).
// On 1.x the same workflows fail before anything reaches the API, with an error that says why.
const ON_N8N_1 = n8nVersion().startsWith('1.');
const itWithTlsOptions = ON_N8N_1 ? it.skip : it;

describe('n8n 1.x: a CA and a client certificate that n8n does not hand to its HTTP client', () => {
	const itOnN8n1 = ON_N8N_1 ? it : it.skip;
	itOnN8n1.each(['wf-tls', 'wf-mtls', 'wf-mtls-none'])(
		'%s: refused, the error says the CA is set and names n8n 1.x',
		async (workflowId) => {
			const result = await execute(workflowId);
			expect(result.exitCode).toBe(1);
			expect(result.nodeError('Call API')).toContain(
				`the login request to ${new URL((workflowId === 'wf-tls' ? tls : mtls).front.url).host} failed: the server's certificate is not trusted although "CA Certificate (PEM)" is set`,
			);
			expect(result.nodeError('Call API')).toContain('(n8n 1.x does not; n8n 2.x does)');
			expect(tls.api.counters().requests + mtls.api.counters().requests).toBe(0);
		},
	);
});

describe('TLS in a real n8n', () => {
	itWithTlsOptions(
		'private CA trusted through CA Certificate: 1 login, the call succeeds',
		async () => {
			const result = await executeOk('wf-tls');
			expect(result.nodeOutput('Call API')).toEqual([{ id: 1, username: 'alice' }]);
			expect(tls.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 1, rejectedCalls: 0 });
		},
	);

	it('without the CA: refused, the problem in words and the setting that fixes it', async () => {
		const result = await execute('wf-tls-none');
		expect(result.exitCode).toBe(1);
		expect(result.nodeError('Call API')).toContain(
			"the server's certificate is not trusted: its issuer is unknown",
		);
		expect(result.nodeError('Call API')).toContain('"CA Certificate (PEM)"');
		expect(tls.api.counters().requests).toBe(0);
	});

	it('Ignore SSL Issues (Insecure): accepted', async () => {
		await executeOk('wf-tls-insecure');
		expect(tls.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 1 });
	});
});

describe('Mutual TLS in a real n8n', () => {
	itWithTlsOptions(
		'client certificate (encrypted key + passphrase): the login and the call succeed',
		async () => {
			const result = await executeOk('wf-mtls');
			expect(result.nodeOutput('Call API')).toEqual([
				{
					accounts: [
						{ id: 'acc-1', balance: 100.5 },
						{ id: 'acc-2', balance: 20 },
					],
				},
			]);
			expect(mtls.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 1 });
			expect(mtls.front.tlsFailures()).toBe(0);
		},
	);

	itWithTlsOptions(
		'without a client certificate: "requires a client certificate", nothing reaches the API',
		async () => {
			const result = await execute('wf-mtls-none');
			expect(result.nodeError('Call API')).toContain(
				'the server requires a client certificate (mutual TLS)',
			);
			expect(mtls.api.counters().requests).toBe(0);
		},
	);

	itWithTlsOptions(
		"n8n's own HTTP Request node with the credential: login and call over mutual TLS",
		async () => {
			const result = await executeOk('wf-stock-mtls');
			expect(result.nodeOutput('Stock HTTP Request')).toEqual([{ id: 1, username: 'alice' }]);
			expect(mtls.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 1 });
		},
	);

	it('no key, passphrase or password in anything n8n printed', () => {
		const printed = outputs.join('\n');
		for (const secret of [
			certs.client.key.split('\n')[1],
			certs.client.encryptedKey.split('\n')[1],
			certs.client.passphrase,
			PASSWORD,
		])
			expect(printed).not.toContain(secret);
	});
});

describe('Uploads and pagination in a real n8n', () => {
	it('Form-Data: a text field and a file from a binary property, received byte for byte', async () => {
		await executeOk('wf-upload');
		const uploads = plain.front.uploads();
		expect(uploads).toHaveLength(1);
		const body = uploads[0].body;
		const boundary = /boundary=(.+)$/.exec(uploads[0].contentType)?.[1] ?? '';
		const filePart = Buffer.concat([
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="invoice.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
			),
			FILE,
			Buffer.from(`\r\n--${boundary}--\r\n`),
		]);
		expect(body.subarray(body.length - filePart.length).equals(filePart)).toBe(true);
		expect(body.toString('latin1')).toContain(
			`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nInvoice 7\r\n`,
		);
		expect(plain.api.counters()).toMatchObject({ logins: 1, acceptedCalls: 1 });
	});

	it('n8n Binary File: the body is the file, byte for byte', async () => {
		const before = plain.front.uploads().length;
		await executeOk('wf-binary');
		const upload = plain.front.uploads()[before];
		expect(upload).toMatchObject({ method: 'PUT', contentType: 'application/pdf' });
		expect(upload.body.equals(FILE)).toBe(true);
	});

	it('pagination, Response Contains Next URL: 3 pages, one item per page', async () => {
		const served = plain.front.pagesServed().length;
		const result = await executeOk('wf-pages');
		expect(result.nodeOutput('Call API')?.map((page) => page.page)).toEqual([1, 2, 3]);
		expect(plain.front.pagesServed().slice(served)).toEqual(['page=1', 'page=2', 'page=3']);
		expect(plain.api.counters()).toMatchObject({ acceptedCalls: 3, rejectedCalls: 0 });
	});

	it('pagination, Update a Parameter in Each Request ($pageCount): one item per element', async () => {
		const result = await executeOk('wf-pages-param');
		expect(result.nodeOutput('Call API')).toEqual(
			Array.from({ length: 25 }, (_, i) => ({ id: i + 1 })),
		);
	});
});
