/**
 * The minimum and maximum of one metric's whole history per run, for metric columns switched from
 * the latest value to min or max. Reads typed columns where the store offers them, else the history.
 */
import { collectPages } from '../model/paging';
import type { TrackingStore } from '../store/trackingStore';

export interface Extremes {
  /** Over the non-NaN points (±Infinity included); NaN when every point is NaN. */
  min: number;
  max: number;
}

export function extremesOf(values: ArrayLike<number>): Extremes | undefined {
  if (values.length === 0) return undefined;
  let min = Infinity;
  let max = -Infinity;
  let seen = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    seen = true;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return seen ? { min, max } : { min: NaN, max: NaN };
}

async function runExtremes(store: TrackingStore, runId: string, key: string, signal?: AbortSignal): Promise<Extremes | undefined> {
  if (store.readMetricColumns) return extremesOf((await store.readMetricColumns(runId, key, undefined, signal)).values);
  const points = await collectPages(async (pageToken) => store.getMetricHistory(runId, key, pageToken ? { pageToken } : {}, signal));
  return extremesOf(points.map((p) => p.value));
}

/**
 * Extremes of `key` for each run, `concurrency` reads at a time. A run whose history cannot be read
 * is left out and named in `problems` (its cell then shows nothing rather than a wrong number).
 */
export async function readMetricExtremes(
  store: TrackingStore,
  runIds: readonly string[],
  key: string,
  signal?: AbortSignal,
  concurrency = 8,
): Promise<{ extremes: Map<string, Extremes>; problems: string[] }> {
  const extremes = new Map<string, Extremes>();
  const problems: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < runIds.length) {
      const runId = runIds[next++] as string;
      signal?.throwIfAborted();
      try {
        const found = await runExtremes(store, runId, key, signal);
        if (found) extremes.set(runId, found);
      } catch (error) {
        if (signal?.aborted) throw error;
        problems.push(`metric ${key} of run ${runId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, runIds.length) }, worker));
  return { extremes, problems };
}
