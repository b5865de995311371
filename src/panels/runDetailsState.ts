/**
 * Builds the run panel's state from a store: the run, its experiment name, parent and children,
 * a summary of every metric's history (filled after the rest), and the top level of its artifacts.
 * Each optional part that fails becomes a problem line instead of failing the panel. Pure (no `vscode`).
 */
import { historyCacheOf, historyVersion, type HistoryCache } from '../core/metrics/historyCache';
import { readWholeHistory } from '../core/metrics/historyWindow';
import { summarizeSeries, type MetricSeries } from '../core/metrics/metricSeries';
import { runDatasets, type DatasetSummary } from '../core/datasets/datasetInputs';
import { RunTags, tagValue, type FileInfo, type Run } from '../core/model/entities';
import type { TrackingStore } from '../core/store/trackingStore';
import {
  toWireNumber,
  type ArtifactEntry,
  type MetricSummaryRow,
  type RunDatasetRow,
  type RunDetailsState,
  type RunLink,
  type RunOverview,
} from '../shared/webviewProtocol';
import { mapLimited } from './metricHistory';
/** Parts of the run panel that come from other store calls than `getRun`. */
export interface RunDetailsExtras {
  experimentName?: string;
  parent?: RunLink;
  children: RunLink[];
  metrics: MetricSummaryRow[];
  artifacts: ArtifactEntry[];
  artifactsNote?: string;
  problems: string[];
}

export function runDetailsState(run: Run, extras: RunDetailsExtras): RunDetailsState {
  const { info, data } = run;
  const tags = data.tags;
  const overview: RunOverview = {
    runId: info.run_id,
    runName: runDisplayName(run),
    experimentId: info.experiment_id,
    status: info.status,
    lifecycleStage: info.lifecycle_stage,
    user: info.user_id || tagValue(tags, RunTags.user) || '',
    artifactUri: info.artifact_uri,
    children: extras.children,
  };
  if (extras.experimentName !== undefined) overview.experimentName = extras.experimentName;
  if (info.start_time !== undefined) overview.startTime = info.start_time;
  if (info.end_time !== undefined) overview.endTime = info.end_time;
  if (extras.parent) overview.parent = extras.parent;
  const fromTags = { sourceName: RunTags.sourceName, sourceType: RunTags.sourceType, gitCommit: RunTags.gitCommit, gitBranch: RunTags.gitBranch } as const;
  for (const [field, tag] of Object.entries(fromTags) as [keyof typeof fromTags, string][]) {
    const value = tagValue(tags, tag);
    if (value !== undefined) overview[field] = value;
  }
  const state: RunDetailsState = {
    overview,
    params: [...data.params].sort((a, b) => a.key.localeCompare(b.key)),
    metrics: extras.metrics,
    tags: [...tags].sort((a, b) => a.key.localeCompare(b.key)),
    datasets: runDatasets(run).map(datasetRow),
    artifacts: extras.artifacts,
    problems: extras.problems,
    restore: { runId: info.run_id },
  };
  const description = tagValue(tags, RunTags.note);
  if (description) state.description = description;
  if (extras.artifactsNote) state.artifactsNote = extras.artifactsNote;
  return state;
}

/** The name a run is shown by: MLflow's run name, else its `mlflow.runName` tag, else its id. */
export function runDisplayName(run: Run): string {
  return run.info.run_name || tagValue(run.data.tags, RunTags.runName) || run.info.run_id;
}

function datasetRow(summary: DatasetSummary): RunDatasetRow {
  const row: RunDatasetRow = { name: summary.name, digest: summary.digest, sourceType: summary.sourceType, source: summary.source, tags: summary.tags };
  if (summary.context !== undefined) row.context = summary.context;
  if (summary.rawSource !== summary.source) row.rawSource = summary.rawSource;
  if (summary.schemaColumns) row.schemaColumns = summary.schemaColumns;
  else if (summary.schema) row.schema = summary.schema;
  if (summary.profile !== undefined) row.profile = summary.profile;
  return row;
}

export function toArtifactEntries(files: readonly FileInfo[]): ArtifactEntry[] {
  return files
    .map((f) => (f.file_size === undefined ? { path: f.path, isDir: f.is_dir } : { path: f.path, isDir: f.is_dir, size: f.file_size }))
    .sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.path.localeCompare(b.path));
}

/** Builds the whole state with the store, summaries included; throws only when the run itself cannot be read. */
export async function loadRunDetails(store: TrackingStore, runId: string, signal?: AbortSignal): Promise<RunDetailsState> {
  const opened = await openRunDetails(store, runId, { signal });
  await opened.later;
  return opened.state;
}

export interface OpenedRunDetails {
  /**
   * Everything but the metric summaries (rows marked `summary: 'pending'`) and the child runs
   * (`overview.children` empty until listed) still being read.
   */
  state: RunDetailsState;
  /** Settles when every row is filled (or marked unavailable); rows and problems change in place. */
  summaries: Promise<void>;
  /** Settles when the summaries and the child runs are in (`overview.children` replaced in place). */
  later: Promise<void>;
}

/**
 * Builds the state at once from what `getRun` and a few small calls give (last values included),
 * telling `onRun` the run as soon as it is read (the tab's title needs its name only). Then, in
 * the background, lists the child runs (a search of the whole experiment by tag: on a file store
 * the tags of every run not read yet; not before `childrenAfter`, as the panel waits for its
 * webview to load first) and fills each metric's min, max and step count from its
 * whole history, through the store's shared history cache on a tracking server, calling
 * `onUpdate` after each. `signal` cancels every part.
 */
export async function openRunDetails(
  store: TrackingStore,
  runId: string,
  options: { signal?: AbortSignal; onRun?: (run: Run) => void; onUpdate?: () => void; cache?: HistoryCache; childrenAfter?: Promise<unknown> } = {},
): Promise<OpenedRunDetails> {
  const { signal, onUpdate } = options;
  const cache = options.cache ?? (store.kind === 'rest' ? historyCacheOf(store) : undefined);
  const run = await store.getRun(runId, signal);
  options.onRun?.(run);
  const problems: string[] = [];
  const noteProblem = (what: string) => (error: unknown) => {
    problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  };

  const experimentName = store
    .getExperiment(run.info.experiment_id, signal)
    .then((e) => e.name, noteProblem('experiment'));

  const parentId = tagValue(run.data.tags, RunTags.parentRunId);
  const parent = parentId
    ? store.getRun(parentId, signal).then(
        (p): RunLink => ({ runId: parentId, runName: p.info.run_name || parentId }),
        (error: unknown): RunLink => (noteProblem('parent run')(error), { runId: parentId, runName: parentId }),
      )
    : Promise.resolve(undefined);

  /** The state once built: child runs listed later are filled into it. */
  const opened: { state?: RunDetailsState } = {};
  let childLinks: RunLink[] = [];
  const children = Promise.resolve(options.childrenAfter)
    .then(() =>
      store.searchRuns(
        { experimentIds: [run.info.experiment_id], filter: `tags.\`${RunTags.parentRunId}\` = '${runId.replace(/'/g, "\\'")}'`, include: { metrics: false, params: false, tags: true } },
        signal,
      ),
    )
    .then((page) => page.items.map((r): RunLink => ({ runId: r.info.run_id, runName: r.info.run_name || r.info.run_id })))
    .then((links) => links.sort((a, b) => a.runName.localeCompare(b.runName)), noteProblem('child runs'))
    .then((links) => {
      childLinks = links ?? [];
      // Listed after the state was built: filled in place (a problem, too, is new to show).
      if (opened.state?.overview) {
        opened.state.overview.children = childLinks;
        onUpdate?.();
      }
    });

  const metricRows = [...run.data.metrics]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((latest): MetricSummaryRow => {
      const row: MetricSummaryRow = { key: latest.key, last: toWireNumber(latest.value), lastStep: latest.step, steps: 0, nonFinite: 0, summary: 'pending' };
      const held = cache?.peek(runId, latest.key, historyVersion(run, latest.key));
      if (held) fillRow(row, held.series);
      return row;
    });

  let artifactsNote: string | undefined;
  const artifacts = store.listArtifacts(runId, '', signal).then(toArtifactEntries, (error: unknown) => {
    artifactsNote = `Artifacts unavailable: ${error instanceof Error ? error.message : String(error)}`;
    return [];
  });

  const [name, parentLink, artifactEntries] = await Promise.all([experimentName, parent, artifacts]);
  const extras: RunDetailsExtras = { children: childLinks, metrics: metricRows, artifacts: artifactEntries, problems };
  if (name !== undefined) extras.experimentName = name;
  if (parentLink) extras.parent = parentLink;
  if (artifactsNote) extras.artifactsNote = artifactsNote;
  const built = runDetailsState(run, extras);
  opened.state = built;

  // A server reads each history whole whatever is asked: two at a time spare it.
  const pending = metricRows.filter((row) => row.summary === 'pending');
  const summaries = mapLimited(pending, store.kind === 'rest' ? 2 : 4, async (row) => {
    try {
      const read = await readWholeHistory(store, runId, row.key, { ...(cache && { cache, version: historyVersion(run, row.key) }), ...(signal && { signal }) });
      problems.push(...read.problems);
      fillRow(row, read.series);
    } catch (error) {
      if (signal?.aborted) return;
      row.summary = 'unavailable';
      noteProblem(`history of ${row.key}`)(error);
    }
    onUpdate?.();
  }).then(() => undefined);
  return { state: built, summaries, later: Promise.all([summaries, children]).then(() => undefined) };
}

function fillRow(row: MetricSummaryRow, series: MetricSeries): void {
  const summary = summarizeSeries(series);
  row.steps = summary.count;
  row.nonFinite = summary.nonFiniteCount;
  if (summary.min !== undefined) row.min = summary.min;
  if (summary.max !== undefined) row.max = summary.max;
  delete row.summary;
}

/** The whole value of a param or tag of the run a panel shows: what its Copy puts on the clipboard. */
export function valueToCopy(state: RunDetailsState, table: 'params' | 'tags', key: string): string | undefined {
  return state[table].find((row) => row.key === key)?.value;
}
