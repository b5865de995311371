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
