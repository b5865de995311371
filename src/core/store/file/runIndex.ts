/**
 * The persistent index of runs that cannot change any more (FINISHED, FAILED, KILLED), kept
 * OUTSIDE the store in a cache folder, so a second listing of a large store only checks each
 * run's meta.yaml stamp (mtime + size) instead of reading every file. Written atomically (temp
 * file + rename); a missing, foreign or corrupt index is ignored and rebuilt.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DatasetInput, KeyValue, Metric, RunInfo } from '../../model/entities';
import type { Logger } from '../../log';
import { isInside } from '../../artifacts/artifactPath';
import type { FileStamp } from './readFs';
import type { PartProblems } from './runReader';

export interface IndexedRun {
  stamp: FileStamp;
  info: RunInfo;
  params: KeyValue[];
  metrics: Metric[];
  tags: KeyValue[];
  inputs: DatasetInput[];
  problems: PartProblems;
}

const FORMAT = 'mlflow-lens-run-index';
const VERSION = 1;

interface IndexFile {
  format: string;
  version: number;
  root: string;
  runs: Record<string, IndexedRun>;
}

function encodeNumber(v: number): number | string {
  return Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

function decodeNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  throw new Error('bad metric value');
}

function isRun(v: unknown): v is IndexedRun {
  const r = v as Partial<IndexedRun> | null;
  return !!r && typeof r === 'object' && !!r.stamp && typeof r.stamp.mtimeMs === 'number' && typeof r.stamp.size === 'number' &&
    !!r.info && typeof r.info.run_id === 'string' && Array.isArray(r.params) && Array.isArray(r.metrics) && Array.isArray(r.tags) && Array.isArray(r.inputs);
}

/** The index file of a store root inside `cacheDir`. */
export function indexFileFor(cacheDir: string, storeRoot: string): string {
  const hash = crypto.createHash('sha256').update(storeRoot).digest('hex').slice(0, 16);
  return path.join(cacheDir, `runs-${hash}.json`);
}

export class RunIndex {
  readonly file: string | undefined;
  private runs: Map<string, IndexedRun> | undefined;
  private loading: Promise<Map<string, IndexedRun>> | undefined;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    cacheDir: string,
    private readonly storeRoot: string,
    private readonly log: Logger,
  ) {
    const dir = path.resolve(cacheDir);
    // Never write inside the store, even when asked to.
    if (isInside(storeRoot, dir)) {
      log.warn(`run index disabled: cache folder ${dir} is inside the store ${storeRoot}`);
      this.file = undefined;
    } else {
      this.file = indexFileFor(dir, storeRoot);
    }
  }

  load(): Promise<Map<string, IndexedRun>> {
    if (this.runs) return Promise.resolve(this.runs);
    this.loading ??= this.read().then((m) => (this.runs = m));
    return this.loading;
  }

  private async read(): Promise<Map<string, IndexedRun>> {
    const map = new Map<string, IndexedRun>();
    if (!this.file) return map;
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch {
      return map;
    }
    try {
      const data = JSON.parse(text) as Partial<IndexFile>;
      if (data.format !== FORMAT || data.version !== VERSION || data.root !== this.storeRoot || !data.runs || typeof data.runs !== 'object') {
        this.log.info(`run index ${this.file} ignored: another format or store`);
        return map;
      }
      for (const [rel, run] of Object.entries(data.runs)) {
        if (!isRun(run)) continue;
        run.metrics = run.metrics.map((m) => ({ ...m, value: decodeNumber(m.value) }));
        map.set(rel, run);
      }
    } catch (e) {
      this.log.warn(`run index ${this.file} is corrupt and was ignored: ${e instanceof Error ? e.message : String(e)}`);
      map.clear();
    }
    return map;
  }

  get(rel: string): IndexedRun | undefined {
    return this.runs?.get(rel);
  }

  put(rel: string, run: IndexedRun): void {
    if (!this.runs || !this.file) return;
    this.runs.set(rel, run);
    this.dirty = true;
  }

  delete(rel: string): void {
    if (this.runs?.delete(rel)) this.dirty = true;
  }

  /** Saves a little later (listings come in pages; one write for the lot). */
  scheduleSave(delayMs = 1500): void {
    if (!this.dirty || this.timer || !this.file) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save().catch((e: unknown) => this.log.warn(`run index not saved: ${e instanceof Error ? e.message : String(e)}`));
    }, delayMs);
    this.timer.unref();
  }

  private serialize(): string {
    const body: IndexFile = { format: FORMAT, version: VERSION, root: this.storeRoot, runs: Object.fromEntries(this.runs ?? []) };
    return JSON.stringify(body, (key, value: unknown) => (key === 'value' && typeof value === 'number' ? encodeNumber(value) : value));
  }

  private tempFile(): string {
    return `${this.file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  }

  async save(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty || !this.file || !this.runs) return;
    this.dirty = false;
    const tmp = this.tempFile();
    try {
      await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
      await fs.promises.writeFile(tmp, this.serialize());
      await fs.promises.rename(tmp, this.file);
    } catch (e) {
      await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
      throw e;
    }
  }

  saveSync(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty || !this.file || !this.runs) return;
    this.dirty = false;
    const tmp = this.tempFile();
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(tmp, this.serialize());
      fs.renameSync(tmp, this.file);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      this.log.warn(`run index not saved: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
