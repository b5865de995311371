/**
 * The persistent index of runs that cannot change any more (FINISHED, FAILED, KILLED), kept
 * OUTSIDE the store in a cache folder, so a second listing of a large store only checks each
 * run's meta.yaml stamp (mtime + size) instead of reading every file. It is split into one file
 * per experiment folder, so listing one experiment, or finding one run, reads only that
 * experiment's part. A run is kept with the parts read so far (a filtered search reads only params
 * and metrics of the runs it rejects), so the next search reads only the parts the index lacks.
 * Each part is written atomically (temp file + rename); a missing, foreign or corrupt part is
 * ignored and rebuilt.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../log';
import { isInside } from '../../artifacts/artifactPath';
import { decodeRow, encodeRun, isRow, type IndexedRun, type Row } from './runIndexRows';

export type { IndexedRun } from './runIndexRows';

export const INDEX_FORMAT = 'mlflow-lens-run-index';
/** 5: one file per experiment folder; 4: `run_name` is MLflow's (`""` for an unnamed run, no longer
 * the id); 3: parts may be absent (null, `inputsUnread`); version 2 held whole runs only. */
export const INDEX_VERSION = 5;

interface IndexFile {
  format: string;
  version: number;
  root: string;
  /** The experiment folder, relative to the root (`123`, `.trash/123`). */
  experiment: string;
  keys: string[];
  runs: Row[];
}

/** The index folder of a store root inside `cacheDir`. */
export function indexDirFor(cacheDir: string, storeRoot: string): string {
  return path.join(cacheDir, `runs-${fnv1a64(storeRoot)}`);
}

/**
 * FNV-1a, 64 bits, as 16 hex digits: a folder name, not a secret (each part also records its root and
 * is ignored when the root differs). Not `node:crypto`: loading it took a few ms of every CLI listing.
 */
function fnv1a64(text: string): string {
  const prime = 0x100000001b3n;
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * prime);
  return hash.toString(16).padStart(16, '0');
}

/** Temp files of this process are told apart by a counter (and from other processes by the pid). */
let tempSerial = 0;

/** The index file of one experiment folder (relative to the store root, `/`-separated). */
export function indexFileFor(cacheDir: string, storeRoot: string, experimentRel: string): string {
  return path.join(indexDirFor(cacheDir, storeRoot), `exp-${encodeURIComponent(experimentRel)}.json`);
}

/** The experiment folder of a run folder, both relative to the root. */
export function experimentOf(runRel: string): string {
  return runRel.slice(0, Math.max(0, runRel.lastIndexOf('/')));
}

/** One experiment's runs: decoded, or rows still as read (decoded on first use). */
interface Part {
  runs: Map<string, IndexedRun | Row>;
  keys: string[];
  dirty: boolean;
}

export class RunIndex {
  /** The index folder, or undefined when the index is disabled. */
  readonly dir: string | undefined;
  private readonly cacheDir: string;
  private readonly parts = new Map<string, Part>();
  private readonly loading = new Map<string, Promise<Part>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    cacheDir: string,
    private readonly storeRoot: string,
    private readonly log: Logger,
  ) {
    this.cacheDir = path.resolve(cacheDir);
    // Never write inside the store, even when asked to.
    if (isInside(storeRoot, this.cacheDir)) {
      log.warn(`run index disabled: cache folder ${this.cacheDir} is inside the store ${storeRoot}`);
      this.dir = undefined;
    } else {
      this.dir = indexDirFor(this.cacheDir, storeRoot);
    }
  }

  /** Reads one experiment's part once; later calls resolve at once. */
  async load(experimentRel: string): Promise<void> {
    if (this.parts.has(experimentRel)) return;
    let loading = this.loading.get(experimentRel);
    if (!loading) {
      loading = this.read(experimentRel);
      this.loading.set(experimentRel, loading);
    }
    const part = await loading;
    this.loading.delete(experimentRel);
    if (!this.parts.has(experimentRel)) this.parts.set(experimentRel, part);
  }

  private async read(experimentRel: string): Promise<Part> {
    const part: Part = { runs: new Map(), keys: [], dirty: false };
    if (!this.dir) return part;
    const file = indexFileFor(this.cacheDir, this.storeRoot, experimentRel);
    let text: string;
    try {
      text = await fs.promises.readFile(file, 'utf8');
    } catch {
      return part;
    }
    try {
      const data = JSON.parse(text) as Partial<IndexFile>;
      if (
        data.format !== INDEX_FORMAT ||
        data.version !== INDEX_VERSION ||
        data.root !== this.storeRoot ||
        data.experiment !== experimentRel ||
        !Array.isArray(data.runs) ||
        !Array.isArray(data.keys)
      ) {
        this.log.info(`run index ${file} ignored: another format, store or experiment`);
        return part;
      }
      part.keys = data.keys.map(String);
      const prefix = `${experimentRel}/`;
      for (const row of data.runs) if (isRow(row) && row[0].startsWith(prefix)) part.runs.set(row[0], row);
    } catch (e) {
      this.log.warn(`run index ${file} is corrupt and was ignored: ${e instanceof Error ? e.message : String(e)}`);
      part.runs.clear();
    }
    return part;
  }

  /** The indexed run of a run folder (relative to the store root), decoded; undefined if absent, unreadable or its part not loaded. */
  get(rel: string): IndexedRun | undefined {
    const part = this.parts.get(experimentOf(rel));
    const value = part?.runs.get(rel);
    if (value === undefined || !Array.isArray(value)) return value;
    try {
      const run = decodeRow(value, part!.keys);
      part!.runs.set(rel, run);
      return run;
    } catch {
      part!.runs.delete(rel);
      part!.dirty = true;
      return undefined;
    }
  }

  /** Keeps a run; dropped when its experiment's part was never loaded (it would overwrite the file with one run). */
  put(rel: string, run: IndexedRun): void {
    const part = this.dir ? this.parts.get(experimentOf(rel)) : undefined;
    if (!part) return;
    part.runs.set(rel, run);
    part.dirty = true;
  }

  delete(rel: string): void {
    const part = this.parts.get(experimentOf(rel));
    if (part?.runs.delete(rel)) part.dirty = true;
  }

  /**
   * Forgets indexed runs of an experiment folder (relative path) that are no longer there (a run
   * removed by `mlflow gc`, an experiment moved to .trash), so the index does not grow forever.
   */
  retainOnly(experimentRel: string, folders: ReadonlySet<string>): void {
    const part = this.parts.get(experimentRel);
    if (!part) return;
    const prefix = `${experimentRel}/`;
    for (const rel of part.runs.keys()) {
      if (!folders.has(rel.slice(prefix.length))) {
        part.runs.delete(rel);
        part.dirty = true;
      }
    }
  }

  /** Drops the parts held in memory (written first if changed); they are read again when needed. */
  unload(): void {
    this.saveSync();
    this.parts.clear();
  }

  /** Saves a little later (listings come in pages; one write for the lot). */
  scheduleSave(delayMs = 1500): void {
    if (this.timer || !this.dir || ![...this.parts.values()].some((p) => p.dirty)) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save().catch((e: unknown) => this.log.warn(`run index not saved: ${e instanceof Error ? e.message : String(e)}`));
    }, delayMs);
    this.timer.unref();
  }

  private serialize(experimentRel: string, part: Part): string {
    const keys = new Map<string, number>();
    const key = (k: string): number => {
      let i = keys.get(k);
      if (i === undefined) {
        i = keys.size;
        keys.set(k, i);
      }
      return i;
    };
    const rows: Row[] = [];
    for (const rel of [...part.runs.keys()]) {
      const run = this.get(rel);
      if (run) rows.push(encodeRun(rel, run, key));
    }
    const body: IndexFile = { format: INDEX_FORMAT, version: INDEX_VERSION, root: this.storeRoot, experiment: experimentRel, keys: [...keys.keys()], runs: rows };
    return JSON.stringify(body);
  }

  /** The dirty parts, marked clean (a failed write marks its part dirty again). */
  private takeDirty(): [string, Part][] {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dir) return [];
    const dirty = [...this.parts].filter(([, part]) => part.dirty);
    for (const [, part] of dirty) part.dirty = false;
    return dirty;
  }

  private tempFile(file: string): string {
    return `${file}.${process.pid}.${(tempSerial++).toString(36)}.tmp`;
  }

  async save(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dir) return;
    const dirty = [...this.parts].filter(([, part]) => part.dirty).map(([experimentRel]) => experimentRel);
    if (dirty.length === 0) return;
    await fs.promises.mkdir(this.dir, { recursive: true });
    const failures: unknown[] = [];
    // One part per turn of the thread: serialising every dirty part at once held the extension
    // host's thread for hundreds of ms right when the user opened something. A part is taken at
    // its turn, so a `saveSync` meanwhile (the store closing) writes the rest.
    for (const experimentRel of dirty) {
      await new Promise((resolve) => setImmediate(resolve));
      const part = this.parts.get(experimentRel);
      if (!part?.dirty) continue;
      part.dirty = false;
      const file = indexFileFor(this.cacheDir, this.storeRoot, experimentRel);
      const tmp = this.tempFile(file);
      try {
        await fs.promises.writeFile(tmp, this.serialize(experimentRel, part));
        await fs.promises.rename(tmp, file);
      } catch (e) {
        part.dirty = true;
        failures.push(e);
        await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
      }
    }
    if (failures.length) throw failures[0];
  }

  saveSync(): void {
    const dirty = this.takeDirty();
    if (dirty.length === 0) return;
    for (const [experimentRel, part] of dirty) {
      const file = indexFileFor(this.cacheDir, this.storeRoot, experimentRel);
      const tmp = this.tempFile(file);
      try {
        fs.mkdirSync(this.dir!, { recursive: true });
        fs.writeFileSync(tmp, this.serialize(experimentRel, part));
        fs.renameSync(tmp, file);
      } catch (e) {
        fs.rmSync(tmp, { force: true });
        this.log.warn(`run index not saved: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
    }
  }
}
