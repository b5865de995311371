/**
 * The filter cases of filterCases.ts asked of MLflow 2.12.2 itself (../shared/mlflow): its
 * `search_runs` over temp copies of the generated file and SQLite stores must return the run ids
 * MLflow Lens's file and SQLite stores return, in the same order, and the run names each case
 * expects. The two local stores share one evaluator, so this is what holds them to MLflow rather
 * than to each other. Where MLflow's own stores disagree, the split is asserted as such; a filter
 * MLflow refuses is refused by both stores, in MLflow's words where they are kept.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { collectPages } from '../../../src/core/model/paging';
import type { ViewType } from '../../../src/core/model/entities';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { SqliteStore } from '../../../src/core/store/sqlite/sqliteStore';
import { StoreError } from '../../../src/core/store/storeErrors';
import type { SearchRunsRequest } from '../../../src/core/store/trackingStore';
import { mlflowPythonJson, skipWithoutMlflow } from '../../shared/realMlflow';
import { fixturesDir, type Backend } from './backends';
import { filterCases, mlflowSplitCases, rejectedFilters, type FilterCase } from './filterCases';
import { BackendPool, type Snapshot } from './snapshot';

type LocalKind = 'file' | 'sqlite';
const KINDS: readonly LocalKind[] = ['file', 'sqlite'];

interface Search {
  store: LocalKind;
  experimentIds: string[];
  viewType?: ViewType;
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
  firstPageOnly?: boolean;
}

type Answer = { ids: string[] } | { error: string };

/** MLflow's client over both stores; each search paged to the end unless only its first page is asked. */
const SEARCH_RUNS = String.raw`
import json, os, warnings, logging
warnings.simplefilter("ignore"); logging.disable(logging.CRITICAL)
from mlflow.tracking import MlflowClient
from mlflow.entities import ViewType
with open(os.environ["SEARCHES"], encoding="utf-8") as f:
    request = json.load(f)
clients = {kind: MlflowClient(tracking_uri=uri) for kind, uri in request["stores"].items()}
answers = []
for s in request["searches"]:
    try:
        ids, token = [], None
        while True:
            page = clients[s["store"]].search_runs(
                s["experimentIds"], s.get("filter") or "", getattr(ViewType, s.get("viewType", "ACTIVE_ONLY")),
                s.get("maxResults", 1000), s.get("orderBy"), token)
            ids += [r.info.run_id for r in page]
            token = page.token
            if s.get("firstPageOnly") or not token:
                break
        answers.append({"ids": ids})
    except Exception as e:
        answers.append({"error": str(e)})
print(json.dumps(answers))
`;

const skip = skipWithoutMlflow();

void describe('filters and orders as MLflow 2.12.2 answers them over the same stores', { skip }, () => {
  let tmp = '';
  let pool: BackendPool;
  const searches: Search[] = [];
  let answers: Answer[] = [];
  /** Index in `searches` of each case's request, per store. */
  const asked = new Map<string, number>();
  const ask = (key: string, search: Search): void => {
    asked.set(key, searches.push(search) - 1);
  };
  const answer = (key: string): Answer => {
    const i = asked.get(key);
    assert.ok(i !== undefined, key);
    return answers[i] as Answer;
  };

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-parity-'));
    // MLflow may write to a store it opens (its SQLite store checks the schema): copies, never the fixtures.
    fs.cpSync(path.join(fixturesDir, 'generated-mlruns'), path.join(tmp, 'mlruns'), { recursive: true });
    fs.cpSync(path.join(fixturesDir, 'generated-sqlite'), path.join(tmp, 'sqlite'), { recursive: true });
    const local = (kind: LocalKind, open: () => Promise<FileStore | SqliteStore>) => async (): Promise<Backend> => {
      const store = await open();
      return { kind, store, modelVersions: async () => [], hasLongHistory: false, close: async () => store.dispose() };
    };
    pool = new BackendPool({
      file: local('file', async () => new FileStore(path.join(tmp, 'mlruns'), { workerScript: false })),
      sqlite: local('sqlite', () => SqliteStore.open(path.join(tmp, 'sqlite', 'mlflow.db'))),
      rest: () => Promise.reject(new Error('no REST store in the MLflow parity test')),
    });
    for (const kind of KINDS) {
      const snap = await pool.snapshot(kind);
      const active = snap.active.map((e) => e.experiment_id);
      filterCases.forEach((c, i) => ask(`${kind}#${i}`, { store: kind, ...request(snap, c) }));
      for (const c of mlflowSplitCases) ask(`${kind}:split:${c.filter}`, { store: kind, experimentIds: active, filter: c.filter });
      for (const r of rejectedFilters) ask(`${kind}:rejected:${r.filter}`, { store: kind, experimentIds: active, filter: r.filter });
    }
    const file = path.join(tmp, 'searches.json');
    const stores = { file: `file://${path.join(tmp, 'mlruns')}`, sqlite: `sqlite:///${path.join(tmp, 'sqlite', 'mlflow.db')}` };
    fs.writeFileSync(file, JSON.stringify({ stores, searches }));
    answers = mlflowPythonJson<Answer[]>(SEARCH_RUNS, { SEARCHES: file });
    assert.equal(answers.length, searches.length);
  });

  after(async () => {
    await pool?.closeAll();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  for (const kind of KINDS) {
    void it(`${kind} store: every case returns MLflow's run ids (in MLflow's order when ordered) and the names it expects`, async () => {
      const snap = await pool.snapshot(kind);
      const backend = await pool.backend(kind);
      let compared = 0;
      for (const [i, c] of filterCases.entries()) {
        const label = `${kind} ${describeCase(c)}`;
        const theirs = answer(`${kind}#${i}`);
        assert.ok('ids' in theirs, `${label}: MLflow failed: ${'error' in theirs ? theirs.error : ''}`);
        const ours = await searchIds(backend, { ...request(snap, c) });
        const names = (ids: string[]): string[] => ids.map((id) => snap.runName(id) ?? `unknown run ${id}`);
        if (kind === 'file' && c.mlflowFileStore) {
          // One of MLflow's own splits: its file store's answer is asserted, ours is its SQLite store's.
          assert.deepEqual(names(theirs.ids).sort(), [...c.mlflowFileStore].sort(), `${label}: MLflow's file store`);
          assert.deepEqual(names(ours).sort(), [...c.expected].sort(), label);
          compared++;
          continue;
        }
        if (c.orderBy || c.firstPageOnly) assert.deepEqual(names(ours), names(theirs.ids), `${label}: order`);
        else assert.deepEqual([...ours].sort(), [...theirs.ids].sort(), label);
        // The written expectation is MLflow's answer too, or it goes.
        if (c.ordered) assert.deepEqual(names(theirs.ids), c.expected, `${label}: filterCases.ts disagrees with MLflow`);
        else assert.deepEqual(names(theirs.ids).sort(), [...c.expected].sort(), `${label}: filterCases.ts disagrees with MLflow`);
        compared++;
      }
      console.log(`${kind}: ${compared} filter/order cases gave MLflow's run ids`);
    });

    void it(`${kind} store: where MLflow's own stores disagree, gives the one documented answer`, async () => {
      const snap = await pool.snapshot(kind);
      const backend = await pool.backend(kind);
      const active = snap.active.map((e) => e.experiment_id);
      for (const c of mlflowSplitCases) {
        const theirs = answer(`${kind}:split:${c.filter}`);
        const seen = 'error' in theirs ? 'error' : theirs.ids.map((id) => snap.runName(id) ?? id).sort();
        assert.deepEqual(seen, c.mlflow[kind], `MLflow on its ${kind} store for ${c.filter}: ${'error' in theirs ? theirs.error : ''}`);
        const ours = await searchIds(backend, { experimentIds: active, filter: c.filter });
        assert.deepEqual(ours.map((id) => snap.runName(id)).sort(), [...c.expected].sort(), c.filter);
      }
    });

    void it(`${kind} store: refuses what MLflow refuses, as an invalid argument in MLflow's words`, async () => {
      const snap = await pool.snapshot(kind);
      const backend = await pool.backend(kind);
      const active = snap.active.map((e) => e.experiment_id);
      for (const r of rejectedFilters) {
        const theirs = answer(`${kind}:rejected:${r.filter}`);
        assert.ok('error' in theirs, `MLflow accepted ${r.filter}`);
        const ours = await backend.store.searchRuns({ experimentIds: active, filter: r.filter }).then(
          () => assert.fail(`accepted ${r.filter}`),
          (e: unknown) => e,
        );
        assert.ok(StoreError.is(ours, 'invalidArgument'), `${r.filter}: ${String(ours)}`);
        if (r.sameWords) assert.equal(headline(ours.message), headline(theirs.error), r.filter);
      }
    });
  }
});

function request(snap: Snapshot, c: FilterCase): Omit<Search, 'store'> {
  const experimentIds =
    c.experiments === 'active' ? snap.active.map((e) => e.experiment_id) : c.experiments.map((n) => (n.startsWith('id:') ? n.slice(3) : snap.experimentId(n)));
  const filter = typeof c.filter === 'function' ? c.filter((name) => snap.runId(name)) : c.filter;
  return {
    experimentIds,
    ...(c.viewType && { viewType: c.viewType }),
    ...(filter !== undefined && { filter }),
    ...(c.orderBy && { orderBy: c.orderBy }),
    ...(c.maxResults !== undefined && { maxResults: c.maxResults }),
    ...(c.firstPageOnly && { firstPageOnly: true }),
  };
}

async function searchIds(backend: Backend, search: Omit<Search, 'store'>): Promise<string[]> {
  const { firstPageOnly, ...rest } = search;
  const req: SearchRunsRequest = rest;
  const runs = firstPageOnly
    ? (await backend.store.searchRuns(req)).items
    : await collectPages((pageToken) => backend.store.searchRuns({ ...req, ...(pageToken && { pageToken }) }));
  return runs.map((r) => r.info.run_id);
}

function describeCase(c: FilterCase): string {
  return JSON.stringify({ ...c, expected: undefined, filter: typeof c.filter === 'function' ? c.filter((n) => `<id of ${n}>`) : c.filter });
}

/** The message up to the list of valid values, which MLflow prints as an unordered Python set. */
function headline(message: string): string {
  return message.split(/ not one of | Valid keys are /)[0] ?? message;
}
