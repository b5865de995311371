/**
 * Spreads large batches of run reads over worker threads (all cores; file opens dominate and
 * overlap). Falls back to reading in this thread when the worker
 * script is missing or a worker fails.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Logger } from '../../log';
import type { ReadSelection } from './runReader';
import { StoreError, throwIfAborted } from '../storeErrors';
import { InThreadLoader, readTurn, type DataRequest, type InfoRequest, type ReadPriority, type RunLoader } from './runLoader';
import type { RunDataResult, RunInfoResult } from './runReader';
import { packDataTask, packInfoTask, unpackInfoResult, type PackedInfoResult, type WorkerReply, type WorkerTask } from './workerProtocol';

/** `indexWorker.js` next to the running bundle, when it exists. */
export function defaultWorkerScript(): string | undefined {
  const p = path.join(__dirname, 'indexWorker.js');
  return fs.existsSync(p) ? p : undefined;
}

type Pending = {
  task: WorkerTask;
  /** Runs in the task. */
  runs: number;
  priority: ReadPriority | undefined;
  resolve: (r: PackedInfoResult[] | RunDataResult[]) => void;
  reject: (e: Error) => void;
};

/**
 * Runs queued or in flight per worker before another worker starts: starting one costs about
 * 100 ms of CPU (Node's bootstrap), as much as reading a few hundred runs in a running worker.
 */
const RUNS_PER_WORKER = 300;
/** Idle this long, the workers stop (a later read starts them again in tens of ms). */
export const WORKER_IDLE_MS = 5_000;
/**
 * A worker reads small files and sends back small results: a young generation of 8 MB is plenty,
 * where V8's default lets each worker grow tens of MB of garbage inside the extension host (10,000
 * runs' infos and data over 4 workers: peak RSS 350 → 265 MB, the same CPU time). The old
 * generation is left alone: a worker out of memory would send the whole store to this thread.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

interface Slot {
  worker: Worker;
  current?: Pending;
}

type TaskFactory = (id: number) => WorkerTask;

export class WorkerPoolLoader implements RunLoader {
  private readonly size: number;
  private slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private broken = false;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly fallback = new InThreadLoader();
  /** Loaded on the first batch: a warm listing starts no worker and need not load the module. */
  private workerClass: typeof Worker | undefined;
  /** A background batch is waiting for its gate to clear. */
  private awaitingTurn = false;

  constructor(
    private readonly script: string,
    size: number | undefined,
    private readonly log: Logger,
    private readonly idleMs: number = WORKER_IDLE_MS,
  ) {
    const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    // Reading a store waits on file opens more than it computes: two threads per core keep more
    // opens in flight (a 2-core machine gets 4), capped so a big machine does not spawn dozens.
    this.size = Math.max(1, size ?? Math.min(8, Math.max(2, cores * 2)));
  }

  async readInfos(requests: InfoRequest[], signal?: AbortSignal, priority?: ReadPriority): Promise<RunInfoResult[]> {
    const packed = await this.runChunked(requests, (chunk) => (id) => packInfoTask(id, chunk), signal, () => this.fallback.readInfos(requests, signal), priority);
    return (packed as PackedInfoResult[]).map(unpackInfoResult);
  }

  async readData(requests: DataRequest[], include: ReadSelection, signal?: AbortSignal): Promise<RunDataResult[]> {
    return this.runChunked(requests, (chunk) => (id) => packDataTask(id, chunk, include), signal, () => this.fallback.readData(requests, include, signal)) as Promise<RunDataResult[]>;
  }

  private async runChunked<T extends InfoRequest | DataRequest>(
    requests: T[],
    task: (chunk: T[]) => TaskFactory,
    signal: AbortSignal | undefined,
    fallback: () => Promise<RunInfoResult[] | RunDataResult[]>,
    priority?: ReadPriority,
  ): Promise<(PackedInfoResult | RunDataResult)[]> {
    throwIfAborted(signal);
    if (this.broken) return fallback();
    this.workerClass ??= (await import('node:worker_threads')).Worker;
    const lanes = Math.max(1, Math.min(this.size, Math.ceil(requests.length / RUNS_PER_WORKER)));
    // Small chunks balance the workers and let a cancel stop early; large ones cost fewer messages.
    const chunkSize = Math.max(16, Math.min(250, Math.ceil(requests.length / (lanes * 2))));
    const chunks: T[][] = [];
    for (let i = 0; i < requests.length; i += chunkSize) chunks.push(requests.slice(i, i + chunkSize));
    try {
      const parts = await Promise.all(chunks.map((c) => this.submit(task(c), c.length, signal, priority)));
      return parts.flat();
    } catch (e) {
      if (StoreError.is(e, 'cancelled')) throw e;
      this.log.warn(`index workers failed (${e instanceof Error ? e.message : String(e)}); reading in this thread`);
      this.broken = true;
      this.dispose();
      return fallback();
    }
  }

  private submit(factory: TaskFactory, runs: number, signal?: AbortSignal, priority?: ReadPriority): Promise<PackedInfoResult[] | RunDataResult[]> {
    return new Promise((resolve, reject) => {
      const task = factory(this.nextId++);
      const pending: Pending = { task, runs, priority, resolve, reject };
      if (signal) {
        const onAbort = () => {
          const i = this.queue.indexOf(pending);
          if (i >= 0) this.queue.splice(i, 1);
          reject(new StoreError('cancelled', 'The operation was cancelled.'));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        const done = () => signal.removeEventListener('abort', onAbort);
        pending.resolve = (r) => {
          done();
          resolve(r);
        };
        pending.reject = (e) => {
          done();
          reject(e);
        };
      }
      this.queue.push(pending);
      this.pump();
    });
  }

  /** Workers the queued and running work justifies (at least one). */
  private wantedWorkers(): number {
    let runs = 0;
    for (const p of this.queue) runs += p.runs;
    for (const s of this.slots) runs += s.current?.runs ?? 0;
    return Math.max(1, Math.min(this.size, Math.ceil(runs / RUNS_PER_WORKER)));
  }

  private pump(): void {
    if (this.idleTimer !== undefined) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
    }
    while (this.queue.length > 0) {
      // What the user waits for goes first; background batches keep their order behind it, and
      // wait while their gate holds.
      const urgent = this.queue.findIndex((p) => !p.priority?.background);
      if (urgent < 0 && this.waitTurn(this.queue[0]!)) break;
      let slot = this.slots.find((s) => !s.current);
      if (!slot && this.slots.length < this.wantedWorkers()) slot = this.spawn();
      if (!slot) return;
      const next = this.queue.splice(Math.max(0, urgent), 1)[0]!;
      slot.current = next;
      slot.worker.ref();
      slot.worker.postMessage(next.task);
    }
    if (this.slots.length > 0 && this.slots.every((s) => !s.current)) {
      this.idleTimer = setTimeout(() => this.stopIdleWorkers(), this.idleMs);
      this.idleTimer.unref?.();
    }
  }

  /** True when `pending` must wait for its turn; the queue is pumped again once it comes. */
  private waitTurn(pending: Pending): boolean {
    const turn = readTurn(pending.priority);
    if (!turn) return false;
    if (!this.awaitingTurn) {
      this.awaitingTurn = true;
      void turn.then(() => {
        this.awaitingTurn = false;
        this.pump();
      });
    }
    return true;
  }

  /**
   * Each worker is a V8 isolate of its own (tens of MB in the extension host): once the store's reads
   * are done they stop, and the next cold read starts them again (a warm listing needs none).
   */
  private stopIdleWorkers(): void {
    this.idleTimer = undefined;
    const idle = this.slots.filter((s) => !s.current);
    this.slots = this.slots.filter((s) => s.current);
    for (const s of idle) void s.worker.terminate();
  }

  /** Workers alive now (for tests). */
  get liveWorkers(): number {
    return this.slots.length;
  }

  private spawn(): Slot {
    const worker = new this.workerClass!(this.script, { resourceLimits: WORKER_LIMITS });
    const slot: Slot = { worker };
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const p = slot.current;
      slot.current = undefined;
      worker.unref();
      if (p && p.task.id === reply.id) {
        if (reply.ok) p.resolve(reply.results);
        else p.reject(new Error(reply.error));
      }
      this.pump();
    });
    const fail = (err: Error) => {
      this.slots = this.slots.filter((s) => s !== slot);
      const p = slot.current;
      slot.current = undefined;
      p?.reject(err);
      // Whatever was queued behind a dead worker fails too; the caller falls back.
      for (const q of this.queue.splice(0)) q.reject(err);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (slot.current || this.slots.includes(slot)) fail(new Error(`index worker exited with code ${code}`));
    });
    this.slots.push(slot);
    return slot;
  }

  dispose(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const slots = this.slots;
    this.slots = [];
    for (const s of slots) {
      s.current?.reject(new StoreError('cancelled', 'The store was closed.'));
      s.current = undefined;
      void s.worker.terminate();
    }
    for (const q of this.queue.splice(0)) q.reject(new StoreError('cancelled', 'The store was closed.'));
  }
}
