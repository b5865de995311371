import type { Run } from '../model/entities';
import type { EntityType } from './filterAst';

/** The entity words MLflow accepts before the first dot (lower-case only). */
const ENTITY_WORDS: Readonly<Record<string, EntityType>> = {
  metric: 'metric',
  metrics: 'metric',
  parameter: 'parameter',
  parameters: 'parameter',
  param: 'parameter',
  params: 'parameter',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};

export function resolveEntity(word: string): EntityType | undefined {
  return Object.hasOwn(ENTITY_WORDS, word) ? ENTITY_WORDS[word] : undefined;
}

/** Written attribute keys MLflow's filter accepts, including aliases. */
export const SEARCHABLE_ATTRIBUTE_KEYS: readonly string[] = [
  'artifact_uri',
  'created',
  'Created',
  'end_time',
  'run_id',
  'run name',
  'Run name',
  'Run Name',
  'run_name',
  'start_time',
  'status',
  'user_id',
];

/** Attribute keys `order_by` accepts (the `run name` aliases are not among them). */
export const ORDERABLE_ATTRIBUTE_KEYS: readonly string[] = [
  'artifact_uri',
  'created',
  'Created',
  'end_time',
  'run_id',
  'run_name',
  'start_time',
  'status',
  'user_id',
];

export const ATTRIBUTE_ALIASES: Readonly<Record<string, string>> = {
  created: 'start_time',
  Created: 'start_time',
  'run name': 'run_name',
  'Run name': 'run_name',
  'Run Name': 'run_name',
};

/** Canonical numeric attributes (after alias resolution). */
export const NUMERIC_ATTRIBUTES: readonly string[] = ['start_time', 'end_time', 'created', 'Created'];

export const DATASET_KEYS: readonly string[] = ['name', 'digest', 'context'];

/** The input tag holding a dataset's context (`training`, `evaluation`). */
export const DATASET_CONTEXT_TAG = 'mlflow.data.context';

/** A canonical attribute of a run; undefined when the run has none (e.g. `end_time` while running). */
export function attributeValue(run: Run, key: string): string | number | undefined {
  const info = run.info;
  switch (key) {
    case 'run_id':
      return info.run_id;
    case 'run_name':
      return info.run_name;
    case 'status':
      return info.status;
    case 'user_id':
      return info.user_id;
    case 'artifact_uri':
      return info.artifact_uri;
    case 'start_time':
      return info.start_time ?? undefined;
    case 'end_time':
      return info.end_time ?? undefined;
    default:
      return undefined;
  }
}

/** Latest value of a metric (`run.data.metrics` holds latest values only). */
export function metricValue(run: Run, key: string): number | undefined {
  for (const m of run.data.metrics) if (m.key === key) return m.value;
  return undefined;
}

export function paramValue(run: Run, key: string): string | undefined {
  for (const p of run.data.params) if (p.key === key) return p.value;
  return undefined;
}

export function runTagValue(run: Run, key: string): string | undefined {
  for (const t of run.data.tags) if (t.key === key) return t.value;
  return undefined;
}
