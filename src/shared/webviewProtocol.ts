/**
 * The host ↔ webview contract, declared once for both sides. Each panel kind has:
 * - `state`: everything the panel shows, pushed by the host after the `ready` handshake and after
 *   every change (the webview keeps no data of its own beyond view choices);
 * - `intents`: webview → host, fire-and-forget;
 * - `requests`: webview → host, answered by id with a result or an error;
 * - `events`: host → webview, changes small enough to apply in place (live points);
 * - `restore`: what the webview saves with `setState` so the host can rebuild the panel after a
 *   window reload (checked at runtime like every other inbound value).
 * Numbers cross as JSON, so non-finite metric values travel as MLflow's JSON spells them.
 */
import type { KeyValue, RunStatus } from '../core/model/entities';

export type { KeyValue, RunStatus };

/** A metric value as JSON can carry it: MLflow's REST API writes NaN/±inf as these strings. */
export type WireNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** Link to another run (parent, child), by id with its display name. */
export interface RunLink {
  runId: string;
  runName: string;
}

export interface RunOverview {
  runId: string;
  runName: string;
  experimentId: string;
  experimentName?: string;
  status: RunStatus;
  lifecycleStage: string;
  /** Epoch ms. */
  startTime?: number;
  endTime?: number;
  user: string;
  sourceName?: string;
  sourceType?: string;
  gitCommit?: string;
  gitBranch?: string;
  artifactUri: string;
  parent?: RunLink;
  children: RunLink[];
}

/** One row of the run panel's metric table. */
export interface MetricSummaryRow {
  key: string;
  last?: WireNumber;
  lastStep?: number;
  min?: number;
  max?: number;
  /** Number of logged points. */
  steps: number;
  nonFinite: number;
  /**
   * Absent once min, max and steps are computed from the whole history; 'pending' while it is
   * read (the panel shows the last value at once), 'unavailable' when it could not be read.
   */
  summary?: 'pending' | 'unavailable';
}

export interface ArtifactEntry {
  path: string;
  isDir: boolean;
  size?: number;
}

/** One dataset input of the run (`mlflow.log_input`): untrusted text, shown as text only. */
export interface RunDatasetRow {
  name: string;
  digest: string;
  /** The `mlflow.data.context` input tag (`training`, `evaluation`). */
  context?: string;
  sourceType: string;
  /** Where the data lives (the source's URI or path), else the source as stored. */
  source: string;
  /** The source as stored (JSON), when it says more than `source`. */
  rawSource?: string;
  /** The input's other tags. */
  tags: KeyValue[];
  /** `column: type` per column of the schema, when it is MLflow's colspec or tensor spec. */
  schemaColumns?: string[];
  /** The schema as stored, when it could not be read as columns. */
  schema?: string;
  profile?: string;
}

export interface RunDetailsState {
  /** `undefined` while loading; the error text replaces the content when loading failed. */
  overview?: RunOverview;
  error?: string;
  params: KeyValue[];
  metrics: MetricSummaryRow[];
  tags: KeyValue[];
  /** The run's dataset inputs; absent while loading. */
  datasets?: RunDatasetRow[];
  /** Markdown from the `mlflow.note.content` tag: untrusted, rendered as text nodes only. */
  description?: string;
  artifacts: ArtifactEntry[];
  artifactsNote?: string;
  /** Per-entry problems met while loading (a corrupt metric file), shown beside the content. */
  problems: string[];
  restore: RunDetailsRestore;
}

export interface RunDetailsRestore {
  runId: string;
}

/** One (run, metric key) history as the chart draws it. Columns share indices. */
export interface SeriesPayload {
  runId: string;
  key: string;
  steps: number[];
  /** Epoch ms. */
  timestamps: number[];
  values: WireNumber[];
  /** Points in the full history (or in the requested step range). */
  totalPoints: number;
  /** True when `steps.length < totalPoints` because of the point budget. */
  downsampled: boolean;
  /** Finite extremes over all `totalPoints`, so the axis can show what the downsampler kept. */
  min?: number;
  max?: number;
  nonFinite: number;
  /** First timestamp of the run's history, the origin of the relative-time axis. */
  startTime?: number;
  /**
   * True when the points are a tracking server's even sample, not every point (`totalPoints`,
   * `min` and `max` then describe the sample); a `refineSeries` event may replace it.
   */
  sampled?: boolean;
}

export interface ChartRun {
  runId: string;
  runName: string;
  status?: RunStatus;
}

export interface MetricChartState {
  runs: ChartRun[];
  metricKeys: string[];
  series: SeriesPayload[];
  maxPointsPerSeries: number;
  loading: boolean;
  error?: string;
  problems: string[];
  restore: MetricChartRestore;
}

/** New points of a running run's series, to append to what the chart holds. */
export interface SeriesAppend {
  runId: string;
  key: string;
  steps: number[];
  timestamps: number[];
  values: WireNumber[];
}

export interface MetricChartRestore {
  runIds: string[];
  metricKeys: string[];
}

/** The last step of one series as the chart has just drawn it. */
export interface DrawnSeriesEnd {
  runId: string;
  key: string;
  lastStep: number;
}

export type XAxisMode = 'step' | 'wallTime' | 'relativeTime';

/** One run of a comparison (runs may come from different experiments). */
export interface CompareRun extends ChartRun {
  experimentId: string;
  experimentName?: string;
}

/** One param or metric across the compared runs: `values[i]` belongs to `runs[i]`, null when absent. */
export interface CompareRow<V> {
  key: string;
  values: (V | null)[];
}

export interface CompareRunsState {
  runs: CompareRun[];
  params: CompareRow<string>[];
  /** Latest value of each metric; the best is the lowest for loss/error-like keys, else the highest. */
  metrics: (CompareRow<WireNumber> & { better: 'lower' | 'higher' })[];
  error?: string;
  problems: string[];
  restore: CompareRunsRestore;
}

export interface CompareRunsRestore {
  runIds: string[];
}

/** One typed field of the launch form: an entry point's declared parameter. */
export interface LaunchParameterField {
  name: string;
  /** MLflow's type: string, float, int, path, uri (anything else is passed as text). */
  type: string;
  /** True when MLflow demands a value (no default, or a null one). */
  required: boolean;
  /** The default as MLflow substitutes it (Python's str()), when there is one. */
  defaultValue?: string;
}

export interface LaunchEntryPoint {
  name: string;
  parameters: LaunchParameterField[];
}

export type EnvManagerId = 'local' | 'virtualenv' | 'conda' | 'uv';

/** An env manager as the form offers it: disabled, with the reason, when it cannot work here. */
export interface EnvManagerChoice {
  id: EnvManagerId;
  available: boolean;
  reason?: string;
}

export type LaunchBackend = 'local' | 'databricks' | 'kubernetes';

/** Everything the user chose in the form: what `mlflow run` is built from. */
export interface LaunchValues {
  entryPoint: string;
  /** Declared parameters by name (empty text: use the default). */
  parameters: Record<string, string>;
  /** Extra `-P key=value` pairs MLflow appends as `--key value`. */
  extraParameters: KeyValue[];
  envManager: EnvManagerId;
  experimentName: string;
  runName: string;
  backend: LaunchBackend;
  /** The backend-config file (databricks, kubernetes). */
  backendConfig: string;
}

/** What the host says of a set of values: errors by field, and the command line they give. */
export interface LaunchCheck {
  /** Field id → message. Ids: `param:<name>`, `extra:<index>`, `experimentName`, `runName`, `backendConfig`, `envManager`, `entryPoint`. */
  errors: Record<string, string>;
  /** The command line quoted for the user's shell (empty when the values cannot give one). */
  commandLine: string;
}

export interface LaunchFormState {
  /** The project folder, shown as the form's subject. */
  projectDir: string;
  projectName?: string;
  entryPoints: LaunchEntryPoint[];
  /** The values to show: remembered ones for this entry point, else the defaults. */
  values: LaunchValues;
  envManagers: EnvManagerChoice[];
  /** Experiments of the active store, offered for the experiment field (a new name is allowed). */
  experiments: { id: string; name: string }[];
  /** Which MLflow launches the run: "mlflow 2.12.2 (/usr/bin/mlflow, from PATH)". */
  mlflow?: string;
  /** Set when no MLflow was found: how to install one. Nothing can be launched until then. */
  mlflowMissing?: string;
  /** The tracking store the run goes to (an absolute URI), or why there is none. */
  trackingUri?: string;
  /** Errors of the MLproject itself (the language server's): the form cannot launch while there are any. */
  projectErrors: string[];
  check: LaunchCheck;
  /** True from Run until `mlflow run` printed the run id (or failed). */
  launching: boolean;
  /** The outcome of the last Run: the run id, or why it could not start. */
  lastLaunch?: { runId?: string; error?: string };
  restore: LaunchFormRestore;
}

export interface LaunchFormRestore {
  /** The MLproject file (absolute path). */
  projectFile: string;
  entryPoint: string;
}

// ── Runs table ──────────────────────────────────────────────────────────────────────────────

export type RunsTableColumnKind = 'attribute' | 'param' | 'metric' | 'tag';
export type MetricAggregate = 'latest' | 'min' | 'max';
export type BetterDirection = 'lower' | 'higher';

/** One column; `id` is `<attr|param|metric|tag>:<key>`. */
export interface RunsTableColumn {
  id: string;
  kind: RunsTableColumnKind;
  key: string;
  label: string;
}

/** The user's column choices, remembered per experiment (set of experiments) by the host. */
export interface RunsTableLayout {
  hidden: string[];
  pinned: string[];
  /** Column ids in the order chosen; columns not listed follow in their natural order. */
  order: string[];
  widths: Record<string, number>;
  metricModes: Record<string, MetricAggregate>;
  directions: Record<string, BetterDirection>;
}

export interface RunsTableSort {
  columnId: string;
  ascending: boolean;
}

export interface RunsTableState {
  experiments: { id: string; name: string }[];
  columns: RunsTableColumn[];
  layout: RunsTableLayout;
  filter: string;
  /** The filter's problem in the tree's words (`Column 9: …`), or the store's refusal. */
  filterError?: string;
  sort?: RunsTableSort;
  /** Column id whose value groups the runs (a param, tag or attribute). */
  groupBy?: string;
  runCount: number;
  rowCount: number;
  /** Bumped whenever rows change: the webview drops rows fetched for an older version. */
  version: number;
  loading: boolean;
  /** Set while metric columns switched to min/max are being read. */
  busy?: string;
  error?: string;
  problems: string[];
  restore: RunsTableRestore;
}

export interface RunsTableRestore {
  experimentIds: string[];
}

/** A group row's metric cell: count of runs and mean / min / max over their finite values. */
export interface RunsTableGroupStats {
  count: number;
  mean?: WireNumber;
  min?: WireNumber;
  max?: WireNumber;
}

/** Text for params, tags and names; numbers for metrics and times; null when the run has none. */
export type RunsTableCell = string | WireNumber | RunsTableGroupStats | null;

export interface RunsTableRow {
  kind: 'run' | 'group';
  /** Run id, or `group:…` for a group row. */
  id: string;
  depth: number;
  childCount: number;
  expanded: boolean;
  status?: RunStatus;
  /** Aligned with the requested column ids. */
  cells: RunsTableCell[];
}

export interface RunsTableRows {
  version: number;
  start: number;
  rows: RunsTableRow[];
  /** Best value of each requested metric column (by its mode and direction), by column id. */
  best: Record<string, WireNumber>;
}

/** Every listed run (up to a bound) with its values in some columns: the parallel coordinates' data. */
export interface RunsTableParallelRuns {
  version: number;
  runs: { id: string; name: string }[];
  /** One per requested column id, aligned with `runs` (metrics by their column's mode). */
  columns: { id: string; values: (string | WireNumber | null)[] }[];
  /** How many runs the table lists (more than `runs.length` when the bound cut them). */
  total: number;
}

// ── Try It (a model served by `mlflow models serve`) ───────────────────────────────────────

export type ModelServerStatus = 'starting' | 'ready' | 'stopped';

export interface TryItState {
  /** The model as named to the user (`iris-classifier version 3`, `runs:/<id>/model`). */
  modelLabel: string;
  /** What `mlflow models serve -m` was given. */
  modelUri: string;
  envManager: EnvManagerId;
  /** The server's URL as this window reaches it (forwarded when the extension runs on another machine). */
  url: string;
  status: ModelServerStatus;
  /** What the server waits for, or why it stopped. */
  statusDetail?: string;
  /** The request the panel starts from (JSON text), and where it came from. */
  exampleRequest: string;
  exampleNote: string;
  restore: TryItRestore;
}

export interface TryItRestore {
  port: number;
}

/** What the served model answered to one request (posted by the host, never by the webview). */
export interface InvocationResult {
  ok: boolean;
  /** Absent when nothing answered. */
  status?: number;
  /** The model's output, as JSON gave it. */
  predictions?: unknown;
  /** A successful answer that was not JSON. */
  text?: string;
  errorCode?: string;
  message?: string;
  stackTrace?: string;
}

/** Bounds shared by the host's runtime checks and the webview (so it never sends what is refused). */
export const ProtocolLimits = {
  maxMessageChars: 32 * 1024 * 1024,
  maxIdLength: 256,
  maxKeyLength: 1024,
  maxRunsPerChart: 100,
  maxKeysPerChart: 100,
  maxPathLength: 4096,
  maxUrlLength: 8192,
  /** A PNG of a large chart as a data URL. */
  maxPngDataUrlChars: 30 * 1024 * 1024,
  /** Launch form: one parameter value (declared or extra), the declared parameters of an entry point, the extra pairs. */
  maxParameterValueLength: 64 * 1024,
  maxLaunchParameters: 1000,
  maxExtraParameters: 100,
  /** Runs table: columns a layout or a row request may name, rows per request, a copied text. */
  maxTableColumns: 100_000,
  maxTableRowsPerRequest: 2_000,
  maxFilterLength: 64 * 1024,
  maxCopyChars: 1024 * 1024,
  /** Try It: one request body for a served model. */
  maxServingRequestChars: 16 * 1024 * 1024,
  /** Runs table's parallel coordinates: axes per request, runs sent. */
  maxParallelAxes: 50,
  maxParallelRuns: 2_000,
} as const;

/** Every panel's messages. A panel handler table is a mapped type over this, so none is missed. */
export interface PanelContracts {
  runDetails: {
    state: RunDetailsState;
    restore: RunDetailsRestore;
    events: Record<never, never>;
    intents: {
      openRun: { runId: string };
      openMetricChart: { metricKeys: string[] };
      openArtifact: { path: string };
      openLink: { url: string };
      refresh: Record<string, never>;
      /** Copies a param or tag value, read by the host from the run it shows (the page may show it clipped). */
      copyValue: { table: 'params' | 'tags'; key: string };
    };
    requests: {
      listArtifacts: { params: { path: string }; result: ArtifactEntry[] };
    };
  };
  compareRuns: {
    state: CompareRunsState;
    restore: CompareRunsRestore;
    events: Record<never, never>;
    intents: {
      openRun: { runId: string };
      openMetricChart: { runIds: string[]; metricKeys: string[] };
    };
    requests: Record<never, never>;
  };
  launch: {
    state: LaunchFormState;
    restore: LaunchFormRestore;
    events: Record<never, never>;
    intents: {
      /** Launch with these values (the host checks them again first). */
      run: { values: LaunchValues };
      copyCommandLine: { values: LaunchValues };
      openRun: { runId: string };
      /** Opens the MLproject at the problem (or at the top). */
      openProject: Record<string, never>;
    };
    requests: {
      /** Checks values as the user types: the same checks Run makes. */
      check: { params: { values: LaunchValues }; result: LaunchCheck };
      /** A file or folder picker for a path/uri parameter or the backend config; undefined when cancelled. */
      pickPath: { params: { field: string; current: string }; result: { path?: string } };
    };
  };
  runsTable: {
    state: RunsTableState;
    restore: RunsTableRestore;
    events: Record<never, never>;
    intents: {
      setFilter: { filter: string };
      /** `null` goes back to MLflow's default order (newest first). */
      setSort: { sort: RunsTableSort | null };
      setGroupBy: { columnId: string | null };
      setExpanded: { rowId: string; expanded: boolean };
      setLayout: { layout: RunsTableLayout };
      openRun: { runId: string };
      compareRuns: { runIds: string[] };
      openMetricChart: { runIds: string[]; metricKeys: string[] };
      copyText: { text: string };
      /** Exports the visible rows and these columns (in this order) to a CSV file the user picks. */
      exportCsv: { columnIds: string[] };
      refresh: Record<string, never>;
    };
    requests: {
      rows: { params: { version: number; start: number; count: number; columnIds: string[] }; result: RunsTableRows };
      /** Checks a filter as the user types: the tree's Filter Runs message, or none. */
      checkFilter: { params: { filter: string }; result: { error?: string } };
      /** The listed runs' values in these columns, for the parallel coordinates. */
      parallelRuns: { params: { version: number; columnIds: string[] }; result: RunsTableParallelRuns };
    };
  };
  tryIt: {
    state: TryItState;
    restore: TryItRestore;
    events: Record<never, never>;
    intents: {
      stopServer: Record<string, never>;
      showTerminal: Record<string, never>;
      /** Copies the `/invocations` URL as this window reaches it. */
      copyUrl: Record<string, never>;
    };
    requests: {
      /** POSTs the body (JSON text) to the model's `/invocations`; the host checks it first. */
      invoke: { params: { body: string }; result: InvocationResult };
    };
  };
  metrics: {
    state: MetricChartState;
    restore: MetricChartRestore;
    events: {
      /** Live updates of RUNNING runs: appended points and the runs' current status. */
      appendPoints: { points: SeriesAppend[]; runs: ChartRun[] };
      /** Whole histories read after a first paint from samples: replace those series in place (zoom kept). */
      refineSeries: { series: SeriesPayload[]; problems: string[] };
    };
    intents: {
      openRun: { runId: string };
      exportPng: { metricKey: string; dataUrl: string };
      exportCsv: Record<string, never>;
      refresh: Record<string, never>;
      /**
       * Sent after the charts drew a new state or a live event (telemetry-free, no side effect):
       * each drawn series' last step. The host only re-announces it (`MetricsPanel.onDidDraw`) to
       * tests and the live-latency bench, which must see the point on the chart, not just sent.
       */
      drawn: { series: DrawnSeriesEnd[] };
    };
    requests: {
      /** Full-resolution (budget permitting) history of one series in an inclusive step range. */
      readRange: {
        params: { runId: string; key: string; startStep: number; endStep: number };
        result: SeriesPayload;
      };
    };
  };
}

export type PanelKind = keyof PanelContracts;
export type IntentsOf<K extends PanelKind> = PanelContracts[K]['intents'];
export type RequestsOf<K extends PanelKind> = PanelContracts[K]['requests'];
export type EventsOf<K extends PanelKind> = PanelContracts[K]['events'];

export type EventMessage<K extends PanelKind> = {
  [E in keyof EventsOf<K>]: { kind: 'event'; name: E; params: EventsOf<K>[E] };
}[keyof EventsOf<K>];

export type IntentMessage<K extends PanelKind> = {
  [I in keyof IntentsOf<K>]: { kind: 'intent'; name: I; params: IntentsOf<K>[I] };
}[keyof IntentsOf<K>];

export type RequestMessage<K extends PanelKind> = {
  [M in keyof RequestsOf<K>]: {
    kind: 'request';
    id: number;
    method: M;
    params: RequestsOf<K>[M] extends { params: infer P } ? P : never;
  };
}[keyof RequestsOf<K>];

export type RequestResult<K extends PanelKind, M extends keyof RequestsOf<K>> =
  RequestsOf<K>[M] extends { result: infer R } ? R : never;

/** Webview → host. */
export type WebviewMessage<K extends PanelKind> =
  | { kind: 'ready' }
  | IntentMessage<K>
  | RequestMessage<K>;

/** Host → webview. */
export type HostMessage<K extends PanelKind> =
  | { kind: 'state'; state: PanelContracts[K]['state'] }
  | EventMessage<K>
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: string };

/** What each webview stores with `setState`: the host's restore key plus its own view choices. */
export interface SavedWebviewState<K extends PanelKind> {
  restore: PanelContracts[K]['restore'];
  view?: Record<string, unknown>;
}

export function toWireNumber(value: number): WireNumber {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

export function fromWireNumber(value: WireNumber): number {
  return typeof value === 'number' ? value : Number(value);
}

/**
 * Applies an `appendPoints` event to a chart state. Both sides run it: the webview on what it
 * shows, the host on its copy (so a reloaded webview gets the points with the next state).
 */
export function applyAppendPoints(state: MetricChartState, update: PanelContracts['metrics']['events']['appendPoints']): void {
  for (const add of update.points) {
    let series = state.series.find((s) => s.runId === add.runId && s.key === add.key);
    if (!series) {
      series = { runId: add.runId, key: add.key, steps: [], timestamps: [], values: [], totalPoints: 0, downsampled: false, nonFinite: 0 };
      state.series.push(series);
    }
    series.steps.push(...add.steps);
    series.timestamps.push(...add.timestamps);
    series.values.push(...add.values);
    series.totalPoints += add.steps.length;
    for (const v of add.values) {
      if (typeof v !== 'number') series.nonFinite++;
      else {
        series.min = Math.min(series.min ?? v, v);
        series.max = Math.max(series.max ?? v, v);
      }
    }
    series.startTime ??= add.timestamps[0];
  }
  for (const run of update.runs) {
    const index = state.runs.findIndex((r) => r.runId === run.runId);
    if (index >= 0) state.runs[index] = run;
  }
}
