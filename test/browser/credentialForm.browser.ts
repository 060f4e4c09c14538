/**
 * Browser smoke test of the credential form in the real n8n editor: a person signs in, creates a
 * Login Token API credential for the demo bank by filling the form, and reads what the Test
 * button says with the right and with a wrong password.
 *
 * Debian's chromium driven by playwright-core (no browser download). Run with
 *   npx jest -c jest.browser.config.js --runInBand
 * Screenshots go to $FORM_SHOTS_DIR (default /tmp/form-shots): look at them when changing the form.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { NEW_FORM_FIELDS, without } from '../support/credentialFormFields';
import { DEMO_LOGIN, demoProvider } from '../support/demoBank';
import { packPackage } from '../support/packPackage';
import { E2E_OWNER, N8nInstance, type N8nServer } from '../support/realN8n';
import { startMockTokenApi, type MockCounters, type MockTokenApi } from '../support/mock/tokenApi';

jest.setTimeout(15 * 60_000);

// Runs inside the page (tsconfig has no DOM library).
declare const getComputedStyle: (element: unknown) => { overflowY: string };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = process.env.FORM_SHOTS_DIR ?? '/tmp/form-shots';
const WAIT_MS = 60_000;
const WRONG_PASSWORD = 'Wrong-Passw0rd-1';

let api: MockTokenApi;
let n8n: N8nInstance;
let server: N8nServer;
let profile: string;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
	if (!fs.existsSync(CHROMIUM))
		throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium)`);
	fs.mkdirSync(SHOTS, { recursive: true });
	api = await startMockTokenApi({ ...demoProvider, port: 0 });
	n8n = await N8nInstance.create({ packageTarball: packPackage() });
	server = await n8n.startServer();
	profile = fs.mkdtempSync(path.join(os.tmpdir(), 'login-token-chromium-'));
	browser = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
		viewport: { width: 1400, height: 1000 },
	});
	page = browser.pages()[0] ?? (await browser.newPage());
	page.setDefaultTimeout(WAIT_MS);
});

afterAll(async () => {
	await browser?.close();
	if (profile) fs.rmSync(profile, { recursive: true, force: true });
	await n8n?.cleanup();
	await api?.close();
});

async function shot(name: string): Promise<void> {
	await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** The credential dialog scrolled from top to bottom, one screenshot per screenful. */
async function formShots(name: string): Promise<void> {
	const dialog = page.locator('[data-test-id="credential-edit-dialog"]');
	const steps = await dialog.evaluate((root) => {
		const scroller = [root, ...root.querySelectorAll('*')]
			.filter(
				(el) =>
					el.scrollHeight > el.clientHeight + 5 &&
					['auto', 'scroll'].includes(getComputedStyle(el).overflowY),
			)
			.sort((a, b) => b.scrollHeight - a.scrollHeight)[0];
		if (!scroller) return 1;
		scroller.setAttribute('data-form-shot-scroller', '');
		return Math.ceil(scroller.scrollHeight / (scroller.clientHeight - 80));
	});
	for (let step = 0; step < steps; step++) {
		await dialog.evaluate((root, at) => {
			const scroller = root.querySelector('[data-form-shot-scroller]');
			if (scroller) scroller.scrollTop = at * (scroller.clientHeight - 80);
		}, step);
		await dialog.screenshot({ path: path.join(SHOTS, `${name}-${step + 1}.png`) });
	}
	await dialog.evaluate((root) => {
		const scroller = root.querySelector('[data-form-shot-scroller]');
		if (scroller) scroller.scrollTop = 0;
	});
}

function field(name: string): Locator {
	return page.locator(`[data-test-id="parameter-input-${name}"]`);
}

async function type(name: string, value: string): Promise<void> {
	const input = field(name).locator('input').first();
	await input.fill(value);
	await until(
		async () => (await input.inputValue()) === value,
		() => `${name} = ${value}`,
	);
}

async function choose(name: string, option: string): Promise<void> {
	await field(name).click();
	await dropdownOption(option).click();
	const input = field(name).locator('input').first();
	await until(
		async () => (await input.inputValue()) === option,
		() => `${name} = ${option}`,
	);
}

/** An option of the open dropdown, by its name (its description follows the name). */
function dropdownOption(name: string): Locator {
	const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return page.getByRole('option', { name: new RegExp(`^${escaped}`) }).filter({ visible: true });
}

/** Waits for the element's popup to finish its opening transition (for a clean screenshot). */
async function settled(element: Locator): Promise<void> {
	await element.evaluate(async (el) => {
		const popup = el.closest('.el-popper') ?? el;
		await Promise.all(
			popup
				.getAnimations({ subtree: true })
				// a transition cancelled by the next one rejects: finished either way
				.map(async (a: { finished: Promise<unknown> }) => await a.finished.catch(() => undefined)),
		);
	});
}

/** Polls a condition (no fixed sleeps) and fails with `what` after WAIT_MS. */
async function until(condition: () => Promise<boolean>, what: () => string): Promise<void> {
	const deadline = Date.now() + WAIT_MS;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
		await page.waitForTimeout(100);
	}
}

/** Names of the fields the dialog shows, top to bottom. */
async function shownFields(): Promise<string[]> {
	return await page
		.locator('[data-test-id="credential-edit-dialog"] [data-test-id^="parameter-input-"]')
		.evaluateAll((elements) =>
			elements
				.map((el) => (el.getAttribute('data-test-id') ?? '').replace('parameter-input-', ''))
				.filter((name) => name !== 'field' && name !== 'item'),
		);
}

/** Waits until the provider saw what a finished test makes it see. */
async function providerSaw(expected: Partial<MockCounters>): Promise<void> {
	const matches = (): boolean =>
		Object.entries(expected).every(
			([key, value]) => api.counters()[key as keyof MockCounters] === value,
		);
	await until(
		async () => matches(),
		() => `provider counters ${JSON.stringify(expected)} (now ${JSON.stringify(api.counters())})`,
	);
}

/** The failed-test banner shows its message behind "More details". */
async function openDetails(message: Locator): Promise<void> {
	const more = page.getByText('More details');
	await message.or(more).first().waitFor();
	if (await more.isVisible()) await more.click();
	await message.waitFor();
}

// The editor lists no notice; a Basic Auth login has no body field names.
const ESSENTIALS_FOR_BASIC_AUTH = without(
	NEW_FORM_FIELDS,
	'testPathNotice',
	'usernameField',
	'passField',
);

it('a person fills a Login Token API credential for the demo bank: Test passes with the right password and explains a wrong one', async () => {
	// Sign in as the owner the harness set up.
	await page.goto(`${server.url}/signin`);
	await page.locator('#emailOrLdapLoginId').fill(E2E_OWNER.email);
	await page.locator('#password').fill(E2E_OWNER.password);
	await page.locator('[data-test-id="form-submit-button"]').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));

	// Credentials > Create credential > Login Token API
	await page.goto(`${server.url}/home/credentials/create`);
	await page.locator('[data-test-id="new-credential-type-select"] input').fill('Login Token');
	await page
		.locator('[data-test-id="new-credential-type-select-option"]', { hasText: 'Login Token API' })
		.first()
		.click();
	await shot('01-choose-type');
	await page.locator('[data-test-id="new-credential-type-button"]').click();
	await field('baseUrl').waitFor();
	await formShots('02-new-form');
	expect(await shownFields()).toEqual([
		...without(NEW_FORM_FIELDS, 'testPathNotice'),
		'allowedHttpRequestDomains', // n8n's own
	]);
	await page.getByText('Test Path: each time the credential is tested').waitFor();

	// Advanced Settings opens the rest, with the hints on Expiry Source; closed again, as the demo bank needs none.
	await field('advancedSettings').locator('.el-switch').click();
	await field('expirySource').waitFor();
	await formShots('03-advanced-settings');
	await field('expirySource').click();
	await dropdownOption('JWT Exp Claim').waitFor();
	await settled(dropdownOption('JWT Exp Claim'));
	await shot('04-expiry-source-options');
	await page.keyboard.press('Escape');
	await field('advancedSettings').locator('.el-switch').click();
	await field('expirySource').waitFor({ state: 'detached' });

	// The demo bank: 7 fields changed from the defaults, nothing under Advanced Settings. The person
	// mistypes the password first. (Wrong first, so that no token is stored yet: a Test within 10 s
	// of a login reuses that login's token, see JUST_LOGGED_IN_MS.)
	await type('baseUrl', api.url);
	await type('loginUrl', '/v1/sessions');
	await choose('loginCredentialsIn', 'Basic Auth Header');
	await type('username', DEMO_LOGIN.username);
	await type('password', WRONG_PASSWORD);
	await type('sessionPath', 'data.session.token');
	await type('testPath', '/me');
	expect(await shownFields()).toEqual([...ESSENTIALS_FOR_BASIC_AUTH, 'allowedHttpRequestDomains']);
	await formShots('05-filled');

	// Saving tests the credential: the login was refused, by whom, and what to check.
	await page.locator('[data-test-id="credential-save-button"]').click();
	const refused = `Login refused: POST ${api.url}/v1/sessions answered HTTP 401 with "Bad credentials" (invalid_grant). Check Username, Password and Send Credentials As (now: Basic Auth Header).`;
	const message = page
		.locator('[data-test-id="node-credentials-config-container"]')
		.getByText(refused, { exact: true });
	await openDetails(message);
	await providerSaw({ logins: 0, failedLogins: 1, acceptedCalls: 0 });
	await shot('06-wrong-password');
	// Retry is the Test button: a refused login is not tried again for a while (login discipline),
	// so it says the same without another attempt at the provider.
	await page.getByRole('button', { name: 'Retry' }).click();
	await page.getByRole('button', { name: 'Retry' }).waitFor(); // done: the button has its label back
	await openDetails(message);
	await providerSaw({ logins: 0, failedLogins: 1, acceptedCalls: 0 });
	const banner = await page
		.locator('[data-test-id="node-credentials-config-container"]')
		.innerText();
	expect(banner).not.toContain(WRONG_PASSWORD);

	// The right password: saving tests it, and the test passes after a login and a GET /me.
	await type('password', DEMO_LOGIN.password);
	await page.locator('[data-test-id="credential-save-button"]').click();
	const success = page.getByText('Connection tested successfully');
	await success.waitFor();
	await providerSaw({ logins: 1, failedLogins: 1, acceptedCalls: 1 });
	await page.getByRole('button', { name: 'Retry' }).click();
	await providerSaw({ failedLogins: 1, acceptedCalls: 2 });
	// The fresh token of this very login (same settings and password) is reused: no second login.
	expect(api.counters().logins).toBe(1);
	await page.getByRole('button', { name: 'Retry' }).waitFor(); // done: the button has its label back
	await success.waitFor();
	await shot('07-test-passed');

	// What was saved: the 7 fields, and Advanced Settings off.
	const list = await server.request('GET', '/rest/credentials');
	const { id } = (list.json.data as Array<{ id: string; type: string }>).find(
		(c) => c.type === 'loginTokenApi',
	) ?? { id: '' };
	const credential = (await server.request('GET', `/rest/credentials/${id}?includeData=true`)).json
		.data as { data: Record<string, unknown> } | undefined;
	expect(credential?.data).toMatchObject({
		baseUrl: api.url,
		loginUrl: '/v1/sessions',
		loginCredentialsIn: 'basicAuth',
		username: DEMO_LOGIN.username,
		sessionPath: 'data.session.token',
		testPath: '/me',
	});
	expect(credential?.data.advancedSettings ?? false).toBe(false);
});
