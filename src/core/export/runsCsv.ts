/**
 * An experiment's runs as one CSV document, as a spreadsheet or pandas reads it: one row per run
 * (the store's filter and order applied), the run's attributes and times, then every param, metric
 * and tag key under MLflow's own column names (`params.lr`, `metrics.loss`, `tags.team`, as
 * `mlflow.search_runs` names them). Each metric has its latest value and the minimum and maximum of
 * its whole history. Written by the runs table's CSV writer, so formulas are defused the same way.
 */
import { RunTags, tagValue, type Run, type ViewType } from '../model/entities';
import { loadTableRuns } from '../table/runsSource';
import { toCsv } from '../table/csv';
import { readMetricExtremes, type Extremes } from '../table/metricExtremes';
import type { TrackingStore } from '../store/trackingStore';

export interface RunsCsvRequest {
  experimentIds: string[];
  /** MLflow's filter language, applied by the store. */
  filter?: string;
  orderBy?: string[];
  viewType?: ViewType;
  maxRuns?: number;
}

export interface RunsCsv {
  csv: string;
  runCount: number;
  /** Entries the store could not read (a corrupt run, a metric history), named; their cells are left empty. */
  problems: string[];
  /** True when `maxRuns` cut the listing. */
  truncated: boolean;
}

export const ATTRIBUTE_HEADERS = ['run_id', 'run_name', 'experiment_id', 'status', 'start_time', 'end_time', 'duration_s', 'user', 'parent_run_id'] as const;

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isoTime(ms: number | undefined): string | undefined {
  return ms === undefined || !Number.isFinite(ms) ? undefined : new Date(ms).toISOString();
}

function attributeCells(run: Run): (string | number | undefined)[] {
  const info = run.info;
  const duration = info.start_time !== undefined && info.end_time !== undefined ? (info.end_time - info.start_time) / 1000 : undefined;
  return [
    info.run_id,
    info.run_name || tagValue(run.data.tags, RunTags.runName),
    info.experiment_id,
    info.status,
    isoTime(info.start_time),
    isoTime(info.end_time),
    duration,
    info.user_id || tagValue(run.data.tags, RunTags.user),
    tagValue(run.data.tags, RunTags.parentRunId),
  ];
}

function sortedKeys(runs: readonly Run[], pick: (run: Run) => readonly { key: string }[]): string[] {
  const keys = new Set<string>();
  for (const run of runs) for (const kv of pick(run)) keys.add(kv.key);
  return [...keys].sort(byCodePoint);
}

/**
 * Reads the runs (every page), then the history of each metric of each run for its min and max
 * (`onProgress` says how far), and writes the CSV.
 */
export async function runsCsv(
  store: TrackingStore,
  request: RunsCsvRequest,
  signal?: AbortSignal,
  onProgress?: (message: string) => void,
): Promise<RunsCsv> {
  const loaded = await loadTableRuns(
    store,
    {
      experimentIds: request.experimentIds,
      ...(request.filter?.trim() ? { filter: request.filter } : {}),
      ...(request.orderBy?.length ? { orderBy: request.orderBy } : {}),
      ...(request.viewType ? { viewType: request.viewType } : {}),
      ...(request.maxRuns !== undefined ? { maxRuns: request.maxRuns } : {}),
    },
    signal,
    (count) => onProgress?.(`${count} runs read`),
  );
  const runs = loaded.runs;
  const problems = loaded.problems.map((p) => (p.location ? `${p.location}: ${p.message}` : p.message));
  const params = sortedKeys(runs, (r) => r.data.params);
  const metrics = sortedKeys(runs, (r) => r.data.metrics);
  const tags = sortedKeys(runs, (r) => r.data.tags);

  const extremes = new Map<string, Map<string, Extremes>>();
  for (const [i, key] of metrics.entries()) {
    onProgress?.(`metric ${i + 1} of ${metrics.length}: ${key}`);
    const withKey = runs.filter((r) => r.data.metrics.some((m) => m.key === key)).map((r) => r.info.run_id);
    const read = await readMetricExtremes(store, withKey, key, signal);
    extremes.set(key, read.extremes);
    problems.push(...read.problems);
  }

  const header = [
    ...ATTRIBUTE_HEADERS,
    ...params.map((k) => `params.${k}`),
    ...metrics.flatMap((k) => [`metrics.${k}`, `metrics.${k} (min)`, `metrics.${k} (max)`]),
    ...tags.map((k) => `tags.${k}`),
  ];
  const rows = runs.map((run) => {
    const paramOf = new Map(run.data.params.map((p) => [p.key, p.value]));
    const metricOf = new Map(run.data.metrics.map((m) => [m.key, m.value]));
    const tagOf = new Map(run.data.tags.map((t) => [t.key, t.value]));
    return [
      ...attributeCells(run),
      ...params.map((k) => paramOf.get(k)),
      ...metrics.flatMap((k) => {
        const range = extremes.get(k)?.get(run.info.run_id);
        return [metricOf.get(k), range?.min, range?.max];
      }),
      ...tags.map((k) => tagOf.get(k)),
    ];
  });
  return { csv: toCsv(header, rows), runCount: runs.length, problems, truncated: loaded.truncated };
}
