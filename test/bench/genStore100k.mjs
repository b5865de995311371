// Generates the 100,000-run file store (issue 12 item 4) from the 10,000-run one (genStore.mjs): every
// run ten times over in the same 20 experiments (5,000 runs each), copy k of a run with the id
// `copyRunId(id, k)` and start/end times k ms later, as the 100,000-run SQLite store. Only each copy's
// meta.yaml is written; its params, metrics and tags are hard links to the original's files (same
// bytes, no extra disk: 100,000 runs would otherwise take ~12 GB of 4 KB blocks), so the 10,000-run
// store must stay where it is (ensureStore keeps it).
//
// Usage: node test/bench/genStore100k.mjs [--force]   (prints the store path)
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_CACHE, ensureStore } from './genStore.mjs';
import { copyRunId } from './genSqliteStore.mjs';

export const STORE100K_VERSION = 'store100k-v1';
export const STORE100K_COPIES = 10;
export const STORE100K_PARENT = path.join(BENCH_CACHE, 'store100k');
export const STORE100K_ROOT = path.join(STORE100K_PARENT, 'mlruns');
const MARKER = path.join(STORE100K_PARENT, 'generator-version');

/** Hard-links every file under `from` into `to` (folders created), except `skip` at the top. */
function linkTree(from, to, skip) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.name === skip) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) linkTree(source, target);
    else fs.linkSync(source, target);
  }
}

export function ensureStore100k({ force = false, log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const current = fs.existsSync(MARKER) ? fs.readFileSync(MARKER, 'utf8').trim() : '';
  if (!force && current === STORE100K_VERSION && fs.existsSync(STORE100K_ROOT)) return STORE100K_ROOT;
  const source = ensureStore({ log });
  log(`generating the 100,000-run file store in ${STORE100K_PARENT} (hard links into ${source})…`);
  const started = Date.now();
  fs.rmSync(STORE100K_PARENT, { recursive: true, force: true });
  fs.mkdirSync(STORE100K_ROOT, { recursive: true });
  const rewrite = (text) => text.replaceAll(source, STORE100K_ROOT);
  for (const experiment of fs.readdirSync(source, { withFileTypes: true })) {
    if (!experiment.isDirectory()) continue;
    const expFrom = path.join(source, experiment.name);
    const expTo = path.join(STORE100K_ROOT, experiment.name);
    if (!fs.existsSync(path.join(expFrom, 'meta.yaml'))) {
      linkTree(expFrom, expTo); // .trash, models: not experiments
      continue;
    }
    fs.mkdirSync(expTo);
    for (const entry of fs.readdirSync(expFrom, { withFileTypes: true })) {
      if (!entry.isDirectory()) {
        fs.writeFileSync(path.join(expTo, entry.name), rewrite(fs.readFileSync(path.join(expFrom, entry.name), 'utf8')));
        continue;
      }
      if (!fs.existsSync(path.join(expFrom, entry.name, 'meta.yaml'))) {
        linkTree(path.join(expFrom, entry.name), path.join(expTo, entry.name)); // the experiment's tags/
        continue;
      }
      const runId = entry.name;
      const meta = fs.readFileSync(path.join(expFrom, runId, 'meta.yaml'), 'utf8');
      for (let k = 0; k < STORE100K_COPIES; k++) {
        const copyId = copyRunId(runId, k);
        const runTo = path.join(expTo, copyId);
        linkTree(path.join(expFrom, runId), runTo, 'meta.yaml');
        const copyMeta = rewrite(meta)
          .replaceAll(runId, copyId)
          .replace(/^(start_time|end_time): (\d+)$/gm, (_, key, value) => `${key}: ${Number(value) + k}`);
        fs.writeFileSync(path.join(runTo, 'meta.yaml'), copyMeta);
      }
    }
  }
  fs.writeFileSync(MARKER, `${STORE100K_VERSION}\n`);
  log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return STORE100K_ROOT;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(ensureStore100k({ force: process.argv.includes('--force') }));
}
