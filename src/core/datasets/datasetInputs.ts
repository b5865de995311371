/**
 * A run's dataset inputs (what `mlflow.log_input` recorded) as people read them: name and digest,
 * the context tag, the source reduced to where the data lives, the schema's columns and the
 * profile. The same text in the run panel, the explorer and the runs table, whatever the store.
 * Every field is untrusted text from the store: callers render it as text only.
 */
import type { DatasetInput, KeyValue, Run } from '../model/entities';
import { DATASET_CONTEXT_TAG } from '../search/runFields';

type Dataset = DatasetInput['dataset'];

/** One dataset input, read. */
export interface DatasetSummary {
  name: string;
  digest: string;
  /** `mlflow.data.context` (`training`, `evaluation`), when the input has it. */
  context?: string;
  /** MLflow's source kind: `local`, `http`, `s3`, `code`, `delta_table`, `hugging_face`… */
  sourceType: string;
  /** Where the data lives (the source's `uri`, `url`, `path` or table), else the source as stored. */
  source: string;
  /** The source exactly as stored (MLflow writes JSON). */
  rawSource: string;
  /** The input's tags other than the context. */
  tags: KeyValue[];
  /** One `name: type` line per column when the schema is MLflow's colspec or tensor spec. */
  schemaColumns?: string[];
  /** The schema exactly as stored. */
  schema?: string;
  /** `num_rows: 105, num_elements: 525`, or the profile as stored when it is not a flat JSON object. */
  profile?: string;
}

const SOURCE_LOCATION_KEYS = ['uri', 'url', 'path', 'table_name', 'delta_table_name', 'path_or_name', 'dataset_name', 'sql'] as const;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function datasetContext(input: DatasetInput): string | undefined {
  return input.tags.find((t) => t.key === DATASET_CONTEXT_TAG)?.value;
}

/** `iris-train (2edc8d19)`: how a dataset is named in lists and groups (MLflow's UI shows the same pair). */
export function datasetLabel(dataset: Pick<Dataset, 'name' | 'digest'>): string {
  return dataset.digest ? `${dataset.name} (${dataset.digest})` : dataset.name;
}

/**
 * Where the data lives. MLflow stores the source as JSON (`{"uri": "s3://…"}`, a code source's
 * `{"tags": {"mlflow.source.name": …}}`); anything unreadable is shown as stored.
 */
export function sourceLocation(dataset: Pick<Dataset, 'source' | 'source_type'>): string {
  const parsed = parseJson(dataset.source);
  if (!isRecord(parsed)) return dataset.source;
  for (const key of SOURCE_LOCATION_KEYS) {
    const value = parsed[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  const tags = parsed['tags'];
  if (isRecord(tags) && typeof tags['mlflow.source.name'] === 'string') return tags['mlflow.source.name'];
  return dataset.source;
}

/** `sepal length (cm): double` per column of MLflow's colspec (`mlflow_colspec`) or tensor spec (`mlflow_tensorspec`). */
export function schemaColumns(schema: string | undefined): string[] | undefined {
  if (!schema) return undefined;
  const parsed = parseJson(schema);
  if (!isRecord(parsed)) return undefined;
  const colspec = parsed['mlflow_colspec'];
  if (Array.isArray(colspec)) {
    return colspec.filter(isRecord).map((c, i) => `${typeof c['name'] === 'string' ? c['name'] : `#${i}`}: ${typeText(c['type'])}${c['required'] === false ? ' (optional)' : ''}`);
  }
  const tensorspec = parsed['mlflow_tensorspec'];
  if (isRecord(tensorspec)) {
    const inner = typeof tensorspec['features'] === 'string' ? parseJson(tensorspec['features']) : tensorspec['features'];
    if (Array.isArray(inner)) {
      return inner.filter(isRecord).map((t, i) => {
        const shape = Array.isArray(t['shape']) ? ` [${t['shape'].map(String).join(', ')}]` : '';
        return `${typeof t['name'] === 'string' ? t['name'] : `#${i}`}: ${typeText(t['type'])}${shape}`;
      });
    }
  }
  return undefined;
}

function typeText(type: unknown): string {
  if (typeof type === 'string') return type;
  if (isRecord(type) && typeof type['type'] === 'string') return type['type'];
  return type === undefined ? 'unknown' : JSON.stringify(type);
}

/** A flat JSON profile as `key: value` pairs; anything else as stored. */
export function profileText(profile: string | undefined): string | undefined {
  if (profile === undefined || profile === '') return undefined;
  const parsed = parseJson(profile);
  if (!isRecord(parsed)) return profile;
  const entries = Object.entries(parsed);
  if (entries.length === 0 || entries.some(([, v]) => isRecord(v) || Array.isArray(v))) return profile;
  return entries.map(([k, v]) => `${k}: ${String(v)}`).join(', ');
}

export function summarizeInput(input: DatasetInput): DatasetSummary {
  const { dataset } = input;
  const summary: DatasetSummary = {
    name: dataset.name,
    digest: dataset.digest,
    sourceType: dataset.source_type,
    source: sourceLocation(dataset),
    rawSource: dataset.source,
    tags: input.tags.filter((t) => t.key !== DATASET_CONTEXT_TAG).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
  const context = datasetContext(input);
  if (context !== undefined) summary.context = context;
  const columns = schemaColumns(dataset.schema);
  if (columns) summary.schemaColumns = columns;
  if (dataset.schema) summary.schema = dataset.schema;
  const profile = profileText(dataset.profile);
  if (profile !== undefined) summary.profile = profile;
  return summary;
}

/** Stores list inputs in no fixed order (SQLite has no ORDER BY for them): by name, digest, then context. */
function compareInputs(a: DatasetSummary, b: DatasetSummary): number {
  for (const [x, y] of [[a.name, b.name], [a.digest, b.digest], [a.context ?? '', b.context ?? '']] as const) {
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The run's dataset inputs, summarized and in a stable order; empty when it has none or they were not read. */
export function runDatasets(run: Run): DatasetSummary[] {
  return (run.inputs?.dataset_inputs ?? []).map(summarizeInput).sort(compareInputs);
}

/** The distinct `name (digest)` labels of the run's inputs, in order: the runs table's value and groups. */
export function runDatasetLabels(run: Run): string[] {
  return [...new Set(runDatasets(run).map(datasetLabel))];
}
