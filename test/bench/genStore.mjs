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

/**
 * Calls `onExperiment(experiment)` then `onRun(experiment, run)` for each of its runs, in a fixed
 * order from a fixed seed; runs are produced one at a time so neither writing nor validating needs
 * the whole store in memory.
 */
export function forEachRun(onExperiment, onRun) {
  const random = makeRandom(20260124);
  const baseTime = 1_767_225_600_000; // 2026-01-01T00:00:00Z
  for (let e = 0; e < SHAPE.experiments; e++) {
    const experiment = {
      id: experimentId(random),
      name: `bench-experiment-${String(e).padStart(2, '0')}`,
      creationTime: baseTime + e * 3_600_000,
      index: e,
    };
    onExperiment(experiment);
    for (let r = 0; r < SHAPE.runsPerExperiment; r++) {
      const runId = hex(random, 32);
      const running = random() < SHAPE.runningFraction;
      const startTime = experiment.creationTime + 60_000 + r * 90_000 + Math.floor(random() * 1000);
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
      const endTime = running ? null : startTime + 1000 + SHAPE.stepsPerMetric * 500 + 10;
      onRun(experiment, { runId, runName, user, status: running ? 1 : 3, startTime, endTime, params, tags, metrics });
    }
  }
}

/**
 * What a correct reader must return for every run, keyed by run id: the REST-shaped fields the
 * bench checks (metrics reduced to their latest value, which is the step-99 line here).
 */
export function expectedRuns() {
  const runs = new Map();
  forEachRun(
    () => {},
    (experiment, run) => {
      const metrics = {};
      for (const [key, lines] of run.metrics) {
        const [timestamp, value, step] = lines[lines.length - 1];
        metrics[key] = { value, step, timestamp };
      }
      runs.set(run.runId, {
        experimentId: experiment.id,
        experimentIndex: experiment.index,
        runName: run.runName,
        status: run.status === 1 ? 'RUNNING' : 'FINISHED',
        startTime: run.startTime,
        endTime: run.endTime,
        params: Object.fromEntries(run.params),
        tags: Object.fromEntries(run.tags),
        metrics,
      });
    },
  );
  return runs;
}

const INT_PARAMS = new Set(['batch_size', 'epochs', 'hidden_size', 'max_depth', 'min_samples_leaf', 'n_estimators', 'n_layers', 'seed', 'warmup_steps']);

function paramValue(random, key) {
  if (key === 'optimizer') return ['adam', 'sgd', 'rmsprop', 'adamw'][Math.floor(random() * 4)];
  if (INT_PARAMS.has(key)) return String(1 + Math.floor(random() * 512));
  return pyFloat(Math.round(random() * 1e5) / 1e6);
}

function writeStore(storeRoot, target) {
  const rootUri = pathToFileURL(storeRoot).href;
  const write = (file, text) => fs.writeFileSync(file, text);
  const experimentMeta = (id, name, time) =>
    yamlKeyValues([
      ['artifact_location', `${rootUri}/${id}`],
      ['creation_time', time],
      ['experiment_id', `'${id}'`],
      ['last_update_time', time],
      ['lifecycle_stage', 'active'],
      ['name', name],
    ]);
  fs.mkdirSync(path.join(target, '0'), { recursive: true });
  write(path.join(target, '0', 'meta.yaml'), experimentMeta('0', 'Default', 1_767_225_599_000));
  forEachRun(
    (experiment) => {
      const expDir = path.join(target, experiment.id);
      fs.mkdirSync(path.join(expDir, 'tags'), { recursive: true });
      write(path.join(expDir, 'meta.yaml'), experimentMeta(experiment.id, experiment.name, experiment.creationTime));
    },
    (experiment, run) => {
      const runDir = path.join(target, experiment.id, run.runId);
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
    },
  );
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
  writeStore(STORE_ROOT, partial);
  fs.renameSync(partial, STORE_ROOT);
  fs.writeFileSync(MARKER, `${GENERATOR_VERSION}\n`);
  log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return STORE_ROOT;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(ensureStore({ force: process.argv.includes('--force') }));
}
