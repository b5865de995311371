/**
 * The runs table's columns: the run attributes first, then every param, metric and tag key found
 * in the listed runs. A column id is `<kind>:<key>` (`param:lr`, `metric:val/loss`, `attr:start`),
 * so keys with `/`, `.`, spaces or `:` stay unambiguous (only the first `:` separates).
 */
import { runDatasetLabels } from '../datasets/datasetInputs';
import { RunTags, tagValue, type Run } from '../model/entities';

export type ColumnKind = 'attribute' | 'param' | 'metric' | 'tag';

export interface TableColumn {
  id: string;
  kind: ColumnKind;
  key: string;
  label: string;
}

/** The attribute columns, in display order. */
export const ATTRIBUTE_COLUMNS: readonly TableColumn[] = [
  { id: 'attr:name', kind: 'attribute', key: 'name', label: 'Run name' },
  { id: 'attr:status', kind: 'attribute', key: 'status', label: 'Status' },
  { id: 'attr:start', kind: 'attribute', key: 'start', label: 'Started' },
  { id: 'attr:duration', kind: 'attribute', key: 'duration', label: 'Duration' },
  { id: 'attr:user', kind: 'attribute', key: 'user', label: 'User' },
  { id: 'attr:source', kind: 'attribute', key: 'source', label: 'Source' },
  { id: 'attr:version', kind: 'attribute', key: 'version', label: 'Version' },
];

/** The runs' dataset inputs (`name (digest)`, comma-separated): a column only when some listed run logged one. */
export const DATASETS_COLUMN: TableColumn = { id: 'attr:datasets', kind: 'attribute', key: 'datasets', label: 'Datasets' };

const PREFIX: Record<ColumnKind, string> = { attribute: 'attr', param: 'param', metric: 'metric', tag: 'tag' };
const KIND_OF_PREFIX: Record<string, ColumnKind> = { attr: 'attribute', param: 'param', metric: 'metric', tag: 'tag' };

export function columnId(kind: ColumnKind, key: string): string {
  return `${PREFIX[kind]}:${key}`;
}

/** The kind and key of a column id, or undefined for an id no column can have. */
export function parseColumnId(id: string): { kind: ColumnKind; key: string } | undefined {
  const colon = id.indexOf(':');
  if (colon <= 0) return undefined;
  const kind = KIND_OF_PREFIX[id.slice(0, colon)];
  const key = id.slice(colon + 1);
  if (!kind || key === '') return undefined;
  if (kind === 'attribute' && key !== DATASETS_COLUMN.key && !ATTRIBUTE_COLUMNS.some((c) => c.key === key)) return undefined;
  return { kind, key };
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Attribute columns, then params, metrics and tags found in `runs`, each group sorted by key. */
export function collectColumns(runs: Iterable<Run>): TableColumn[] {
  const params = new Set<string>();
  const metrics = new Set<string>();
  const tags = new Set<string>();
  let datasets = false;
  for (const run of runs) {
    if (run.inputs?.dataset_inputs.length) datasets = true;
    for (const p of run.data.params) params.add(p.key);
    for (const m of run.data.metrics) metrics.add(m.key);
    for (const t of run.data.tags) tags.add(t.key);
  }
  const group = (kind: ColumnKind, keys: Set<string>): TableColumn[] =>
    [...keys].sort(byCodePoint).map((key) => ({ id: columnId(kind, key), kind, key, label: key }));
  return [...ATTRIBUTE_COLUMNS, ...(datasets ? [DATASETS_COLUMN] : []), ...group('param', params), ...group('metric', metrics), ...group('tag', tags)];
}

/** A run's attribute value as the table shows and sorts it (numbers for times, text otherwise). */
export function attributeValue(run: Run, key: string, now: number): string | number | undefined {
  const info = run.info;
  switch (key) {
    case 'name':
      return info.run_name || tagValue(run.data.tags, RunTags.runName) || undefined;
    case 'status':
      return info.status;
    case 'start':
      return info.start_time;
    case 'duration':
      if (info.start_time === undefined) return undefined;
      if (info.end_time !== undefined) return info.end_time - info.start_time;
      return info.status === 'RUNNING' ? now - info.start_time : undefined;
    case 'user':
      return info.user_id || tagValue(run.data.tags, RunTags.user) || undefined;
    case 'source':
      return tagValue(run.data.tags, RunTags.sourceName);
    case 'version':
      return tagValue(run.data.tags, RunTags.gitCommit);
    case 'datasets':
      return runDatasetLabels(run).join(', ') || undefined;
    default:
      return undefined;
  }
}

/** The parent run id MLflow records on a nested run. */
export function parentRunId(run: Run): string | undefined {
  return tagValue(run.data.tags, RunTags.parentRunId) || undefined;
}
