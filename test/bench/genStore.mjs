// Generates the benchmark file store: 20 experiments x 500 runs, each with 20 params, 5 metrics x
// 100 steps and 3 tags, written exactly as MLflow 2.x's FileStore writes them (meta.yaml keys sorted,
// scalar files without a trailing newline, 3-field metric lines). Deterministic (seeded), so figures
// from different machines and sessions describe the same data.
//
// The store lives in ~/.cache/mlflow-lens-bench/store10k/mlruns and is reused while the marker file
// holds this GENERATOR_VERSION; any change to the layout below must bump it.
//
// Usage: node test/bench/genStore.mjs [--force]   (prints the store path)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const GENERATOR_VERSION = 'store10k-v1';

export const SHAPE = Object.freeze({
  experiments: 20,
  runsPerExperiment: 500,
  params: 20,
  metrics: 5,
  stepsPerMetric: 100,
  tags: 3,
  runningFraction: 0.02,
});

export const METRIC_KEYS = ['accuracy', 'f1', 'train/loss', 'val/loss', 'learning_rate'];
const PARAM_KEYS = [
  'alpha', 'batch_size', 'beta1', 'beta2', 'dropout', 'epochs', 'eps', 'gamma', 'hidden_size',
  'learning_rate', 'max_depth', 'min_samples_leaf', 'momentum', 'n_estimators', 'n_layers',
  'optimizer', 'seed', 'subsample', 'warmup_steps', 'weight_decay',
];
const TAG_KEYS = ['mlflow.runName', 'mlflow.source.name', 'mlflow.user'];
const ADJECTIVES = ['able', 'bold', 'calm', 'dapper', 'eager', 'fancy', 'gentle', 'honest', 'jolly', 'keen'];
const NOUNS = ['ant', 'bee', 'cat', 'doe', 'eel', 'fox', 'gnu', 'hen', 'jay', 'koi'];
const USERS = ['alice', 'bob', 'carol', 'dave'];

export const BENCH_CACHE = path.join(os.homedir(), '.cache', 'mlflow-lens-bench');
export const STORE_PARENT = path.join(BENCH_CACHE, 'store10k');
export const STORE_ROOT = path.join(STORE_PARENT, 'mlruns');
const MARKER = path.join(STORE_PARENT, 'generator-version');

/** mulberry32: small, fast, good enough for reproducible synthetic data. */
function makeRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(random, length) {
  let s = '';
  while (s.length < length) s += Math.floor(random() * 0x10000).toString(16).padStart(4, '0');
  return s.slice(0, length);
}

/** 2.x experiment ids are ~18-digit random integers. */
function experimentId(random) {
  let s = String(1 + Math.floor(random() * 9));
  for (let i = 0; i < 17; i++) s += String(Math.floor(random() * 10));
  return s;
}

/** Python `repr(float)` for values kept in [1e-4, 1e4): JS shortest round-trip text plus a `.0`. */
function pyFloat(x) {
  const s = String(x);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

function yamlKeyValues(entries) {
  return entries.map(([k, v]) => `${k}: ${v}`).join('\n') + '\n';
}

/** Describes every run without touching the disk; the bench validates CLI output against it. */
export function describeStore(root = STORE_ROOT) {
  const random = makeRandom(20260124);
  const baseTime = 1_767_225_600_000; // 2026-01-01T00:00:00Z
  const experiments = [];
  for (let e = 0; e < SHAPE.experiments; e++) {
    const id = experimentId(random);
    const creationTime = baseTime + e * 3_600_000;
    const runs = [];
    for (let r = 0; r < SHAPE.runsPerExperiment; r++) {
      const runId = hex(random, 32);
      const running = random() < SHAPE.runningFraction;
      const startTime = creationTime + 60_000 + r * 90_000 + Math.floor(random() * 1000);
      const params = PARAM_KEYS.map((key) => [key, paramValue(random, key)]);
      const runName = `${ADJECTIVES[Math.floor(random() * 10)]}-${NOUNS[Math.floor(random() * 10)]}-${r}`;
      const user = USERS[Math.floor(random() * USERS.length)];
      const tags = [
        ['mlflow.runName', runName],
        ['mlflow.source.name', `/home/${user}/project/train_${e}.py`],
        ['mlflow.user', user],
      ];
      const metrics = METRIC_KEYS.map((key, k) => {
        const lines = [];
        let value = 0.1 + random();
        for (let step = 0; step < SHAPE.stepsPerMetric; step++) {
          value = Math.round((value * (k < 2 ? 1.004 : 0.99) + random() * 0.001) * 1e6) / 1e6;
          lines.push([startTime + 1000 + step * 500 + k, value, step]);
        }
        return [key, lines];
      });
      const lastTimestamp = startTime + 1000 + SHAPE.stepsPerMetric * 500 + 10;
      runs.push({
        runId,
        runName,
        user,
        status: running ? 1 : 3,
        startTime,
        endTime: running ? null : lastTimestamp,
        params,
        tags,
        metrics,
      });
    }
    experiments.push({ id, name: `bench-experiment-${String(e).padStart(2, '0')}`, creationTime, runs });
  }
  return { root, experiments };
}

const INT_PARAMS = new Set(['batch_size', 'epochs', 'hidden_size', 'max_depth', 'min_samples_leaf', 'n_estimators', 'n_layers', 'seed', 'warmup_steps']);

function paramValue(random, key) {
  if (key === 'optimizer') return ['adam', 'sgd', 'rmsprop', 'adamw'][Math.floor(random() * 4)];
  if (INT_PARAMS.has(key)) return String(1 + Math.floor(random() * 512));
  return pyFloat(Math.round(random() * 1e5) / 1e6);
}

function writeStore(description, target) {
  const rootUri = pathToFileURL(description.root).href;
  const write = (file, text) => fs.writeFileSync(file, text);
  fs.mkdirSync(target, { recursive: true });
  const defaultDir = path.join(target, '0');
  fs.mkdirSync(defaultDir);
  write(
    path.join(defaultDir, 'meta.yaml'),
    yamlKeyValues([
      ['artifact_location', `${rootUri}/0`],
      ['creation_time', description.experiments[0].creationTime - 1000],
      ['experiment_id', "'0'"],
      ['last_update_time', description.experiments[0].creationTime - 1000],
      ['lifecycle_stage', 'active'],
      ['name', 'Default'],
    ]),
  );
  for (const experiment of description.experiments) {
    const expDir = path.join(target, experiment.id);
    fs.mkdirSync(path.join(expDir, 'tags'), { recursive: true });
    write(
      path.join(expDir, 'meta.yaml'),
      yamlKeyValues([
        ['artifact_location', `${rootUri}/${experiment.id}`],
        ['creation_time', experiment.creationTime],
        ['experiment_id', `'${experiment.id}'`],
        ['last_update_time', experiment.creationTime],
        ['lifecycle_stage', 'active'],
        ['name', experiment.name],
      ]),
    );
    for (const run of experiment.runs) {
      const runDir = path.join(expDir, run.runId);
      fs.mkdirSync(runDir);
      for (const sub of ['metrics/train', 'metrics/val', 'params', 'tags', 'artifacts']) {
        fs.mkdirSync(path.join(runDir, sub), { recursive: true });
      }
      write(
        path.join(runDir, 'meta.yaml'),
        yamlKeyValues([
          ['artifact_uri', `${rootUri}/${experiment.id}/${run.runId}/artifacts`],
          ['end_time', run.endTime === null ? 'null' : run.endTime],
          ['entry_point_name', "''"],
          ['experiment_id', `'${experiment.id}'`],
          ['lifecycle_stage', 'active'],
          ['run_id', run.runId],
          ['run_name', run.runName],
          ['run_uuid', run.runId],
          ['source_name', "''"],
          ['source_type', 4],
          ['source_version', "''"],
          ['start_time', run.startTime],
          ['status', run.status],
          ['tags', '[]'],
          ['user_id', run.user],
        ]),
      );
      for (const [key, value] of run.params) write(path.join(runDir, 'params', key), value);
      for (const [key, value] of run.tags) write(path.join(runDir, 'tags', key), value);
      for (const [key, lines] of run.metrics) {
        let text = '';
        for (const [ts, value, step] of lines) text += `${ts} ${pyFloat(value)} ${step}\n`;
        write(path.join(runDir, 'metrics', key), text);
      }
    }
  }
}

/** Returns the store root, generating it first when missing or written by another generator version. */
export function ensureStore({ force = false, log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const current = fs.existsSync(MARKER) ? fs.readFileSync(MARKER, 'utf8').trim() : '';
  if (!force && current === GENERATOR_VERSION && fs.existsSync(path.join(STORE_ROOT, '0', 'meta.yaml'))) {
    return STORE_ROOT;
  }
  log(`generating the 10,000-run bench store in ${STORE_ROOT} (generator ${GENERATOR_VERSION})…`);
  const started = Date.now();
  fs.rmSync(STORE_PARENT, { recursive: true, force: true });
  fs.mkdirSync(STORE_PARENT, { recursive: true });
  // Written under a temporary name and renamed, so an interrupted run never leaves a half store
  // behind a valid marker.
  const partial = path.join(STORE_PARENT, 'mlruns.partial');
  writeStore(describeStore(STORE_ROOT), partial);
  fs.renameSync(partial, STORE_ROOT);
  fs.writeFileSync(MARKER, `${GENERATOR_VERSION}\n`);
  log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return STORE_ROOT;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(ensureStore({ force: process.argv.includes('--force') }));
}
