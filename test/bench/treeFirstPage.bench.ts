// Bench case (c): what the Experiments view asks of a store when it is first opened and one
// experiment is expanded (the calls of src/views/explorer/explorerProvider.ts, with the options of
// src/connection/storeFactory.ts), in a fresh process. Prints the runs and in-process timings as
// JSON for run.mjs to check.
// Usage: node out/bench/treeFirstPage.bench.js <tracking uri> <experiment id> <page size> <cache dir> <worker script>
import { openStore } from '../../src/core/store/openStore';

async function main(): Promise<void> {
  const [uri, experimentId, pageSize, cacheDir, workerScript] = process.argv.slice(2);
  if (!uri || !experimentId || !pageSize || !cacheDir || !workerScript) {
    throw new Error('usage: treeFirstPage.bench.js <tracking uri> <experiment id> <page size> <cache dir> <worker script>');
  }
  const t0 = performance.now();
  const store = openStore(uri, { cacheDir, workerScript });
  const t1 = performance.now();
  const experiments = await store.searchExperiments({ viewType: 'ACTIVE_ONLY' });
  const t2 = performance.now();
  const page = await store.searchRuns({
    experimentIds: [experimentId],
    viewType: 'ACTIVE_ONLY',
    maxResults: Number(pageSize),
    include: { tags: true },
  });
  const t3 = performance.now();
  store.dispose();
  process.stdout.write(
    JSON.stringify({
      experiments: experiments.items.length,
      runs: page.items,
      problems: [...experiments.problems, ...page.problems],
      openMs: t1 - t0,
      experimentsMs: t2 - t1,
      runsMs: t3 - t2,
    }),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
