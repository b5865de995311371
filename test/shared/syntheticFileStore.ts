// Writes a file store in MLflow's layout (experiment and run meta.yaml, params, metrics, tags) with
// as many experiments and runs as a test needs: the shapes are those of the MLflow-written fixtures.
import fs from 'node:fs';
import path from 'node:path';

export interface SyntheticStore {
  root: string;
  /** Experiment id → the ids of its runs. */
  runs: Map<string, string[]>;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** Writes `experiments` experiments (ids 1…n) of `runsPerExperiment` finished runs each under `root`. */
export function writeSyntheticStore(root: string, experiments: number, runsPerExperiment: number): SyntheticStore {
  const runs = new Map<string, string[]>();
  const base = 1_700_000_000_000;
  fs.mkdirSync(root, { recursive: true });
  for (let e = 1; e <= experiments; e++) {
    const experimentId = String(e);
    const expDir = path.join(root, experimentId);
    fs.mkdirSync(expDir, { recursive: true });
    fs.writeFileSync(
      path.join(expDir, 'meta.yaml'),
      [`artifact_location: file://${expDir}`, `creation_time: ${base}`, `experiment_id: '${experimentId}'`, `last_update_time: ${base}`, 'lifecycle_stage: active', `name: synthetic-${e}`, ''].join('\n'),
    );
    const ids: string[] = [];
    for (let r = 0; r < runsPerExperiment; r++) {
      const runId = `ab${hex(e, 6)}${hex(r, 24)}`;
      ids.push(runId);
      const runDir = path.join(expDir, runId);
      for (const sub of ['params', 'metrics', 'tags', 'artifacts']) fs.mkdirSync(path.join(runDir, sub), { recursive: true });
      const start = base + e * 1_000_000 + r * 1000;
      fs.writeFileSync(
        path.join(runDir, 'meta.yaml'),
        [
          `artifact_uri: file://${runDir}/artifacts`,
          `end_time: ${start + 500}`,
          "entry_point_name: ''",
          `experiment_id: '${experimentId}'`,
          'lifecycle_stage: active',
          `run_id: ${runId}`,
          `run_name: run-${e}-${r}`,
          `run_uuid: ${runId}`,
          "source_name: ''",
          'source_type: 4',
          "source_version: ''",
          `start_time: ${start}`,
          'status: 3',
          'tags: []',
          'user_id: synthetic',
          '',
        ].join('\n'),
      );
      fs.writeFileSync(path.join(runDir, 'params', 'lr'), String(r % 7));
      fs.writeFileSync(path.join(runDir, 'metrics', 'accuracy'), `${start + 100} ${(r % 100) / 100} 0\n`);
      fs.writeFileSync(path.join(runDir, 'tags', 'mlflow.runName'), `run-${e}-${r}`);
      fs.writeFileSync(path.join(runDir, 'tags', 'mlflow.user'), 'synthetic');
    }
    runs.set(experimentId, ids);
  }
  return { root, runs };
}
