/**
 * Parses the `meta.yaml` files of a file store (experiments, runs, registry) into MLflow entities.
 * PyYAML wrote them (`safe_dump`, YAML 1.1), across MLflow 0.x–3.x: ids may be ints, `status` is an
 * int, `lifecycle_stage` may be missing. Every problem names the file it comes from.
 */
import { parse } from 'yaml';
import type { Experiment, LifecycleStage, RunInfo, RunStatus } from '../../model/entities';

export class MetaError extends Error {}

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$/;
const DECIMAL = /^(?:0|-?[1-9][0-9]*)$/;
/** Plain scalars that are strings under YAML 1.1 whatever the resolver: no indicator, no number shape. */
const SAFE_PLAIN = /^[A-Za-z/.][A-Za-z0-9_./:@+=%,()~ -]*$/;
const HEX_ID = /^[0-9a-f]{8,64}$/;
/** YAML 1.1 words that resolve to booleans or null (any case PyYAML would recognise). */
const RESERVED = /^(?:y|n|yes|no|on|off|true|false|null|nan|inf|\.inf|\.nan|\.[0-9].*)$|: | #|[ :]$/i;

/**
 * The flat `key: scalar` documents PyYAML's safe_dump writes for almost every meta.yaml, read
 * without the full parser (it costs ~0.2 ms a document; a large store has tens of thousands).
 * Returns undefined for anything it does not fully understand (double quotes, folded lines,
 * nested maps, unusual plain scalars), which then goes to the `yaml` package.
 */
export function parseFlatMeta(text: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const m = KEY_LINE.exec(line);
    if (!m) return undefined;
    const key = m[1]!;
    const raw = m[2] ?? '';
    let value: unknown;
    if (raw === '' || raw === 'null' || raw === '~') value = null;
    else if (raw === 'true' || raw === 'false') value = raw === 'true';
    else if (raw === '[]') value = [];
    else if (raw === '{}') value = {};
    else if (DECIMAL.test(raw)) value = BigInt(raw);
    else if (raw.startsWith("'")) {
      if (raw.length < 2 || !raw.endsWith("'")) return undefined;
      const inner = raw.slice(1, -1);
      if (/'(?!')/.test(inner.replace(/''/g, ''))) return undefined;
      value = inner.replace(/''/g, "'");
    } else if ((SAFE_PLAIN.test(raw) && !RESERVED.test(raw)) || (HEX_ID.test(raw) && /[a-f]/.test(raw) && !/^[0-9]+e[0-9]+$/.test(raw))) {
      value = raw;
    } else return undefined;
    if (key in out) return undefined;
    out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A YAML mapping read from a meta.yaml; throws `MetaError` when the file is not a mapping. */
export function parseMetaYaml(text: string): Record<string, unknown> {
  if (text.trim() === '') throw new MetaError('empty meta.yaml');
  const flat = parseFlatMeta(text);
  if (flat) return flat;
  let value: unknown;
  try {
    // YAML 1.1 as PyYAML writes it; ints as bigint so 18-digit ids never lose digits.
    value = parse(text, { version: '1.1', intAsBigInt: true, uniqueKeys: false, maxAliasCount: 100 });
  } catch (e) {
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new MetaError(`invalid YAML: ${first}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MetaError('meta.yaml is not a mapping');
  }
  return value as Record<string, unknown>;
}

/** A scalar as MLflow's Python would print it (`0` for an int id), or undefined when absent/null. */
export function asString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') {
    return typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value);
  }
  if (value instanceof Date) return value.toISOString();
  return undefined;
}

/** An integer field (epoch ms, status), or undefined when absent/null/not a number. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

const RUN_STATUS: Record<number, RunStatus> = {
  1: 'RUNNING',
  2: 'SCHEDULED',
  3: 'FINISHED',
  4: 'FAILED',
  5: 'KILLED',
};
const STATUS_NAMES = new Set<string>(Object.values(RUN_STATUS));

/** `status` int (or, defensively, its name) → MLflow's string; missing → RUNNING as MLflow does. */
export function runStatus(value: unknown): RunStatus | undefined {
  if (value === undefined || value === null) return 'RUNNING';
  const n = asNumber(value);
  if (n !== undefined) return RUN_STATUS[n];
  const s = asString(value)?.toUpperCase();
  return s && STATUS_NAMES.has(s) ? (s as RunStatus) : undefined;
}

export function lifecycleStage(value: unknown): LifecycleStage | undefined {
  const s = asString(value);
  if (s === undefined || s === '') return 'active';
  return s === 'active' || s === 'deleted' ? s : undefined;
}

/** Terminal statuses: a run in one of these no longer changes (the persistent index keeps it). */
export function isTerminalStatus(status: RunStatus): boolean {
  return status === 'FINISHED' || status === 'FAILED' || status === 'KILLED';
}

/**
 * Experiment meta.yaml → Experiment (tags are read from the `tags/` folder by the caller).
 * `folderName` is the experiment id MLflow expects; a different `experiment_id` is an error.
 */
export function experimentFromMeta(meta: Record<string, unknown>, folderName: string, inTrash: boolean): Experiment {
  const id = asString(meta.experiment_id);
  if (id === undefined) throw new MetaError('experiment_id is missing');
  if (id !== folderName) throw new MetaError(`experiment_id '${id}' differs from its folder name '${folderName}'`);
  const name = asString(meta.name);
  if (name === undefined) throw new MetaError('name is missing');
  const stage = lifecycleStage(meta.lifecycle_stage);
  if (stage === undefined) throw new MetaError(`unknown lifecycle_stage '${asString(meta.lifecycle_stage)}'`);
  const experiment: Experiment = {
    experiment_id: id,
    name,
    artifact_location: asString(meta.artifact_location) ?? '',
    // Everything under .trash is deleted, whatever its YAML says (pre-2.3 stores keep `active`).
    lifecycle_stage: inTrash ? 'deleted' : stage,
    tags: [],
  };
  const created = asNumber(meta.creation_time);
  const updated = asNumber(meta.last_update_time);
  if (created !== undefined) experiment.creation_time = created;
  if (updated !== undefined) experiment.last_update_time = updated;
  return experiment;
}

/**
 * Run meta.yaml → RunInfo. `runName` from the tag `mlflow.runName` is the caller's fallback, as in MLflow's
 * FileStore (`run_name` → tag → `""`: a legacy meta's `name` is not a RunInfo field and MLflow drops it).
 * Display fallbacks (the run id as a label) belong to the presentation. Throws `MetaError` for a run MLflow
 * would not list.
 */
export function runInfoFromMeta(
  meta: Record<string, unknown>,
  folderName: string,
  experimentFolder: string,
  inTrash: boolean,
  runNameTag: string | undefined,
): RunInfo {
  const runId = nonEmpty(asString(meta.run_id)) ?? nonEmpty(asString(meta.run_uuid)) ?? folderName;
  const experimentId = asString(meta.experiment_id);
  if (experimentId === undefined) throw new MetaError('experiment_id is missing');
  if (experimentId !== experimentFolder) {
    throw new MetaError(`experiment_id '${experimentId}' differs from the experiment folder '${experimentFolder}'`);
  }
  const status = runStatus(meta.status);
  if (status === undefined) throw new MetaError(`unknown status '${asString(meta.status)}'`);
  const stage = lifecycleStage(meta.lifecycle_stage);
  if (stage === undefined) throw new MetaError(`unknown lifecycle_stage '${asString(meta.lifecycle_stage)}'`);
  const info: RunInfo = {
    run_id: runId,
    run_uuid: runId,
    run_name: nonEmpty(asString(meta.run_name)) ?? nonEmpty(runNameTag) ?? '',
    experiment_id: experimentId,
    user_id: asString(meta.user_id) ?? '',
    status,
    artifact_uri: asString(meta.artifact_uri) ?? '',
    lifecycle_stage: inTrash ? 'deleted' : stage,
  };
  const start = asNumber(meta.start_time);
  const end = asNumber(meta.end_time);
  if (start !== undefined) info.start_time = start;
  if (end !== undefined) info.end_time = end;
  return info;
}

/** True when the run meta lacks a usable `run_name`, so the caller must read the tag. */
export function needsRunNameTag(meta: Record<string, unknown>): boolean {
  return nonEmpty(asString(meta.run_name)) === undefined;
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}
