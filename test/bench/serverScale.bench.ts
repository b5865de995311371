// Bench entry (server-scale-*, issue 12 item 3): a live `mlflow server` (../shared/mlflow) over a copy
// of the 10,000-run SQLite bench store, every figure measured in this one process against the same
// warm server, side by side: raw HTTP paging of runs/search (the server's own floor: request, wait,
// JSON.parse, nothing else), MLflow Lens listing every run (the CLI's one search paged, and the tree's
// way: each experiment listed on its own, at most four requests in flight), the tree's first page
// (experiments + one experiment's first 200 runs, from a new store), and MLflow's own client
// (`MlflowClient.search_runs`, every page, in its own Python process: its in-process time is the figure).
// Prints JSON for test/bench/cases/serverScale.mjs, which checks every run value by value.
// Usage: node out/bench/serverScale.bench.js <mlflow database to copy> <experiment id of the first page> [workers]
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import type { Run } from '../../src/core/model/entities';
import { RestStore } from '../../src/core/store/rest/restStore';
import { realMlflow } from '../shared/realMlflow';
import { startLiveMlflowServer } from '../shared/mlflowServer';

const PAGE = 1000;
const TREE_PAGE = 200;

async function timed<T>(times: Record<string, number>, name: string, work: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const value = await work();
  times[name] = performance.now() - t0;
  return value;
}

const agent = new http.Agent({ keepAlive: true });

function post(url: string, body: unknown): Promise<unknown> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}: ${text.slice(0, 300)}`));
        else resolve(JSON.parse(text));
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** The floor: every page of runs/search over every experiment, as plain HTTP + JSON.parse. */
async function rawListing(url: string, experimentIds: string[]): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const answer = (await post(`${url}/api/2.0/mlflow/runs/search`, { experiment_ids: experimentIds, max_results: PAGE, ...(token ? { page_token: token } : {}) })) as {
      runs?: { info: { run_id: string } }[];
      next_page_token?: string;
    };
    for (const run of answer.runs ?? []) ids.push(run.info.run_id);
    token = answer.next_page_token;
  } while (token);
  return ids;
}

async function everyRunOneSearch(store: RestStore, experimentIds: string[]): Promise<Run[]> {
  const runs: Run[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.searchRuns({ experimentIds, viewType: 'ACTIVE_ONLY', maxResults: PAGE, ...(pageToken ? { pageToken } : {}) });
    runs.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return runs;
}

/** As the tree with every experiment expanded and "Load more" to the end: one listing per experiment, concurrently. */
async function everyRunPerExperiment(store: RestStore, experimentIds: string[]): Promise<Run[]> {
  const lists = await Promise.all(experimentIds.map((id) => everyRunOneSearch(store, [id])));
  return lists.flat();
}

function mlflowClient(url: string): Promise<{ wallMs: number; out: { ids: string[]; params: number; importMs: number; searchMs: number } }> {
  const mlflow = realMlflow();
  if (typeof mlflow === 'string') throw new Error(mlflow);
  const script = path.resolve(__dirname, '..', '..', 'test', 'bench', 'mlflowSearchRuns.py');
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(mlflow.python, [script, url, 'ALL'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`mlflowSearchRuns.py exited ${code}: ${Buffer.concat(err).toString('utf8').slice(-500)}`));
      else resolve({ wallMs: performance.now() - t0, out: JSON.parse(Buffer.concat(out).toString('utf8')) });
    });
  });
}

const canonical = (run: Run): string =>
  JSON.stringify([run.info, ...(['params', 'metrics', 'tags'] as const).map((part) => [...run.data[part]].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)))]);

async function main(): Promise<void> {
  const [database, experimentId, workers] = process.argv.slice(2);
  if (!database || !experimentId) throw new Error('usage: serverScale.bench.js <mlflow database> <experiment id> [workers]');
  const server = await startLiveMlflowServer({ database, workers: Number(workers ?? 4) });
  const times: Record<string, number> = {};
  try {
    const experiments = (await post(`${server.url}/api/2.0/mlflow/experiments/search`, { max_results: 50000 })) as { experiments: { experiment_id: string }[] };
    const experimentIds = experiments.experiments.map((e) => e.experiment_id);
    // Warm the workers (imports, SQLAlchemy's first queries; gunicorn hands the requests out), so the
    // first figure does not pay for them: one page of 1,000 per worker, concurrently.
    await Promise.all(Array.from({ length: Number(workers ?? 4) * 2 }, (_, i) =>
      post(`${server.url}/api/2.0/mlflow/runs/search`, { experiment_ids: [experimentIds[i % experimentIds.length]], max_results: PAGE })));

    const rawIds = await timed(times, 'raw', () => rawListing(server.url, experimentIds));
    const lensRuns = await timed(times, 'lensAll', () => everyRunOneSearch(new RestStore(server.url), experimentIds));
    const treeRuns = await timed(times, 'lensTree', () => everyRunPerExperiment(new RestStore(server.url), experimentIds));
    const firstPageStore = new RestStore(server.url);
    const firstPage = await timed(times, 'firstPage', async () => {
      await firstPageStore.searchExperiments({ viewType: 'ACTIVE_ONLY' });
      return firstPageStore.searchRuns({ experimentIds: [experimentId], viewType: 'ACTIVE_ONLY', maxResults: TREE_PAGE, include: { tags: true } });
    });
    const client = await mlflowClient(server.url);
    times.mlflowClientProcess = client.wallMs;
    times.mlflowClient = client.out.searchMs;

    const byId = new Map(lensRuns.map((r) => [r.info.run_id, canonical(r)]));
    const treeMismatches = treeRuns.filter((r) => byId.get(r.info.run_id) !== canonical(r)).map((r) => r.info.run_id);
    process.stdout.write(
      JSON.stringify({
        times,
        experimentIds,
        rawIds,
        lensRuns: lensRuns.map((r) => ({ info: r.info, data: r.data })),
        treeCount: treeRuns.length,
        treeMismatches: treeMismatches.slice(0, 5),
        treeMismatchCount: treeMismatches.length,
        firstPage: firstPage.items.map((r) => ({ info: r.info, data: r.data })),
        mlflowIds: client.out.ids,
        mlflowParams: client.out.params,
        mlflowImportMs: client.out.importMs,
      }),
    );
  } finally {
    await server.stop();
    agent.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
