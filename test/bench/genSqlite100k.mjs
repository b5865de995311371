// Generates the 100,000-run SQLite bench store (issue 12 item 4): the 10,000 generated runs ten
// times over in the same 20 experiments (5,000 runs each), with params, tags and latest metrics but
// no metric history (listing, filtering and sorting never read it; 50 million history rows would
// only make the file 4 GB). Same schema and writer as genSqliteStore.mjs.
//
// Usage: node test/bench/genSqlite100k.mjs [--force]   (prints the database path)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BENCH_CACHE } from './genStore.mjs';
import { NODE24, nodeWithSqlite, writeDatabase } from './genSqliteStore.mjs';

export const SQLITE100K_VERSION = 'sqlite100k-v1';
export const SQLITE100K_COPIES = 10;
export const SQLITE100K_PARENT = path.join(BENCH_CACHE, 'sqlite100k');
export const SQLITE100K_DB = path.join(SQLITE100K_PARENT, 'mlflow-lite.db');
const MARKER = path.join(SQLITE100K_PARENT, 'generator-version');

export function ensureSqlite100k({ force = false, log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const current = fs.existsSync(MARKER) ? fs.readFileSync(MARKER, 'utf8').trim() : '';
  if (!force && current === SQLITE100K_VERSION && fs.existsSync(SQLITE100K_DB)) return SQLITE100K_DB;
  if (!process.getBuiltinModule?.('node:sqlite')) {
    const node = nodeWithSqlite();
    if (!node) throw new Error(`generating the 100,000-run store needs node:sqlite (Node 22.13+); none here and no ${NODE24}`);
    const r = spawnSync(node, [fileURLToPath(import.meta.url), ...(force ? ['--force'] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`100,000-run store generation failed (exit ${r.status})`);
    return SQLITE100K_DB;
  }
  log(`generating the 100,000-run SQLite bench store in ${SQLITE100K_PARENT} (generator ${SQLITE100K_VERSION})…`);
  const started = Date.now();
  fs.rmSync(SQLITE100K_PARENT, { recursive: true, force: true });
  fs.mkdirSync(SQLITE100K_PARENT, { recursive: true });
  writeDatabase(SQLITE100K_DB, { history: false, copies: SQLITE100K_COPIES });
  fs.writeFileSync(MARKER, `${SQLITE100K_VERSION}\n`);
  log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s: ${(fs.statSync(SQLITE100K_DB).size / 2 ** 20).toFixed(0)} MiB`);
  return SQLITE100K_DB;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(ensureSqlite100k({ force: process.argv.includes('--force') }));
}
