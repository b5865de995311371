// Playwright checks of the real workbench (code-server) with MLflow Lens loaded on the sample workspace.
// Used by test/integration/harness/runInCodeServer.mjs (e2e tier) and scripts/start.mjs --check.
import assert from 'node:assert/strict';
import { waitFor } from '../integration/harness/lib.mjs';
import { experimentLabels, experimentsPane, expandRow, paneRow, rowOf } from './workbench.mjs';

/** The hostile name holds a "/" (`</script>`): its root row is the folder named up to it (experimentFolders.ts)… */
export const HOSTILE_FOLDER = 'Ünïcödé 実験 🚀 "double" ’curly’ `tick` <script>alert(1)<';
/** …and inside it the experiment's row is labelled with the rest of the name. */
export const HOSTILE_EXPERIMENT_ROW = 'script> & spaces   end';

/** The root rows of samples/mlruns (../shared/fixtures/generated/README.md); `to-be-deleted` is hidden. */
export const SAMPLE_EXPERIMENTS = ['Default', 'iris-classification', HOSTILE_FOLDER, 'long-training', 'status-zoo', 'empty experiment (no runs)'];

const sorted = (list) => [...list].sort();

/** Each check: a name and a function of the workbench page; they run in order on one page. */
export const explorerChecks = [
  {
    name: 'the MLflow activity-bar icon opens the Experiments view listing the sample experiments',
    async run(page) {
      const icon = page.locator('.part.activitybar .action-item a.action-label[aria-label="MLflow"]');
      await icon.waitFor({ timeout: 60000 });
      await icon.click();
      const labels = await waitFor(async () => {
        const l = await experimentLabels(page);
        return l.length >= SAMPLE_EXPERIMENTS.length ? l : null;
      }, { timeout: 60000, what: 'the experiment rows' });
      assert.deepEqual(sorted(labels), sorted(SAMPLE_EXPERIMENTS));
      const pane = experimentsPane(page);
      await expandRow(pane, HOSTILE_FOLDER, HOSTILE_EXPERIMENT_ROW);
      // The hostile names are text: no element was created from them (nor from the Models view's).
      assert.equal(await page.locator('.part.sidebar script, .part.sidebar b').count(), 0);
      await (await rowOf(pane, HOSTILE_FOLDER)).locator.click();
      await waitFor(async () => !(await experimentLabels(page)).includes(HOSTILE_EXPERIMENT_ROW), { timeout: 30000, what: 'the folder to collapse' });
    },
  },
  {
    name: 'expanding iris-classification shows the parent run with its nested runs',
    async run(page) {
      const pane = experimentsPane(page);
      await paneRow(pane, 'iris-classification').click();
      await waitFor(async () => (await experimentLabels(page)).includes('hyperparam-search'), { timeout: 30000, what: 'run hyperparam-search' });
      await paneRow(pane, 'hyperparam-search').click();
      const labels = await waitFor(async () => {
        const l = await experimentLabels(page);
        return l.includes('C=0.01') && l.includes('Parameters') ? l : null;
      }, { timeout: 30000, what: 'the child runs and sections of hyperparam-search' });
      for (const child of ['C=0.01', 'C=0.1', 'C=1.0', 'C=10.0', 'Parameters', 'Metrics', 'Tags', 'Artifacts']) {
        assert.ok(labels.includes(child), `${child} missing in ${labels.join(' | ')}`);
      }
      // The parent's row comes before its children's rows.
      assert.ok(labels.indexOf('hyperparam-search') < labels.indexOf('C=0.01'));
    },
  },
  {
    name: 'the status bar names the active store',
    async run(page) {
      const text = await waitFor(async () => {
        const t = await page.locator('.part.statusbar').innerText();
        return /MLflow: \S+mlruns/.test(t) ? t : null;
      }, { timeout: 30000, what: 'the MLflow status-bar item' });
      assert.match(text, /MLflow: \S*mlruns/);
    },
  },
];

/** Checks of a workspace without any store: the view shows the welcome content instead of a tree. */
export const welcomeChecks = [
  {
    name: 'without a store the Experiments view shows the welcome text and its actions',
    async run(page) {
      const icon = page.locator('.part.activitybar .action-item a.action-label[aria-label="MLflow"]');
      await icon.waitFor({ timeout: 60000 });
      await icon.click();
      const welcome = experimentsPane(page).locator('.welcome-view-content');
      await welcome.waitFor({ timeout: 60000 });
      const text = await welcome.innerText();
      assert.match(text, /No MLflow tracking store was found/);
      assert.match(text, /MLFLOW_TRACKING_URI/);
      assert.ok(await welcome.locator('a, .monaco-button', { hasText: 'Choose Tracking Store' }).count() > 0, text);
      const status = await page.locator('.part.statusbar').innerText();
      assert.match(status, /MLflow: no store/);
    },
  },
];

/** Runs the checks in order; returns [{ name, ok, error? }] and never throws. */
export async function runExplorerChecks(page, { log = console.log, checks = explorerChecks } = {}) {
  const results = [];
  for (const check of checks) {
    try {
      await check.run(page);
      results.push({ name: check.name, ok: true });
      log(`  ✔ ${check.name}`);
    } catch (err) {
      results.push({ name: check.name, ok: false, error: String(err?.stack || err) });
      log(`  ✘ ${check.name}\n    ${String(err?.message || err).split('\n').join('\n    ')}`);
    }
  }
  return results;
}
