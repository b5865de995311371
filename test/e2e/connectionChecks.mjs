// Playwright checks of store choices and server credentials in the real workbench (code-server), on a
// copy of samples/ that also holds an mlflow.db (the SQLite store MLflow 2.12.2 wrote from the same
// data), with a tracking server that wants HTTP basic auth: it answers as a real MLflow basic-auth
// server did (test/fixtures/rest, recorded), 401 without the right Authorization header.
// Nothing here reads the extension's memory: what is checked is what the workbench shows, what the
// server received, and what is on disk.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { REPO_ROOT, copySampleWorkspace, openWorkbench, waitFor } from '../integration/harness/lib.mjs';
import { experimentLabels, experimentsPane, openMlflowContainer } from './workbench.mjs';

const USERNAME = 'lens-admin';
const PASSWORD = 'Pw-7f3a9c-never-in-settings';
const BASIC = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`;

/** The sample workspace plus an mlflow.db beside its mlruns/. */
export function prepareConnectionsWorkspace(runDir) {
  const workspace = copySampleWorkspace(runDir, 'connections-workspace');
  fs.copyFileSync(path.join(REPO_ROOT, 'test/fixtures/generated-sqlite/mlflow.db'), path.join(workspace, 'mlflow.db'));
  return workspace;
}

/** A tracking server replaying a real MLflow basic-auth server; `requests` records each request's auth. */
export async function startAuthServer() {
  const recorded = (name) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/rest', name), 'utf8')).response;
  const refusal = recorded('auth-basic__no-credentials.json');
  const experiments = recorded('experiments-search__filter-tag.json');
  const requests = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests.push({ url: req.url, authorization: req.headers.authorization });
      if (req.headers.authorization !== BASIC) {
        res.writeHead(refusal.status, refusal.headers);
        return res.end(refusal.body);
      }
      res.writeHead(req.url?.includes('/experiments/search') ? experiments.status : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.url?.includes('/experiments/search') ? experiments.body : {}));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

const quickInput = (page) => page.locator('.quick-input-widget');
const pickLabels = async (page) =>
  (await page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((t) => t.trim());
/** The row whose label is exactly `label` (after its icon), else the first row containing `label`. */
const pickRow = (page, label) =>
  page
    .locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\W*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\W*$`) }) })
    .first();
const inputMessage = (page) => page.locator('.quick-input-widget .quick-input-message').innerText().catch(() => '');

async function runCommand(page, title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ timeout: 15000 });
  await input.fill(`>${title}`);
  await pickRow(page, title).waitFor({ timeout: 15000 });
  await input.press('Enter');
}

async function waitForPick(page, what, complete) {
  return waitFor(async () => {
    const labels = await pickLabels(page);
    return complete(labels) ? labels : null;
  }, { timeout: 30000, what });
}

const treeHas = (page, label, what) =>
  waitFor(async () => ((await experimentLabels(page)).includes(label) ? true : null), { timeout: 30000, what });
/** The Experiments view's row for a store that cannot be read (the Models view has its own). */
const storeErrorRow = (page) => experimentsPane(page).locator('.monaco-list-row', { has: page.locator('.codicon-error') }).first();

/** The checks, in order on one page; `env` = { workspace, server, settingsFiles, reopen() }. */
export function connectionChecks(env) {
  const mlruns = path.join(env.workspace, 'mlruns');
  const database = `sqlite:///${path.join(env.workspace, 'mlflow.db')}`;
  return [
    {
      name: 'a workspace holding mlruns/ and mlflow.db offers both in Switch Connection and in Choose Tracking Store',
      async run(page) {
        await openMlflowContainer(page);
        await treeHas(page, 'iris-classification', 'the sample experiments');
        await page.locator('.part.statusbar .statusbar-item', { hasText: /MLflow: / }).first().click();
        let labels = await waitForPick(page, 'Switch Connection with the stores found', (l) => l.includes('Automatic detection') && l.some((t) => t.endsWith('mlflow.db')));
        assert.ok(labels.includes(mlruns), labels.join(' | '));
        assert.ok(labels.includes(database), labels.join(' | '));
        await runCommand(page, 'MLflow: Choose Tracking Store…');
        labels = await waitForPick(page, 'Choose Tracking Store with the stores found', (l) => l.some((t) => t.includes('Enter a tracking URI')) && l.some((t) => t.endsWith('mlflow.db')));
        assert.ok(labels.includes(mlruns), labels.join(' | '));
        assert.ok(labels.includes(database), labels.join(' | '));
        // Picking the database opens it: the same experiments, read from SQLite (other ids, same names).
        await pickRow(page, database).click();
        await waitFor(async () => /MLflow: \S*mlflow\.db/.test(await page.locator('.part.statusbar').innerText()), { timeout: 30000, what: 'the status bar naming mlflow.db' });
        await treeHas(page, 'iris-classification', 'the experiments of mlflow.db');
      },
    },
    {
      name: 'Enter a tracking URI refuses a path that does not exist, and a URI with a token, saying why',
      async run(page) {
        await runCommand(page, 'MLflow: Choose Tracking Store…');
        await pickRow(page, 'Enter a tracking URI…').click();
        const input = page.locator('.quick-input-widget input.input');
        await waitFor(async () => /MLflow tracking URI/.test(await quickInput(page).innerText()), { timeout: 15000, what: 'the tracking URI input box' });
        await input.fill('no-such-store');
        const missing = path.join(env.workspace, 'no-such-store');
        await waitFor(async () => (await inputMessage(page)).includes(`No folder ${missing}.`), { timeout: 15000, what: `"No folder ${missing}."` });
        await input.press('Enter');
        // Refused: the box stays open with its reason, the store is unchanged.
        assert.ok(await input.isVisible());
        assert.match(await inputMessage(page), /No folder/);
        await input.fill(`http://TOKEN1234@${new URL(env.server.url).host}`);
        await waitFor(async () => /Do not put credentials/.test(await inputMessage(page)), { timeout: 15000, what: 'the credentials-in-URI refusal' });
        assert.ok(!(await inputMessage(page)).includes('TOKEN1234'));
        await page.keyboard.press('Escape');
        assert.match(await page.locator('.part.statusbar').innerText(), /MLflow: \S*mlflow\.db/);
      },
    },
    {
      name: 'a server that wants credentials: the prompt (password hidden) saves them to secret storage, never to settings',
      async run(page) {
        await runCommand(page, 'MLflow: Choose Tracking Store…');
        await pickRow(page, 'Enter a tracking URI…').click();
        const input = page.locator('.quick-input-widget input.input');
        await waitFor(async () => /MLflow tracking URI/.test(await quickInput(page).innerText()), { timeout: 15000, what: 'the tracking URI input box' });
        await input.fill(env.server.url);
        await waitFor(async () => !(await inputMessage(page)).includes('No folder') && (await input.inputValue()) === env.server.url, { what: 'the server URL accepted' });
        await input.press('Enter');
        // The 401 becomes an error row; clicking it asks for credentials.
        const errorRow = storeErrorRow(page);
        await errorRow.waitFor({ timeout: 30000 });
        assert.ok(env.server.requests.length > 0 && env.server.requests.every((r) => r.authorization === undefined));
        await errorRow.click();
        await waitForPick(page, 'the credentials pick', (l) => l.includes('Username and password'));
        assert.match(await quickInput(page).innerText(), new RegExp(`Credentials for ${env.server.url.replace(/[.]/g, '\\.')}`));
        await pickRow(page, 'Username and password').click();
        await waitFor(async () => /Username for/.test(await quickInput(page).innerText()), { timeout: 15000, what: 'the user name box' });
        await input.fill(USERNAME);
        await input.press('Enter');
        await waitFor(async () => /Password for lens-admin at/.test(await quickInput(page).innerText()), { timeout: 15000, what: 'the password box' });
        assert.equal(await input.getAttribute('type'), 'password');
        await input.fill(PASSWORD);
        await input.press('Enter');
        await treeHas(page, 'iris-classification', "the server's experiments once authenticated");
        assert.ok(env.server.requests.some((r) => r.authorization === BASIC), 'the server never received the credentials');
        for (const file of env.settingsFiles()) {
          const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
          assert.ok(!text.includes(PASSWORD) && !text.includes(BASIC.slice(6)) && !text.includes(USERNAME), `${file} holds the credentials`);
        }
      },
    },
    {
      name: 'after a window reload the saved credentials are used without asking; the typed server is offered under Recent',
      async run(page) {
        const before = env.server.requests.length;
        await env.reopen(page);
        await openMlflowContainer(page);
        await treeHas(page, 'iris-classification', "the server's experiments after the reload");
        const after = env.server.requests.slice(before);
        assert.ok(after.length > 0 && after.every((r) => r.authorization === BASIC), JSON.stringify(after));
        assert.equal(await page.locator('.quick-input-widget input[type=password]').isVisible().catch(() => false), false);

        // Back to automatic detection, then the server again from Recent in Switch Connection.
        await runCommand(page, 'MLflow: Switch Connection…');
        await waitForPick(page, 'Switch Connection', (l) => l.includes('Automatic detection'));
        await pickRow(page, 'Automatic detection').click();
        await waitFor(async () => /MLflow: \S*mlruns/.test(await page.locator('.part.statusbar').innerText()), { timeout: 30000, what: 'the workspace store again' });
        await page.locator('.part.statusbar .statusbar-item', { hasText: /MLflow: / }).first().click();
        const labels = await waitForPick(page, 'Switch Connection with Recent', (l) => l.includes(env.server.url));
        assert.ok(labels.includes(mlruns) && labels.includes(database), labels.join(' | '));
        await pickRow(page, env.server.url).click();
        await waitFor(async () => (await page.locator('.part.statusbar').innerText()).includes(new URL(env.server.url).host), { timeout: 30000, what: 'the server in the status bar' });
        await treeHas(page, 'iris-classification', "the server's experiments from Recent");
      },
    },
    {
      name: 'Forget saved credentials: the server refuses again and the tree offers to enter them',
      async run(page) {
        await runCommand(page, 'MLflow: Enter Tracking Server Credentials…');
        await waitForPick(page, 'the credentials pick', (l) => l.includes('Forget saved credentials'));
        const before = env.server.requests.length;
        await pickRow(page, 'Forget saved credentials').click();
        const errorRow = storeErrorRow(page);
        await errorRow.waitFor({ timeout: 30000 });
        // Requests already on their way may still carry the old header; the ones after the forget do not.
        const after = env.server.requests.slice(before);
        assert.equal(after.at(-1)?.authorization, undefined, JSON.stringify(after));
        await runCommand(page, 'MLflow: Switch Connection…');
        await waitForPick(page, 'Switch Connection', (l) => l.includes('Automatic detection'));
        await pickRow(page, 'Automatic detection').click();
        await treeHas(page, 'status-zoo', 'the workspace store again');
      },
    },
  ];
}

/** Opens the workbench on the workspace in a new page and runs the checks; never throws. */
export async function runConnectionChecks(browser, server, workbenchUrlFor, runChecks) {
  const workspace = prepareConnectionsWorkspace(path.dirname(server.userDataDir));
  const authServer = await startAuthServer();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    const url = workbenchUrlFor(workspace);
    await openWorkbench(page, url);
    const checks = connectionChecks({
      workspace,
      server: authServer,
      settingsFiles: () => [path.join(server.userDataDir, 'User', 'settings.json'), path.join(workspace, '.vscode', 'settings.json')],
      reopen: (p) => openWorkbench(p, url),
    });
    return await runChecks(page, { checks });
  } finally {
    await page.close().catch(() => {});
    await authServer.close();
  }
}
