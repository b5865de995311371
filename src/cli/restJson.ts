/**
 * Entities → the JSON MLflow's REST API prints: empty lists and absent fields omitted,
 * non-finite doubles as the strings "NaN", "Infinity", "-Infinity", keys in MLflow's order.
 */
import type { Experiment, KeyValue, Metric, Run } from '../core/model/entities';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function restDouble(v: number): number | string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return v;
}

/** Copies the defined entries of `fields` in order, dropping undefined values and empty lists. */
function compact(fields: Record<string, Json | undefined>): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out;
}

function keyValues(list: readonly KeyValue[]): Json[] {
  return list.map((t) => ({ key: t.key, value: t.value }));
}

export function experimentToJson(e: Experiment): Json {
  return compact({
    experiment_id: e.experiment_id,
    name: e.name,
    artifact_location: e.artifact_location,
    lifecycle_stage: e.lifecycle_stage,
    last_update_time: e.last_update_time,
    creation_time: e.creation_time,
    tags: keyValues(e.tags),
  });
}

export function metricToJson(m: Metric): Json {
  return compact({
    key: m.key,
    value: restDouble(m.value),
    timestamp: m.timestamp,
    step: m.step,
    dataset_name: m.dataset_name,
    dataset_digest: m.dataset_digest,
  });
}

export function runToJson(r: Run): Json {
  const i = r.info;
  return {
    info: compact({
      run_uuid: i.run_uuid,
      experiment_id: i.experiment_id,
      run_name: i.run_name,
      user_id: i.user_id,
      status: i.status,
      start_time: i.start_time,
      end_time: i.end_time,
      artifact_uri: i.artifact_uri,
      lifecycle_stage: i.lifecycle_stage,
      run_id: i.run_id,
    }),
    data: compact({
      metrics: r.data.metrics.map(metricToJson),
      params: keyValues(r.data.params),
      tags: keyValues(r.data.tags),
    }),
    inputs: r.inputs?.dataset_inputs.length
      ? {
          dataset_inputs: r.inputs.dataset_inputs.map((d) => ({
            tags: keyValues(d.tags),
            dataset: compact({ ...d.dataset }),
          })),
        }
      : {},
  };
}

/** Appends `"key":value` to a JSON members list, as JSON.stringify would (an undefined value is left out). */
function member(members: string, key: string, value: unknown): string {
  if (value === undefined) return members;
  return `${members}${members === '' ? '' : ','}"${key}":${JSON.stringify(value)}`;
}

function keyValuesText(list: readonly KeyValue[]): string {
  let out = '';
  for (const t of list) out += `${out === '' ? '' : ','}{${member(member('', 'key', t.key), 'value', t.value)}}`;
  return out;
}

function metricText(m: Metric): string {
  let out = member('', 'key', m.key);
  out = member(out, 'value', restDouble(m.value));
  out = member(out, 'timestamp', m.timestamp);
  out = member(out, 'step', m.step);
  out = member(out, 'dataset_name', m.dataset_name);
  return `{${member(out, 'dataset_digest', m.dataset_digest)}}`;
}

/**
 * `JSON.stringify(runToJson(r))`, written directly: listing an experiment prints hundreds of runs
 * with dozens of entries each, and building that object tree only to serialize it cost the CLI
 * more than reading the runs' index. Same keys, order and omissions (checked against runToJson in
 * test/unit/cli/restJson.test.ts).
 */
export function runJsonText(r: Run): string {
  const i = r.info;
  let info = member('', 'run_uuid', i.run_uuid);
  info = member(info, 'experiment_id', i.experiment_id);
  info = member(info, 'run_name', i.run_name);
  info = member(info, 'user_id', i.user_id);
  info = member(info, 'status', i.status);
  info = member(info, 'start_time', i.start_time);
  info = member(info, 'end_time', i.end_time);
  info = member(info, 'artifact_uri', i.artifact_uri);
  info = member(info, 'lifecycle_stage', i.lifecycle_stage);
  info = member(info, 'run_id', i.run_id);
  const lists: string[] = [];
  if (r.data.metrics.length > 0) lists.push(`"metrics":[${r.data.metrics.map(metricText).join(',')}]`);
  if (r.data.params.length > 0) lists.push(`"params":[${keyValuesText(r.data.params)}]`);
  if (r.data.tags.length > 0) lists.push(`"tags":[${keyValuesText(r.data.tags)}]`);
  // Dataset inputs are rare: they go through the general path.
  const inputs = r.inputs?.dataset_inputs.length ? JSON.stringify((runToJson(r) as { inputs: Json }).inputs) : '{}';
  return `{"info":{${info}},"data":{${lists.join(',')}},"inputs":${inputs}}`;
}
