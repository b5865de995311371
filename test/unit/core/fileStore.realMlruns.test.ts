/**
 * The file store over every real store in ../shared/fixtures/real-mlruns (committed by real users,
 * MLflow 0.x to 3.x): each loads without throwing, and the counts match SOURCES.md.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { collectPages } from '../../../src/core/model/paging';
import { tagValue, type Run } from '../../../src/core/model/entities';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { decodeLocation } from '../../../src/core/store/locationUri';
import type { StoreProblem } from '../../../src/core/store/storeErrors';
import { findStores, realMlruns } from './fixtures';

const skip = fs.existsSync(realMlruns) ? false : `SKIPPED: ${realMlruns} is missing (the shared fixtures are not next to this checkout)`;

interface Listing {
  experiments: { id: string; name: string; deleted: boolean }[];
  runs: Run[];
  problems: StoreProblem[];
}

async function list(root: string): Promise<Listing> {
  const store = new FileStore(root, { workerScript: false });
  try {
    const problems: StoreProblem[] = [];
    const exps = await store.searchExperiments({ viewType: 'ALL', maxResults: 50000 });
    problems.push(...exps.problems);
    const runs = await collectPages(async (pageToken) => {
      const p = await store.searchRuns({ experimentIds: exps.items.map((e) => e.experiment_id), viewType: 'ALL', maxResults: 100, ...(pageToken && { pageToken }) });
      problems.push(...p.problems);
      return p;
    });
    return { experiments: exps.items.map((e) => ({ id: e.experiment_id, name: e.name, deleted: e.lifecycle_stage === 'deleted' })), runs, problems };
  } finally {
    store.dispose();
  }
}

function repoStores(repo: string): string[] {
  return findStores(path.join(realMlruns, repo)).filter((s) => !s.includes(`${path.sep}mlruns${path.sep}`));
}

/** SOURCES.md: E active + T trashed experiments, R + RT run folders, Del deleted in place, Nest nested. */
const EXPECTED: Record<string, { E: number; T: number; R: number; RT: number; Del: number; Nest: number }> = {
  '01rahulsingh86__mlflow-groq-eval': { E: 2, T: 0, R: 1, RT: 0, Del: 0, Nest: 0 },
  '2025-1-productos-de-datos__PRE-12-mlflow-evaluacion-alvelezp': { E: 1, T: 0, R: 7, RT: 0, Del: 0, Nest: 0 },
  '264Gaurav__mlflow-experiment-tracking': { E: 5, T: 0, R: 45, RT: 0, Del: 10, Nest: 0 },
  'AICoE__experiment-tracking': { E: 1, T: 0, R: 0, RT: 0, Del: 0, Nest: 0 },
  AbouOpenSource__mlpos_bpifrance: { E: 2, T: 2, R: 26, RT: 3, Del: 1, Nest: 0 },
  AlejandraCaicedo__Boston_house_prices_kedro: { E: 1, T: 4, R: 2, RT: 32, Del: 0, Nest: 0 },
  'Ameer-Tiger__pydataberlin-2019': { E: 2, T: 0, R: 4, RT: 0, Del: 0, Nest: 0 },
  Detecller__IT3385_MLOps_Assignment: { E: 4, T: 0, R: 170, RT: 0, Del: 1, Nest: 158 },
  'Domires__fiap-mlops-score-model': { E: 1, T: 0, R: 0, RT: 0, Del: 0, Nest: 0 },
  'Garvit512__MLOps-with-MLFlow': { E: 4, T: 0, R: 70, RT: 0, Del: 20, Nest: 0 },
  LostPetInitiative__TextIntelligenceResearch: { E: 1, T: 0, R: 32, RT: 0, Del: 30, Nest: 0 },
  'copev313__Getting-Started-with-MLflow': { E: 1, T: 0, R: 32, RT: 0, Del: 3, Nest: 0 },
  jday54__mlflow_tutorial: { E: 2, T: 1, R: 9, RT: 1, Del: 0, Nest: 0 },
};

void describe('FileStore over every real store', { skip }, () => {
  void it('finds the 15 stores of SOURCES.md', () => {
    const stores = Object.keys(EXPECTED).flatMap(repoStores);
    assert.equal(stores.length + repoStores('SamuelAdamsMcGuire__mlflow_demo').length, 15);
  });

  for (const [repo, want] of Object.entries(EXPECTED)) {
    void it(`${repo}: ${want.E}+${want.T}T experiments, ${want.R}+${want.RT} runs, ${want.Del} deleted, ${want.Nest} nested`, async () => {
      const stores = repoStores(repo);
      assert.ok(stores.length > 0);
      let E = 0, T = 0, R = 0, RT = 0, Del = 0, Nest = 0;
      for (const root of stores) {
        const l = await list(root);
        assert.deepEqual(l.problems.filter((p) => p.scope !== 'value'), [], `no lost entries in ${root}`);
        const trashed = new Set(l.experiments.filter((e) => e.deleted).map((e) => e.id));
        E += l.experiments.length - trashed.size;
        T += trashed.size;
        for (const r of l.runs) {
          if (trashed.has(r.info.experiment_id)) {
            RT++;
            assert.equal(r.info.lifecycle_stage, 'deleted', 'everything under .trash is deleted');
          } else {
            R++;
            if (r.info.lifecycle_stage === 'deleted') Del++;
          }
          if (tagValue(r.data.tags, 'mlflow.parentRunId')) Nest++;
          assert.match(r.info.status, /^(RUNNING|SCHEDULED|FINISHED|FAILED|KILLED)$/);
          // MLflow's value: "" for an unnamed run, never the id (realMlflow.runName.test.ts compares all).
          assert.notEqual(r.info.run_name, r.info.run_id);
        }
      }
      assert.deepEqual({ E, T, R, RT, Del, Nest }, want);
    });
  }

  void it('SamuelAdams: runs of an mlflow.db are artifact-only folders (skipped); the nested mlruns/ folder is a problem', async () => {
    const [root] = repoStores('SamuelAdamsMcGuire__mlflow_demo');
    const l = await list(root!);
    assert.deepEqual(l.experiments.map((e) => [e.id, e.deleted]).sort(), [['0', false], ['1', true]]);
    assert.equal(l.runs.length, 0);
    assert.deepEqual(l.problems.map((p) => [path.relative(root!, p.location), p.scope]), [['mlruns', 'experiment']]);
  });

  void it('AICoE (MLflow 0.x): an int experiment_id, no lifecycle_stage, a plain-path artifact location', async () => {
    const store = new FileStore(path.join(realMlruns, 'AICoE__experiment-tracking/examples/mlruns'), { workerScript: false });
    const e = await store.getExperiment('0');
    store.dispose();
    assert.deepEqual([e.experiment_id, e.name, e.lifecycle_stage, e.artifact_location], ['0', 'Default', 'active', '/Users/vader/git/AICOE/DataHub-MaaS/examples/mlruns/0']);
  });

  void it('AlejandraCaicedo: Windows percent-encoded artifact URIs resolve to the run\'s own artifacts/ folder', async () => {
    const root = path.join(realMlruns, 'AlejandraCaicedo__Boston_house_prices_kedro/mlruns');
    const store = new FileStore(root, { workerScript: false });
    try {
      const runs = await store.searchRuns({ experimentIds: ['1', '4'], viewType: 'ALL' });
      assert.ok(runs.items.length > 0);
      for (const r of runs.items) {
        assert.match(r.info.artifact_uri, /^file:\/\/\/C:\/Users\/guapa\/Documents\/Ciencia%20de%20datos\//);
        const decoded = decodeLocation(r.info.artifact_uri);
        assert.equal(decoded.kind, 'local');
        assert.ok(decoded.kind === 'local' && decoded.path.startsWith('C:/Users/guapa/Documents/Ciencia de datos/kedro/'));
        const art = await store.getArtifactRoot(r.info.run_id);
        assert.ok(art.localPath?.endsWith(path.join(r.info.experiment_id, r.info.run_id, 'artifacts')), art.localPath);
        assert.ok(art.localPath?.startsWith(root));
        assert.deepEqual(await store.listArtifacts(r.info.run_id), []);
      }
    } finally {
      store.dispose();
    }
  });

  void it('Garvit512 (percent-encoded POSIX URIs) and copev313 (file:///C:) read their local artifacts', async () => {
    for (const [repo, sub] of [['Garvit512__MLOps-with-MLFlow', 'mlruns'], ['copev313__Getting-Started-with-MLflow', 'examples/mlruns']] as const) {
      const root = path.join(realMlruns, repo, sub);
      const store = new FileStore(root, { workerScript: false });
      try {
        const exps = await store.searchExperiments({});
        const runs = await store.searchRuns({ experimentIds: exps.items.map((e) => e.experiment_id), viewType: 'ALL' });
        let withFiles = 0;
        for (const r of runs.items) {
          const art = await store.getArtifactRoot(r.info.run_id);
          assert.ok(art.localPath?.startsWith(root), `${repo} ${r.info.run_id}: ${art.unavailableReason}`);
          if ((await store.listArtifacts(r.info.run_id)).length > 0) withFiles++;
        }
        assert.ok(withFiles > 0, `${repo} has runs with artifact files`);
      } finally {
        store.dispose();
      }
    }
  });

  void it('Detecller: mlflow-artifacts: URIs resolve to the sibling mlartifacts/ folder', async () => {
    const root = path.join(realMlruns, 'Detecller__IT3385_MLOps_Assignment/mlruns');
    const store = new FileStore(root, { workerScript: false });
    try {
      const exps = await store.searchExperiments({});
      const runs = await store.searchRuns({ experimentIds: exps.items.map((e) => e.experiment_id), viewType: 'ALL', include: {} });
      let proxied = 0;
      for (const r of runs.items) {
        assert.match(r.info.artifact_uri, /^mlflow-artifacts:/);
        const art = await store.getArtifactRoot(r.info.run_id);
        if (art.localPath) {
          proxied++;
          assert.ok(art.localPath.startsWith(path.join(path.dirname(root), 'mlartifacts')));
        } else assert.match(art.unavailableReason ?? '', /not available locally/);
      }
      assert.ok(proxied >= 160, `${proxied} runs found in mlartifacts/`);
    } finally {
      store.dispose();
    }
  });

  void it('264Gaurav: registry with spaces in names, versions 1-10, alias best_model → 10; mlflow-artifacts not available', async () => {
    const root = path.join(realMlruns, '264Gaurav__mlflow-experiment-tracking/mlruns');
    const store = new FileStore(root, { workerScript: false });
    try {
      const models = await store.searchRegisteredModels({});
      assert.deepEqual(models.items.map((m) => m.name), ['Best Randomforest Model', 'tracking iris model', 'tracking_iris_model']);
      const versions = await store.listModelVersions('tracking_iris_model');
      assert.deepEqual(versions.map((v) => v.version), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
      assert.deepEqual(models.items[2]!.aliases, [{ alias: 'best_model', version: '10' }]);
      assert.equal(tagValue(versions[9]!.tags, 'production') !== undefined, true);
      const exps = await store.searchExperiments({});
      const runs = await store.searchRuns({ experimentIds: exps.items.map((e) => e.experiment_id), viewType: 'ALL', include: {} });
      const art = await store.getArtifactRoot(runs.items[0]!.info.run_id);
      assert.equal(art.localPath, undefined);
      assert.ok(art.unavailableReason);
    } finally {
      store.dispose();
    }
  });

  void it('LostPetInitiative: metric keys with / and spaces, multi-line params', async () => {
    const store = new FileStore(path.join(realMlruns, 'LostPetInitiative__TextIntelligenceResearch/mlruns'), { workerScript: false });
    try {
      const exps = await store.searchExperiments({});
      const runs = await store.searchRuns({ experimentIds: exps.items.map((e) => e.experiment_id), viewType: 'ALL' });
      const keys = new Set(runs.items.flatMap((r) => r.data.metrics.map((m) => m.key)));
      assert.ok(keys.has('NotRelevant/Other_f1-score'));
      assert.ok(keys.has('macro avg_f1-score'));
      const multiline = runs.items.flatMap((r) => r.data.params).filter((p) => p.value.includes('\n'));
      assert.equal(multiline.length, 54);
    } finally {
      store.dispose();
    }
  });
});
