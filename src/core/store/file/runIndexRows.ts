/**
 * How the persistent run index stores a run: flat JSON rows (see `Row`) with keys interned per
 * index file, decoded back into entities on first use. No I/O here.
 */
import type { DatasetInput, KeyValue, Metric, RunInfo } from '../../model/entities';
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


/**
 * One run as stored: flat arrays (JSON.parse builds far fewer objects than for entity JSON, which
 * matters at 10,000 runs): `[rel, mtimeMs, size, run_id, run_name, experiment_id, user_id, status,
 * artifact_uri, lifecycle_stage, start_time|null, end_time|null, params, metrics, tags, extra]`,
 * where params/tags are `[keyIndex, value, …]`, metrics `[keyIndex, value, timestamp, step, …]`
 * (non-finite values as "NaN"/"Infinity"/"-Infinity") or null when not read, and `extra` holds the
 * rare parts (metric datasets, inputs, problems) or 0.
 */
export type Flat = (number | string)[] | null;
export type Row = [string, number, number, string, string, string, string, string, string, string, number | null, number | null, Flat, Flat, Flat, Extra | 0];

interface Extra {
  /** Dataset name and digest of metrics, by metric position. */
  md?: [number, string, string][];
  inputs?: DatasetInput[];
  /** The dataset inputs were not read (absent `inputs` otherwise means none). */
  inputsUnread?: 1;
  problems?: PartProblems;
}

const isFlat = (v: unknown): boolean => v === null || Array.isArray(v);

/** A row as read from disk is checked this far before it is kept (decoding checks the rest). */
export function isRow(row: unknown): row is Row {
  return Array.isArray(row) && row.length === 16 && typeof row[0] === 'string' && isFlat(row[12]) && isFlat(row[13]) && isFlat(row[14]);
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

export function decodeRow(row: Row, keys: readonly string[]): IndexedRun {
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

export function encodeRun(rel: string, run: IndexedRun, key: (k: string) => number): Row {
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
