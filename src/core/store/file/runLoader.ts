/**
 * Reads batches of run folders. `InThreadLoader` reads in this thread in short slices of blocking
 * calls (the extension host's thread stays responsive), switching to async fs where the disk is
 * slow; the worker pool (`workerPool.ts`) spreads very large batches over cores. Both return
 * results in request order.
 */
import type { ReadSelection } from './runReader';
import { throwIfAborted } from '../storeErrors';
import { asyncReadFs, countingReadFs, syncReadFs, type FileStamp, type ReadFs } from './readFs';
import { readRunData, readRunInfo, type RunDataResult, type RunInfoResult, type RunLocation } from './runReader';
import { monotonicMs } from '../../clock';
import type { BackgroundGate } from './backgroundQueue';

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
  /** Checked between batches while `background` holds. */
  gate?: BackgroundGate;
}

/** Resolves when a batch of this priority may be read (background batches wait while the gate holds). */
export function readTurn(priority: ReadPriority | undefined): Promise<void> | undefined {
  return priority?.background && priority.gate?.holding() ? priority.gate.whenClear() : undefined;
}

export interface RunLoader {
  readInfos(requests: InfoRequest[], signal?: AbortSignal, priority?: ReadPriority): Promise<RunInfoResult[]>;
  readData(requests: DataRequest[], include: ReadSelection, signal?: AbortSignal, priority?: ReadPriority): Promise<RunDataResult[]>;
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

/** Blocking reads between two yields of the thread: well under a frame, so input and IPC stay prompt. */
const SLICE_MS = 8;
/** A background batch yields sooner, so what the user asks for meanwhile waits less. */
const BACKGROUND_SLICE_MS = 4;
/**
 * Fewer blocking calls than this in a whole slice (1–2 ms or more each) means a slow (network) disk,
 * where one blocking call could stall the thread: the rest of the batch is read with async calls.
 * Counted per call, not per run: one run's data is dozens of files, and counting runs sent every
 * local read of a few running runs' data down the slower async path.
 */
const MIN_CALLS_PER_SLICE = 4;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface SliceOptions {
  /** Blocking calls behind resolved promises (`syncReadFs`). */
  blockingFs: ReadFs;
  /** Used for the rest of the batch once a slice shows the disk is slow. */
  asyncFs: ReadFs;
  sliceMs: number;
  /** Async reads in flight. */
  lanes: number;
  signal?: AbortSignal | undefined;
  /** Between slices, the batch also waits for this (see `readTurn`). */
  priority?: ReadPriority | undefined;
}

/**
 * Maps `items` in order through `read`, first with `blockingFs` (sequentially, in slices of
 * `sliceMs` with a yield of the thread between them), then, once a slice shows the disk is slow,
 * the rest with `asyncFs` at most `lanes` in flight. On a local disk a blocking read of a small
 * file costs a fraction of an async one (no thread-pool round trip, no promise per step): 500
 * runs' meta.yaml in ~25 ms against ~70 ms of CPU and several times the wall time with fs.promises.
 */
export async function mapInSlices<T, R>(items: readonly T[], read: (fs: ReadFs, item: T) => Promise<R>, options: SliceOptions): Promise<R[]> {
  const out = new Array<R>(items.length);
  const counted = countingReadFs(options.blockingFs);
  let i = 0;
  while (i < items.length) {
    const started = monotonicMs();
    const callsBefore = counted.calls();
    while (i < items.length && monotonicMs() - started < options.sliceMs) {
      // Checked before each item, as with async reads: a cancel stops the batch at its next item.
      throwIfAborted(options.signal);
      out[i] = await read(counted.fs, items[i]!);
      i++;
    }
    if (i >= items.length) break;
    if (counted.calls() - callsBefore < MIN_CALLS_PER_SLICE) {
      const rest = await mapLimit(items.slice(i), options.lanes, (item) => read(options.asyncFs, item), options.signal);
      rest.forEach((r, j) => (out[i + j] = r));
      break;
    }
    await nextTurn();
    await readTurn(options.priority);
  }
  return out;
}

export class InThreadLoader implements RunLoader {
  /**
   * `blockingFs`: the same reads as blocking calls, used in short slices while they are fast
   * (`undefined`: `fs` only, `concurrency` in flight).
   */
  constructor(
    private readonly fs: ReadFs = asyncReadFs,
    private readonly concurrency = 16,
    private readonly blockingFs: ReadFs | undefined = syncReadFs,
  ) {}

  readInfos(requests: InfoRequest[], signal?: AbortSignal, priority?: ReadPriority): Promise<RunInfoResult[]> {
    // A background batch keeps few reads in flight and short slices, so the user's reads are not queued behind it.
    const background = !!priority?.background;
    const lanes = background ? Math.min(4, this.concurrency) : this.concurrency;
    const read = (fs: ReadFs, r: InfoRequest) => readRunInfo(fs, r.loc, r.known);
    if (!this.blockingFs) return mapLimit(requests, lanes, (r) => read(this.fs, r), signal);
    return mapInSlices(requests, read, { blockingFs: this.blockingFs, asyncFs: this.fs, sliceMs: background ? BACKGROUND_SLICE_MS : SLICE_MS, lanes, signal, priority });
  }

  readData(requests: DataRequest[], include: ReadSelection, signal?: AbortSignal, priority?: ReadPriority): Promise<RunDataResult[]> {
    const datasets = new Map();
    const background = !!priority?.background;
    const read = (fs: ReadFs, r: DataRequest) => readRunData(fs, r.loc, r.runId, include, datasets);
    if (!this.blockingFs) return mapLimit(requests, this.concurrency, (r) => read(this.fs, r), signal);
    return mapInSlices(requests, read, { blockingFs: this.blockingFs, asyncFs: this.fs, sliceMs: background ? BACKGROUND_SLICE_MS : SLICE_MS, lanes: this.concurrency, signal, priority });
  }

  dispose(): void {}
}
