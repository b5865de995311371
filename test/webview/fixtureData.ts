/**
 * Real data for the Chromium tier, read through the project's own stores: the SQLite store MLflow
 * 2.12.2 wrote and the file store of the same data set (NaN and ±inf are kept there, whereas SQLite
 * turns ±inf into ±1.79e308), both committed under test/fixtures/ so the tier needs no ../shared.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Run } from '../../src/core/model/entities';
import { openStore } from '../../src/core/store/openStore';
import type { TrackingStore } from '../../src/core/store/trackingStore';

/** The folder holding this repository's package.json, from wherever the bundle was written (out/…). */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'webviews'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root above ${start}`);
  }
}

export const repoRoot = findRepoRoot(__dirname);
export const sqliteFixture = path.join(repoRoot, 'test', 'fixtures', 'generated-sqlite', 'mlflow.db');
export const generatedMlruns = path.join(repoRoot, 'test', 'fixtures', 'generated-mlruns');

/** The odd-name run and experiment of the generated data set (see its README). */
export const HOSTILE_RUN_NAME = `run with spaces, "quotes", 'apostrophes', <b>html</b> & emoji 🎉🔥`;
export const HOSTILE_EXPERIMENT_NAME = 'Ünïcödé 実験 🚀 "double" ’curly’ `tick` <script>alert(1)</script> & spaces   end';

let sqlite: TrackingStore | undefined;
let files: TrackingStore | undefined;

export function fixtureStore(): TrackingStore {
  sqlite ??= openStore(`sqlite:///${sqliteFixture}`);
  return sqlite;
}

export function fileFixtureStore(): TrackingStore {
  files ??= openStore(generatedMlruns, { workerScript: false });
  return files;
}

export function disposeFixtureStores(): void {
  sqlite?.dispose();
  files?.dispose();
}

export async function findRun(store: TrackingStore, runName: string): Promise<Run> {
  const experiments = await store.searchExperiments({ viewType: 'ALL', maxResults: 1000 });
  const runs = await store.searchRuns({ experimentIds: experiments.items.map((e) => e.experiment_id), viewType: 'ALL', maxResults: 1000 });
  const run = runs.items.find((r) => r.info.run_name === runName);
  if (!run) throw new Error(`run '${runName}' not found in ${store.uri}`);
  return run;
}
