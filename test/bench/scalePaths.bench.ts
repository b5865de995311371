// Issue 12: what the extension asks of a store at scale, timed inside one fresh process (no process
// start in the figures), through the view's own functions where they are plain TypeScript
// (countFilterMatches), with the options of src/connection/storeFactory.ts. Prints JSON for
// cases/scale.mjs to check value by value.
//
// Usage: node out/bench/scalePaths.bench.js <mode> <tracking uri> <cache dir|-> <worker script|-> [args…]
//   filter  <experiment id> <filter>      every experiment listed (the tree after expanding each), then
//                                         the filter: per-experiment match counts + one experiment's first page,
//                                         then the next keystroke (the filter with one more clause)
//   open    <experiment id> <run id>      the experiment list, that experiment's first page while every
//                                         experiment is counted in the background, then getRun of a run
//                                         of another experiment (Open Run Details)
//   scale   <experiment id> <filter> <metric>   first page, filter counts, sort by a metric, every run
//   build                                 the tree's run count of every experiment (background, as RunCounts asks:
//                                         the cold index build), then its read-ahead, with the store's progress events
import { openStore } from '../../src/core/store/openStore';
import type { Run } from '../../src/core/model/entities';
import type { BackgroundProgress, TrackingStore } from '../../src/core/store/trackingStore';
import { countFilterMatches } from '../../src/views/explorer/filterMatchCounts';
import { openRunDetails } from '../../src/panels/runDetailsState';

const PAGE = 200;

/** CPU time of the whole process (every thread) per step, beside wall time: on a loaded machine it is the steadier figure. */
const cpuTimes: Record<string, number> = {};

function timed<T>(times: Record<string, number>, name: string, work: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  return work().then((value) => {
    times[name] = performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpuTimes[name] = (c.user + c.system) / 1000;
    return value;
  });
}

async function experimentIds(store: TrackingStore): Promise<string[]> {
  const page = await store.searchExperiments({ viewType: 'ACTIVE_ONLY', maxResults: 50000 });
  return page.items.map((e) => e.experiment_id);
}

const firstPage = (store: TrackingStore, experimentIds: string[], extra: { filter?: string; orderBy?: string[] } = {}) =>
  store.searchRuns({ experimentIds, viewType: 'ACTIVE_ONLY', maxResults: PAGE, include: { tags: true }, ...extra });

const summary = (runs: Run[]) => runs.map((r) => ({ info: r.info, data: r.data }));

async function filterMode(store: TrackingStore, [experimentId, filter]: string[]): Promise<object> {
  const times: Record<string, number> = {};
  const ids = await experimentIds(store);
  // The tree after every experiment was expanded once: listings (and the index) in memory.
  await timed(times, 'listAll', () => Promise.all(ids.map((id) => firstPage(store, [id]))));
  // The user reads the tree before typing: the file store reads unfinished runs' data meanwhile.
  await timed(times, 'settle', async () => (store as { settled?(): Promise<void> }).settled?.());
  const counts = await timed(times, 'counts', () => countFilterMatches(store, ids, filter!, 'ACTIVE_ONLY'));
  const page = await timed(times, 'page', () => firstPage(store, [experimentId!], { filter: filter! }));
  // The next keystroke: another filter over the same listings (the first one read what the index lacked).
  const next = `${filter!} and metrics.accuracy < 0.99`;
  const nextCounts = await timed(times, 'nextCounts', () => countFilterMatches(store, ids, next, 'ACTIVE_ONLY'));
  await timed(times, 'nextPage', () => firstPage(store, [experimentId!], { filter: next }));
  return {
    figureMs: times.counts! + times.page!,
    times,
    counts: Object.fromEntries([...counts].map(([id, m]) => [id, m.count])),
    nextCounts: Object.fromEntries([...nextCounts].map(([id, m]) => [id, m.count])),
    runs: summary(page.items),
  };
}

async function openMode(store: TrackingStore, [experimentId, runId]: string[]): Promise<object> {
  const times: Record<string, number> = {};
  const ids = await timed(times, 'experiments', () => experimentIds(store));
  // As RunCounts does: every experiment counted in the background, never awaited by the tree.
  const counting = store.countRuns?.({ experimentIds: ids, viewType: 'ACTIVE_ONLY' });
  const page = await timed(times, 'page', () => firstPage(store, [experimentId!]));
  const run = await timed(times, 'getRun', () => store.getRun(runId!));
  // The Run Details panel's whole read (the run, its experiment, child runs, artifacts), as the panel does it.
  const details = await timed(times, 'runDetails', async () => (await openRunDetails(store, runId!)).state);
  const counts = await timed(times, 'countsDone', async () => (counting ? await counting : new Map<string, number>()));
  // Every experiment listed as the tree's count asks, then the background read-ahead (finished runs' tags, unfinished runs' data) done.
  await timed(times, 'readAhead', async () => {
    await Promise.all(ids.map((id) => store.searchRuns({ experimentIds: [id], viewType: 'ACTIVE_ONLY', maxResults: 1, include: { params: false, metrics: false, tags: false } })));
    await (store as { settled?(): Promise<void> }).settled?.();
  });
  return { figureMs: Math.max(times.experiments!, times.page!, times.getRun!), times, counts: Object.fromEntries(counts), runs: summary(page.items), run, detailsRunName: details.overview?.runName };
}

async function scaleMode(store: TrackingStore, [experimentId, filter, metric]: string[]): Promise<object> {
  const times: Record<string, number> = {};
  const ids = await timed(times, 'experiments', () => experimentIds(store));
  const page = await timed(times, 'page', () => firstPage(store, [experimentId!]));
  const counts = await timed(times, 'filter', () => countFilterMatches(store, ids, filter!, 'ACTIVE_ONLY'));
  const sorted = await timed(times, 'sort', () => firstPage(store, [experimentId!], { orderBy: [`metrics.\`${metric!}\` DESC`] }));
  let listed = 0;
  let checksum = 0;
  await timed(times, 'listAll', async () => {
    let pageToken: string | undefined;
    do {
      const p = await store.searchRuns({ experimentIds: ids, viewType: 'ACTIVE_ONLY', maxResults: 1000, ...(pageToken ? { pageToken } : {}) });
      listed += p.items.length;
      for (const r of p.items) checksum += r.data.params.length + r.data.metrics.length + r.data.tags.length;
      pageToken = p.nextPageToken;
    } while (pageToken);
  });
  return {
    figureMs: times.page,
    times,
    counts: Object.fromEntries([...counts].map(([id, m]) => [id, m.count])),
    runs: summary(page.items).map((r) => r.info.run_id),
    sorted: sorted.items.map((r) => [r.info.run_id, r.data.metrics.find((m) => m.key === metric)?.value]),
    listed,
    checksum,
    rssMiB: process.memoryUsage().rss / 2 ** 20,
  };
}

async function buildMode(store: TrackingStore): Promise<object> {
  const times: Record<string, number> = {};
  const opened = performance.now();
  let events = 0;
  let firstMs: number | undefined;
  let last: BackgroundProgress | undefined;
  const subscription = store.backgroundWork?.onProgress((p) => {
    events++;
    firstMs ??= performance.now() - opened;
    last = p;
  });
  const ids = await timed(times, 'experiments', () => experimentIds(store));
  const counts = await timed(times, 'counts', async () => (await store.countRuns?.({ experimentIds: ids, viewType: 'ACTIVE_ONLY' })) ?? new Map<string, number>());
  await timed(times, 'readAhead', async () => (store as { settled?(): Promise<void> }).settled?.());
  subscription?.dispose();
  return { figureMs: times.counts, times, counts: Object.fromEntries(counts), progress: { events, firstMs, last } };
}

async function main(): Promise<void> {
  const [mode, uri, cacheDir, workerScript, ...args] = process.argv.slice(2);
  const modes: Record<string, (store: TrackingStore, args: string[]) => Promise<object>> = { filter: filterMode, open: openMode, scale: scaleMode, build: buildMode };
  const run = mode ? modes[mode] : undefined;
  if (!run || !uri || !cacheDir || !workerScript) throw new Error('usage: scalePaths.bench.js filter|open|scale <tracking uri> <cache dir|-> <worker script|-> [args…]');
  const store = openStore(uri, {
    ...(cacheDir !== '-' && { cacheDir }),
    ...(workerScript !== '-' && { workerScript }),
  });
  try {
    process.stdout.write(JSON.stringify({ ...(await run(store, args)), cpuTimes }));
  } finally {
    store.dispose();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
