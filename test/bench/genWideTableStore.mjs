// Generates the runs table's wide bench store: one experiment of 200 runs whose params span 12,000
// keys, each run with 100 metrics (3 steps each) and its name/user tags, in MLflow 2.x's file-store
// layout (as genStore.mjs writes it). Keys carry `/`, `.` and spaces; a `/` is a folder, as MLflow
// writes it. Deterministic, reused while `generator-version` matches.
//
// Each run logs 600 of the 12,000 param keys (a window sliding by 60 keys per run, so every key is
// logged by 10 runs): the table has 12,000 param columns, as asked, while the store stays at ~140,000
// files. A dense 200 × 12,000 file store would be 2.4 million files (~10 GB of 4 KB blocks, minutes
// to write and to read per bench process); the Chromium test covers the dense grid from memory.
//
// Usage: node test/bench/genWideTableStore.mjs [--force]   (prints the store path)
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_CACHE } from './genStore.mjs';

export const WIDE_GENERATOR_VERSION = 'wide-table-v1';
export const WIDE_SHAPE = Object.freeze({ runs: 200, paramKeys: 12_000, paramsPerRun: 600, metrics: 100, steps: 3 });
export const WIDE_EXPERIMENT_ID = '1';
const WIDE_PARENT = path.join(BENCH_CACHE, 'wide-table');
export const WIDE_STORE_ROOT = path.join(WIDE_PARENT, 'mlruns');
const MARKER = path.join(WIDE_PARENT, 'generator-version');

/** The i-th param key: mostly plain, every fourth with a space, a `/` folder and a `.`. */
export function wideParamKey(i) {
  return i % 4 === 0 ? `block ${i % 7}/unit.${i}` : `p${String(i).padStart(5, '0')}`;
}

export const wideMetricKey = (m) => `m${String(m).padStart(3, '0')}`;
export const wideRunId = (r) => `${String(r).padStart(4, '0')}${'0'.repeat(24)}${String(r).padStart(4, '0')}`;

function writeStore(target) {
  const rootUri = pathToFileURL(WIDE_STORE_ROOT).href;
  const meta = (entries) => entries.map(([k, v]) => `${k}: ${v}`).join('\n') + '\n';
  const experimentMeta = (id, name) =>
    meta([['artifact_location', `${rootUri}/${id}`], ['creation_time', 1_767_225_600_000], ['experiment_id', `'${id}'`], ['last_update_time', 1_767_225_600_000], ['lifecycle_stage', 'active'], ['name', name]]);
  fs.mkdirSync(path.join(target, '0'), { recursive: true });
  fs.writeFileSync(path.join(target, '0', 'meta.yaml'), experimentMeta('0', 'Default'));
  const expDir = path.join(target, WIDE_EXPERIMENT_ID);
  fs.mkdirSync(path.join(expDir, 'tags'), { recursive: true });
  fs.writeFileSync(path.join(expDir, 'meta.yaml'), experimentMeta(WIDE_EXPERIMENT_ID, 'wide-table-bench'));
  const stride = WIDE_SHAPE.paramKeys / WIDE_SHAPE.runs;
  for (let r = 0; r < WIDE_SHAPE.runs; r++) {
    const runId = wideRunId(r);
    const runDir = path.join(expDir, runId);
    for (const sub of ['metrics', 'params', 'tags', 'artifacts']) fs.mkdirSync(path.join(runDir, sub), { recursive: true });
    const start = 1_767_225_660_000 + r * 60_000;
    fs.writeFileSync(
      path.join(runDir, 'meta.yaml'),
      meta([
        ['artifact_uri', `${rootUri}/${WIDE_EXPERIMENT_ID}/${runId}/artifacts`], ['end_time', start + 30_000], ['entry_point_name', "''"],
        ['experiment_id', `'${WIDE_EXPERIMENT_ID}'`], ['lifecycle_stage', 'active'], ['run_id', runId], ['run_name', `wide-${r}`], ['run_uuid', runId],
        ['source_name', "''"], ['source_type', 4], ['source_version', "''"], ['start_time', start], ['status', 3], ['tags', '[]'], ['user_id', 'bench'],
      ]),
    );
    fs.writeFileSync(path.join(runDir, 'tags', 'mlflow.runName'), `wide-${r}`);
    fs.writeFileSync(path.join(runDir, 'tags', 'mlflow.user'), 'bench');
    for (let k = 0; k < WIDE_SHAPE.paramsPerRun; k++) {
      const i = (r * stride + k) % WIDE_SHAPE.paramKeys;
      const file = path.join(runDir, 'params', wideParamKey(i));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, String((r * 31 + i) % 997));
    }
    for (let m = 0; m < WIDE_SHAPE.metrics; m++) {
      let text = '';
      for (let s = 0; s < WIDE_SHAPE.steps; s++) text += `${start + 1000 + s * 100} ${(((r + 1) * (m + 1) * (s + 1)) % 1009) / 1009} ${s}\n`;
      fs.writeFileSync(path.join(runDir, 'metrics', wideMetricKey(m)), text);
    }
  }
}

/** Returns the store root, generating it first when missing or from another generator version. */
export function ensureWideStore({ force = false, log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const current = fs.existsSync(MARKER) ? fs.readFileSync(MARKER, 'utf8').trim() : '';
  if (!force && current === WIDE_GENERATOR_VERSION && fs.existsSync(path.join(WIDE_STORE_ROOT, WIDE_EXPERIMENT_ID, 'meta.yaml'))) return WIDE_STORE_ROOT;
  log(`generating the wide runs-table store in ${WIDE_STORE_ROOT} (generator ${WIDE_GENERATOR_VERSION})…`);
  const started = Date.now();
  fs.rmSync(WIDE_PARENT, { recursive: true, force: true });
  fs.mkdirSync(WIDE_PARENT, { recursive: true });
  const partial = path.join(WIDE_PARENT, 'mlruns.partial');
  writeStore(partial);
  fs.renameSync(partial, WIDE_STORE_ROOT);
  fs.writeFileSync(MARKER, `${WIDE_GENERATOR_VERSION}\n`);
  log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return WIDE_STORE_ROOT;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(ensureWideStore({ force: process.argv.includes('--force') }));
}
