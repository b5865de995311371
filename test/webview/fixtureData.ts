/**
 * Real data for the Chromium tier: the SQLite store MLflow 2.12.2 wrote (committed under
 * test/fixtures/generated-sqlite) read through the project's own SqliteStore, and, when
 * ../shared exists, metric files of the file store MLflow wrote (NaN and ±inf are kept as text
 * there, whereas SQLite turns ±inf into ±1.79e308).
 */
import fs from 'node:fs';
import path from 'node:path';
import { SqliteStore } from '../../src/core/store/sqlite/sqliteStore';
import type { Metric, Run } from '../../src/core/model/entities';
import type { TrackingStore } from '../../src/core/store/trackingStore';

export const repoRoot = path.resolve(__dirname, '../../..');
export const sqliteFixture = path.join(repoRoot, 'test', 'fixtures', 'generated-sqlite', 'mlflow.db');
export const sharedRoot = path.resolve(repoRoot, '../shared');
export const generatedMlruns = path.join(sharedRoot, 'fixtures', 'generated', 'mlruns');

/** The odd-name run and experiment of the generated data set (see its README). */
export const HOSTILE_RUN_NAME = `run with spaces, "quotes", 'apostrophes', <b>html</b> & emoji 🎉🔥`;
export const HOSTILE_EXPERIMENT_NAME = 'Ünïcödé 実験 🚀 "double" ’curly’ `tick` <script>alert(1)</script> & spaces   end';

let opened: Promise<SqliteStore> | undefined;

export function fixtureStore(): Promise<SqliteStore> {
  opened ??= SqliteStore.open(sqliteFixture);
  return opened;
}

export async function findRun(store: TrackingStore, runName: string): Promise<Run> {
  const experiments = await store.searchExperiments({ viewType: 'ALL', maxResults: 1000 });
  const runs = await store.searchRuns({ experimentIds: experiments.items.map((e) => e.experiment_id), viewType: 'ALL', maxResults: 1000 });
  const run = runs.items.find((r) => r.info.run_name === runName);
  if (!run) throw new Error(`run '${runName}' not found in ${store.uri}`);
  return run;
}

/** Finds a run folder of the file store by its `mlflow.runName` tag (the store may not be implemented yet). */
export function fileStoreRunDir(runName: string): string | undefined {
  if (!fs.existsSync(generatedMlruns)) return undefined;
  for (const experiment of fs.readdirSync(generatedMlruns)) {
    const experimentDir = path.join(generatedMlruns, experiment);
    if (!fs.statSync(experimentDir).isDirectory()) continue;
    for (const run of fs.readdirSync(experimentDir)) {
      const tag = path.join(experimentDir, run, 'tags', 'mlflow.runName');
      if (fs.existsSync(tag) && fs.readFileSync(tag, 'utf8') === runName) return path.join(experimentDir, run);
    }
  }
  return undefined;
}

/** Reads `metrics/<key>` of a file-store run: lines of `timestamp value step`, as MLflow writes them. */
export function readFileStoreMetric(runDir: string, key: string): Metric[] {
  const text = fs.readFileSync(path.join(runDir, 'metrics', ...key.split('/')), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [timestamp, value, step] = line.trim().split(/\s+/);
      return { key, timestamp: Number(timestamp), value: parsePythonFloat(value ?? ''), step: Number(step ?? 0) };
    });
}

/** Python's float repr: `nan`, `inf`, `-inf` besides ordinary numbers. */
function parsePythonFloat(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === 'inf' || lower === '+inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  return Number(text);
}
