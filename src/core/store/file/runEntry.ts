/** What the file store keeps per run folder, and the copies of it that searches hand out. */
import type { DatasetInput, KeyValue, Metric, Run, RunInfo } from '../../model/entities';
import type { StoreProblem } from '../storeErrors';
import type { RunDataSelection } from '../trackingStore';
import type { FileStamp } from './readFs';
import type { PartProblems, ReadSelection, RunLocation } from './runReader';

export interface RunEntry {
  loc: RunLocation;
  info: RunInfo;
  stamp: FileStamp;
  params?: KeyValue[];
  metrics?: Metric[];
  tags?: KeyValue[];
  inputs?: DatasetInput[];
  /** Problems met while reading the loaded parts of the data. */
  dataProblems: PartProblems;
}

export interface RunListing {
  entries: RunEntry[];
  problems: StoreProblem[];
}

export type Parts = Required<ReadSelection>;
/** A whole run, as getRun and an unrestricted search return it. */
export const ALL_DATA: Parts = { params: true, metrics: true, tags: true, inputs: true };
export const PARTS = ['params', 'metrics', 'tags', 'inputs'] as const;

/** The parts a search returns: everything without `include` (inputs too), else what it names. */
export function selection(include: RunDataSelection | undefined): Parts {
  if (!include) return ALL_DATA;
  return { params: !!include.params, metrics: !!include.metrics, tags: !!include.tags, inputs: !!include.inputs };
}

export function union(a: Parts, b: Partial<Parts>): Parts {
  return { params: a.params || !!b.params, metrics: a.metrics || !!b.metrics, tags: a.tags || !!b.tags, inputs: a.inputs || !!b.inputs };
}

export function missingParts(e: RunEntry, want: Parts): ReadSelection | undefined {
  const need = {
    params: want.params && !e.params,
    metrics: want.metrics && !e.metrics,
    tags: want.tags && !e.tags,
    inputs: want.inputs && !e.inputs,
  };
  return need.params || need.metrics || need.tags || need.inputs ? need : undefined;
}

/** The run as stored (shared arrays): for filtering and ordering only. */
export function runView(e: RunEntry): Run {
  return {
    info: e.info,
    data: { metrics: e.metrics ?? [], params: e.params ?? [], tags: e.tags ?? [] },
    inputs: { dataset_inputs: e.inputs ?? [] },
  };
}

/** A copy the caller may keep, with the selected parts only. */
export function toRun(e: RunEntry, want: Parts): Run {
  const run: Run = {
    info: { ...e.info },
    data: {
      metrics: want.metrics ? [...(e.metrics ?? [])] : [],
      params: want.params ? [...(e.params ?? [])] : [],
      tags: want.tags ? [...(e.tags ?? [])] : [],
    },
  };
  if (want.inputs) run.inputs = { dataset_inputs: [...(e.inputs ?? [])] };
  return run;
}

/**
 * A string cut out of a file's text (a regex capture, a line of `split`) is a slice that keeps the
 * whole text alive: runs read in this thread kept every meta.yaml they came from (4.5 MiB over the
 * 10,000-run bench store). What an entry keeps is copied out flat. V8 copies short strings anyway.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** Most distinct strings `sharedString` keeps; past it, strings are only copied out. */
const MAX_SHARED = 4096;
const sharedStrings = new Map<string, string>();

/**
 * One copy of a value most runs repeat (a tag or param key, a user, an experiment id, the stage):
 * 10,000 runs kept 10,000 copies of each. Bounded, so a store of unique keys cannot grow it forever.
 */
export function sharedString(s: string): string {
  const known = sharedStrings.get(s);
  if (known !== undefined) return known;
  const own = ownString(s);
  if (sharedStrings.size < MAX_SHARED && s.length <= 256) sharedStrings.set(own, own);
  return own;
}

/** The run's info as an entry keeps it (see ownString, sharedString); `folder`: its run folder's name, usually the id. */
export function compactInfo(info: RunInfo, folder?: string): RunInfo {
  const runId = info.run_id === folder ? folder : ownString(info.run_id);
  const out: RunInfo = {
    ...info,
    run_id: runId,
    run_uuid: info.run_uuid === info.run_id ? runId : ownString(info.run_uuid),
    run_name: ownString(info.run_name),
    experiment_id: sharedString(info.experiment_id),
    user_id: sharedString(info.user_id),
    status: sharedString(info.status) as RunInfo['status'],
    artifact_uri: ownString(info.artifact_uri),
    lifecycle_stage: sharedString(info.lifecycle_stage) as RunInfo['lifecycle_stage'],
  };
  return out;
}

/** Params or tags as an entry keeps them: shared keys, values copied out. */
export function compactKeyValues(list: KeyValue[]): KeyValue[] {
  return list.map((kv) => ({ key: sharedString(kv.key), value: ownString(kv.value) }));
}

/** Metrics as an entry keeps them: shared keys (values are numbers). */
export function compactMetrics(list: Metric[]): Metric[] {
  for (const m of list) m.key = sharedString(m.key);
  return list;
}
