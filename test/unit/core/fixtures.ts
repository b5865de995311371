/** Paths of the file-store fixtures, and helpers to browse a store completely. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectPages } from '../../../src/core/model/paging';
import type { Run } from '../../../src/core/model/entities';
import type { StoreProblem } from '../../../src/core/store/storeErrors';
import type { TrackingStore } from '../../../src/core/store/trackingStore';

/** The repository root (tests run from out/test/unit/core). */
export const repoRoot = path.resolve(__dirname, '../../../..');
/** A copy of ../shared/fixtures/generated/mlruns (MLflow 2.12.2), committed. */
export const generatedStore = path.join(repoRoot, 'test', 'fixtures', 'generated-mlruns');
/** Hand-made broken stores. */
export const corruptStore = path.join(repoRoot, 'test', 'fixtures', 'corrupt', 'mlruns');
/** Real stores from public repositories (read-only, outside the repository). */
export const realMlruns = path.join(repoRoot, '..', 'shared', 'fixtures', 'real-mlruns');
/** The built worker script, when `npm run build` ran. */
export const builtWorker = path.join(repoRoot, 'dist', 'indexWorker.js');

export const ids = {
  defaultExp: '0',
  iris: '868010962877203020',
  odd: '364507864911754211',
  long: '410973575908904438',
  zoo: '113332356586864389',
  empty: '975697012526600616',
  trashed: '252589920961103671',
  parent: 'af80339dc3494aeb8bf956205a9e76cd',
  hostile: '235b9d8bdd5f436493fc6978fb02bffe',
  resnet: '56c852275ba8450f9ab7260fa393730d',
  deletedRun: '73248e12820941e58b10f365c2e21a11',
  orphan: '30519870cf2b4be18f4d70ebf9895f12',
  c001: '0526a7a0708c471fbe27028fd2754221',
  c10: 'd073d010edad4fed9de9f801df8af2ee',
} as const;

/** Every `mlruns` store folder under a directory (not nested inside another store). */
export function findStores(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const p = path.join(d, e.name);
      if (e.name === 'mlruns') out.push(p);
      else walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** sha256 of every file (and the list of every entry) under `dir`. */
export function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      if (e.isDirectory()) {
        out.set(`${rel}/`, 'dir');
        walk(p);
      } else if (e.isSymbolicLink()) out.set(rel, `link:${fs.readlinkSync(p)}`);
      else out.set(rel, crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

export function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `mlflow-lens-${name}-`));
}

export interface Browse {
  runs: Run[];
  problems: StoreProblem[];
  experiments: number;
}

/** Lists everything a user can see: experiments, runs, every run, history, artifact. */
export async function browseEverything(store: TrackingStore): Promise<Browse> {
  const problems: StoreProblem[] = [];
  const experiments = await collectPages(async (pageToken) => {
    const p = await store.searchExperiments({ viewType: 'ALL', maxResults: 3, ...(pageToken && { pageToken }) });
    problems.push(...p.problems);
    return p;
  });
  const runs = await collectPages(async (pageToken) => {
    const p = await store.searchRuns({ experimentIds: experiments.map((e) => e.experiment_id), viewType: 'ALL', maxResults: 5, ...(pageToken && { pageToken }) });
    problems.push(...p.problems);
    return p;
  });
  for (const r of runs) {
    await store.getRun(r.info.run_id);
    for (const m of r.data.metrics) problems.push(...(await store.getMetricHistory(r.info.run_id, m.key)).problems);
    const root = await store.getArtifactRoot(r.info.run_id);
    if (!root.localPath) continue;
    const walk = async (rel: string | undefined): Promise<void> => {
      for (const f of await store.listArtifacts(r.info.run_id, rel)) {
        if (f.is_dir) await walk(f.path);
        else await store.readArtifact(r.info.run_id, f.path);
      }
    };
    await walk(undefined);
  }
  await store.searchRegisteredModels?.({});
  return { runs, problems, experiments: experiments.length };
}
