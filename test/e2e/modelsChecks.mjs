// Playwright check of the Models view in the real workbench (code-server): it shares the MLflow container
// with Experiments, starts as package.json declares it, and lists the registered models MLflow 2.12.2 wrote
// into samples/mlruns (../shared/fixtures/generated/README.md, "Model registry") in its own pane only.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, waitFor } from '../integration/harness/lib.mjs';
import { SAMPLE_EXPERIMENTS } from './explorerChecks.mjs';
import { experimentLabels, isPaneExpanded, modelsPane, openMlflowContainer, paneLabels, paneRows, setPaneExpanded } from './workbench.mjs';

const ODD_MODEL = `Ünïcödé model 🚀 "q" 'sq' <script>x<script> & amp`;
export const SAMPLE_MODELS = ['empty-model', 'iris-classifier', ODD_MODEL];

const sorted = (list) => [...list].sort();

/** The `visibility` package.json gives the Models view (VS Code's default is "visible"). */
function declaredVisibility() {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const view = manifest.contributes.views.mlflowLens.find((v) => v.id === 'mlflowLens.models');
  return view.visibility ?? 'visible';
}

/** On a fresh sample workspace, before anything expanded or collapsed the Models view. */
export const modelsChecks = [
  {
    name: 'the Models view beside Experiments starts as declared and lists the sample registered models in its own pane',
    async run(page) {
      await openMlflowContainer(page);
      const pane = modelsPane(page);
      await pane.first().waitFor({ state: 'attached', timeout: 30000 });
      const startedExpanded = await isPaneExpanded(pane);
      assert.equal(startedExpanded, declaredVisibility() !== 'collapsed', `the Models view starts ${startedExpanded ? 'expanded' : 'collapsed'}`);
      await setPaneExpanded(pane, true);
      try {
        const models = await waitFor(async () => {
          const l = await paneLabels(pane);
          return l.length >= SAMPLE_MODELS.length ? l : null;
        }, { timeout: 30000, what: 'the registered model rows' });
        assert.deepEqual(sorted(models), sorted(SAMPLE_MODELS));
        const iris = (await paneRows(pane)).find((r) => r.label === 'iris-classifier');
        assert.equal(iris?.description, 'latest v3 · @challenger @champion @old-but-gold');
        // Each tree stays in its pane: no model among the experiments, no experiment among the models.
        const experiments = await experimentLabels(page);
        assert.ok(SAMPLE_EXPERIMENTS.every((e) => experiments.includes(e)), experiments.join(' | '));
        assert.ok(!SAMPLE_MODELS.some((m) => experiments.includes(m)), experiments.join(' | '));
        // The odd name is text: no element was made from it.
        assert.equal(await pane.locator('.monaco-list-row script').count(), 0);
      } finally {
        await setPaneExpanded(pane, startedExpanded);
      }
    },
  },
];
