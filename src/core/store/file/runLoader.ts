/**
 * Reads batches of run folders. `InThreadLoader` uses async fs with bounded concurrency (the
 * extension host's thread stays responsive); the worker pool (`workerPool.ts`) spreads large
 * batches over cores. Both return results in request order.
 */
import type { ReadSelection } from './runReader';
import { throwIfAborted } from '../storeErrors';
import { asyncReadFs, type FileStamp, type ReadFs } from './readFs';
import { readRunData, readRunInfo, type RunDataResult, type RunInfoResult, type RunLocation } from './runReader';

export interface InfoRequest {
  loc: RunLocation;
  /** The meta.yaml stamp the persistent index holds: answer `unchanged` when it still matches. */
  known?: FileStamp;
}

export interface DataRequest {
  loc: RunLocation;
  runId: string;
}

/**
 * Whether a batch was asked for in the background (counting runs for the tree) and may wait behind
 * what the user asked for; set `background` back to false to move its queued reads ahead.
 */
export interface ReadPriority {
  background: boolean;
}

export interface RunLoader {
  readInfos(requests: InfoRequest[], signal?: AbortSignal, priority?: ReadPriority): Promise<RunInfoResult[]>;
  readData(requests: DataRequest[], include: ReadSelection, signal?: AbortSignal): Promise<RunDataResult[]>;
  dispose(): void;
}

/** Maps `items` through `fn` with at most `limit` calls in flight, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < items.length) {
      throwIfAborted(signal);
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

export class InThreadLoader implements RunLoader {
  constructor(
    private readonly fs: ReadFs = asyncReadFs,
    private readonly concurrency = 16,
  ) {}

  readInfos(requests: InfoRequest[], signal?: AbortSignal, priority?: ReadPriority): Promise<RunInfoResult[]> {
    // A background batch keeps few reads in flight, so the user's reads are not queued behind it.
    const lanes = priority?.background ? Math.min(4, this.concurrency) : this.concurrency;
    return mapLimit(requests, lanes, (r) => readRunInfo(this.fs, r.loc, r.known), signal);
  }

  readData(requests: DataRequest[], include: ReadSelection, signal?: AbortSignal): Promise<RunDataResult[]> {
    const datasets = new Map();
    return mapLimit(requests, this.concurrency, (r) => readRunData(this.fs, r.loc, r.runId, include, datasets), signal);
  }

  dispose(): void {}
}
