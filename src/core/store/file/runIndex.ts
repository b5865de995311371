/**
 * The persistent index of runs that cannot change any more (FINISHED, FAILED, KILLED), kept
 * OUTSIDE the store in a cache folder, so a second listing of a large store only checks each
 * run's meta.yaml stamp (mtime + size) instead of reading every file. A run is kept with the parts
 * read so far (a filtered search reads only params and metrics of the runs it rejects), so the
 * next search reads only the parts the index lacks. Written atomically (temp file + rename); a
 * missing, foreign or corrupt index is ignored and rebuilt.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DatasetInput, KeyValue, Metric, RunInfo } from '../../model/entities';
import type { Logger } from '../../log';
import { isInside } from '../../artifacts/artifactPath';
import type { FileStamp } from './readFs';
import type { PartProblems } from './runReader';

/** A finished run; a part left undefined was not read yet. */
export interface IndexedRun {
  stamp: FileStamp;
  info: RunInfo;
  params?: KeyValue[];
  metrics?: Metric[];
  tags?: KeyValue[];
  inputs?: DatasetInput[];
  problems: PartProblems;
}

export const INDEX_FORMAT = 'mlflow-lens-run-index';
/** 4: `run_name` is MLflow's (`""` for an unnamed run, no longer the id); 3: parts may be absent (null,
 * `inputsUnread`); version 2 held whole runs only. */
export const INDEX_VERSION = 4;

/**
 * One run as stored: flat arrays (JSON.parse builds far fewer objects than for entity JSON, which
 * matters at 10,000 runs): `[rel, mtimeMs, size, run_id, run_name, experiment_id, user_id, status,
 * artifact_uri, lifecycle_stage, start_time|null, end_time|null, params, metrics, tags, extra]`,
 * where params/tags are `[keyIndex, value, …]`, metrics `[keyIndex, value, timestamp, step, …]`
 * (non-finite values as "NaN"/"Infinity"/"-Infinity") or null when not read, and `extra` holds the
 * rare parts (metric datasets, inputs, problems) or 0.
 */
type Flat = (number | string)[] | null;
type Row = [string, number, number, string, string, string, string, string, string, string, number | null, number | null, Flat, Flat, Flat, Extra | 0];

interface Extra {
  /** Dataset name and digest of metrics, by metric position. */
  md?: [number, string, string][];
  inputs?: DatasetInput[];
  /** The dataset inputs were not read (absent `inputs` otherwise means none). */
  inputsUnread?: 1;
  problems?: PartProblems;
}

const isFlat = (v: unknown): boolean => v === null || Array.isArray(v);

interface IndexFile {
  format: string;
  version: number;
  root: string;
  keys: string[];
  runs: Row[];
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

const STATUSES = new Set(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED']);

function decodeRow(row: Row, keys: readonly string[]): IndexedRun {
  const [, mtimeMs, size, runId, runName, experimentId, userId, status, artifactUri, stage, start, end, p, m, t, extra] = row;
  if (typeof mtimeMs !== 'number' || typeof size !== 'number' || typeof runId !== 'string' || !STATUSES.has(status) || (stage !== 'active' && stage !== 'deleted')) {
    throw new Error('bad row');
  }
  const key = (i: number | string | undefined): string => {
    const k = typeof i === 'number' ? keys[i] : undefined;
    if (k === undefined) throw new Error('bad key index');
    return k;
  };
  const info: RunInfo = {
    run_id: runId,
    run_uuid: runId,
    run_name: String(runName),
    experiment_id: String(experimentId),
    user_id: String(userId),
    status: status as RunInfo['status'],
    artifact_uri: String(artifactUri),
    lifecycle_stage: stage,
  };
  if (typeof start === 'number') info.start_time = start;
  if (typeof end === 'number') info.end_time = end;
  const keyValues = (flat: (number | string)[]): KeyValue[] => {
    const out: KeyValue[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ key: key(flat[i]), value: String(flat[i + 1]) });
    return out;
  };
  const run: IndexedRun = { stamp: { mtimeMs, size }, info, problems: (extra && extra.problems) || {} };
  if (p) run.params = keyValues(p);
  if (t) run.tags = keyValues(t);
  if (m) {
    const metrics: Metric[] = [];
    for (let i = 0; i < m.length; i += 4) {
      metrics.push({ key: key(m[i]), value: decodeNumber(m[i + 1]), timestamp: Number(m[i + 2]), step: Number(m[i + 3]) });
    }
    for (const [index, name, digest] of (extra && extra.md) || []) {
      const metric = metrics[index];
      if (metric) {
        metric.dataset_name = name;
        metric.dataset_digest = digest;
      }
    }
    run.metrics = metrics;
  }
  if (!(extra && extra.inputsUnread)) run.inputs = (extra && extra.inputs) || [];
  return run;
}

function encodeRun(rel: string, run: IndexedRun, key: (k: string) => number): Row {
  const i = run.info;
  const extra: Extra = {};
  const md: [number, string, string][] = [];
  run.metrics?.forEach((m, index) => {
    if (m.dataset_name !== undefined || m.dataset_digest !== undefined) md.push([index, m.dataset_name ?? '', m.dataset_digest ?? '']);
  });
  if (md.length) extra.md = md;
  if (!run.inputs) extra.inputsUnread = 1;
  else if (run.inputs.length) extra.inputs = run.inputs;
  if (Object.values(run.problems).some((list) => list && list.length)) extra.problems = run.problems;
  return [
    rel,
    run.stamp.mtimeMs,
    run.stamp.size,
    i.run_id,
    i.run_name,
    i.experiment_id,
    i.user_id,
    i.status,
    i.artifact_uri,
    i.lifecycle_stage,
    i.start_time ?? null,
    i.end_time ?? null,
    run.params ? run.params.flatMap((p) => [key(p.key), p.value]) : null,
    run.metrics ? run.metrics.flatMap((m) => [key(m.key), encodeNumber(m.value), m.timestamp, m.step]) : null,
    run.tags ? run.tags.flatMap((t) => [key(t.key), t.value]) : null,
    Object.keys(extra).length ? extra : 0,
  ];
}

/** The index file of a store root inside `cacheDir`. */
export function indexFileFor(cacheDir: string, storeRoot: string): string {
  const hash = crypto.createHash('sha256').update(storeRoot).digest('hex').slice(0, 16);
  return path.join(cacheDir, `runs-${hash}.json`);
}

export class RunIndex {
  readonly file: string | undefined;
  /** Decoded runs, or rows still as read (decoded on first use). */
  private runs: Map<string, IndexedRun | Row> | undefined;
  private keys: string[] = [];
  /** Indexed run paths by experiment folder, so pruning one experiment does not scan them all (may hold paths since deleted). */
  private byExperiment = new Map<string, Set<string>>();
  private loading: Promise<void> | undefined;
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

  /** Reads the index file once; later calls resolve at once. */
  load(): Promise<void> {
    if (this.runs) return Promise.resolve();
    this.loading ??= this.read().then((m) => {
      this.runs = m;
      for (const rel of m.keys()) this.group(rel);
    });
    return this.loading;
  }

  private async read(): Promise<Map<string, IndexedRun | Row>> {
    const map = new Map<string, IndexedRun | Row>();
    if (!this.file) return map;
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch {
      return map;
    }
    try {
      const data = JSON.parse(text) as Partial<IndexFile>;
      if (data.format !== INDEX_FORMAT || data.version !== INDEX_VERSION || data.root !== this.storeRoot || !Array.isArray(data.runs) || !Array.isArray(data.keys)) {
        this.log.info(`run index ${this.file} ignored: another format or store`);
        return map;
      }
      this.keys = data.keys.map(String);
      for (const row of data.runs) {
        if (Array.isArray(row) && row.length === 16 && typeof row[0] === 'string' && isFlat(row[12]) && isFlat(row[13]) && isFlat(row[14])) {
          map.set(row[0], row);
        }
      }
    } catch (e) {
      this.log.warn(`run index ${this.file} is corrupt and was ignored: ${e instanceof Error ? e.message : String(e)}`);
      map.clear();
    }
    return map;
  }

  /** The indexed run of a run folder (relative to the store root), decoded; undefined if absent or unreadable. */
  get(rel: string): IndexedRun | undefined {
    const value = this.runs?.get(rel);
    if (value === undefined || !Array.isArray(value)) return value;
    try {
      const run = decodeRow(value, this.keys);
      this.runs!.set(rel, run);
      return run;
    } catch {
      this.runs!.delete(rel);
      this.dirty = true;
      return undefined;
    }
  }

  put(rel: string, run: IndexedRun): void {
    if (!this.runs || !this.file) return;
    this.runs.set(rel, run);
    this.group(rel);
    this.dirty = true;
  }

  private group(rel: string): void {
    const experimentRel = rel.slice(0, Math.max(0, rel.lastIndexOf('/')));
    let set = this.byExperiment.get(experimentRel);
    if (!set) this.byExperiment.set(experimentRel, (set = new Set()));
    set.add(rel);
  }

  delete(rel: string): void {
    if (this.runs?.delete(rel)) this.dirty = true;
  }

  /**
   * Forgets indexed runs of an experiment folder (relative path) that are no longer there (a run
   * removed by `mlflow gc`, an experiment moved to .trash), so the index does not grow forever.
   */
  retainOnly(experimentRel: string, folders: ReadonlySet<string>): void {
    const group = this.byExperiment.get(experimentRel);
    if (!this.runs || !group) return;
    const prefix = `${experimentRel}/`;
    for (const rel of group) {
      if (!this.runs.has(rel)) group.delete(rel);
      else if (!folders.has(rel.slice(prefix.length))) {
        this.runs.delete(rel);
        group.delete(rel);
        this.dirty = true;
      }
    }
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
    for (const rel of [...(this.runs?.keys() ?? [])]) {
      const run = this.get(rel);
      if (run) rows.push(encodeRun(rel, run, key));
    }
    const body: IndexFile = { format: INDEX_FORMAT, version: INDEX_VERSION, root: this.storeRoot, keys: [...keys.keys()], runs: rows };
    return JSON.stringify(body);
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
