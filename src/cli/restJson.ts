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
