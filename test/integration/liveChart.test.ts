// A live metric chart in the real extension host: real MLflow creates a RUNNING run (file store and
// SQLite, in a temporary folder), the chart is opened from the tree's metric row as its menu opens it,
// then MLflow logs more points and the chart's webview must report them painted (its `drawn` message,
// seen through the `panels` API). No timing is asserted: mocha's timeout bounds each wait.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MlflowLensApi } from '../../src/extensionRoot';
import type { DrawnSeriesEnd } from '../../src/shared/webviewProtocol';
import { CommandIds } from '../../src/shared/commandIds';
import { realMlflow } from '../shared/realMlflow';

const EXTENSION_ID = 'mlflow-lens.mlflow-lens';

/** Runs MLflow's client in a child process, without blocking the extension host meanwhile. */
function mlflow(uri: string, body: string): Promise<{ runId?: string }> {
  const found = realMlflow();
  if (typeof found === 'string') throw new Error(found);
  const script = `import json, os\nfrom mlflow.tracking import MlflowClient\nclient = MlflowClient(tracking_uri=os.environ["STORE_URI"])\n${body}`;
  return new Promise((resolve, reject) =>
    execFile(found.python, ['-c', script], { env: { ...process.env, STORE_URI: uri } }, (error, stdout, stderr) =>
      error ? reject(new Error(`mlflow-python failed: ${error.message}\n${stderr.slice(-2000)}`)) : resolve(JSON.parse(stdout) as { runId?: string }),
    ),
  );
}

suite('live metric chart (real MLflow writing, real webview painting)', function () {
  let api: MlflowLensApi;
  let dir: string;
  const mlflowMissing = realMlflow();

  suiteSetup(async function () {
    if (typeof mlflowMissing === 'string') this.skip();
    const ext = vscode.extensions.getExtension<MlflowLensApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    api = await ext.activate();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-live-chart-'));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Back to the workspace's own store, which the suites after this one read.
    await vscode.commands.executeCommand(CommandIds.chooseStore, '');
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const kind of ['file', 'sqlite'] as const) {
    test(`${kind} store: points MLflow logs to a RUNNING run are painted on the open chart`, async () => {
      const uri = kind === 'file' ? path.join(dir, 'mlruns') : `sqlite:///${path.join(dir, 'mlflow.db')}`;
      const { runId } = await mlflow(
        uri,
        `experiment_id = client.create_experiment("live-chart")
run = client.create_run(experiment_id, run_name="live-chart-run")
client.log_metric(run.info.run_id, "loss", 1.0, step=0)
print(json.dumps({"runId": run.info.run_id}))`,
      );
      assert.ok(runId);
      await vscode.commands.executeCommand(CommandIds.chooseStore, uri);
      const child = async (parentId: string | undefined, label: string) => {
        const nodes = await api.explorer.children(parentId);
        const found = nodes.find((n) => n.label === label);
        assert.ok(found, `"${label}" not under ${parentId ?? 'the root'}: ${nodes.map((n) => n.label).join(' | ')}`);
        return found;
      };
      const run = await child((await child(undefined, 'live-chart')).id, 'live-chart-run');
      const loss = await child((await child(run.id, 'Metrics')).id, 'loss');

      await vscode.commands.executeCommand(CommandIds.openMetricChart, api.explorer.commandArgument(loss.id));
      const chart = api.panels.chart({ runIds: [runId], metricKeys: ['loss'] });
      assert.ok(chart, `no chart panel after ${CommandIds.openMetricChart}: ${JSON.stringify(api.panels.open())}`);
      const painted = (step: number) =>
        new Promise<readonly DrawnSeriesEnd[]>((resolve) => {
          const done = (series: readonly DrawnSeriesEnd[]) => series.some((s) => s.runId === runId && s.key === 'loss' && s.lastStep >= step);
          if (done(chart.drawn)) return resolve(chart.drawn);
          const listener = chart.onDidDraw((series) => {
            if (!done(series)) return;
            listener.dispose();
            resolve(series);
          });
        });
      assert.deepEqual(await painted(0), [{ runId, key: 'loss', lastStep: 0 }]);

      await mlflow(uri, `client.log_metric("${runId}", "loss", 0.5, step=1)\nclient.log_metric("${runId}", "loss", 0.25, step=2)\nprint("{}")`);
      assert.deepEqual(await painted(2), [{ runId, key: 'loss', lastStep: 2 }], 'the logged points are painted without Refresh');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  }
});
