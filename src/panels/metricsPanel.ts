/**
 * The metric chart panel: one or many metrics of one or many runs. Loads each history, downsamples
 * it to `mlflowLens.chart.maxPointsPerSeries`, answers zoom requests with the visible step range
 * read again from the store, and saves PNG/CSV exports where the user chooses.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { localStoreLocation } from '../connection/storeFactory';
import { PollBackoff } from '../core/metrics/liveTail';
import { metricsToCsv, type CsvSeries } from '../core/metrics/metricsCsv';
import type { TrackingStore } from '../core/store/trackingStore';
import { SettingKeys } from '../shared/commandIds';
import { applyAppendPoints, type DrawnSeriesEnd, type MetricChartRestore, type MetricChartState, type SeriesPayload } from '../shared/webviewProtocol';
import { LiveChartFeed } from './liveChartFeed';
import { readWholeHistory } from '../core/metrics/historyWindow';
import { chartCacheOf, loadMetricChart, readZoomWindow, refineSampledSeries, seriesId, type RefineJob } from './metricChartState';
import { mapLimited } from './metricHistory';
import { describe, PanelController } from './panelController';
import { NO_STORE_MESSAGE, type PanelDeps } from './panelDeps';

const DEFAULT_MAX_POINTS = 1000;
/** After a change on disk: long enough to take a burst of file events (a metric line, then meta) as one poll. */
const NUDGE_DELAY_MS = 150;

export function maxPointsPerSeries(): number {
  const value = vscode.workspace.getConfiguration().get<number>(SettingKeys.chartMaxPointsPerSeries, DEFAULT_MAX_POINTS);
  return Number.isFinite(value) && value >= 10 ? Math.min(Math.floor(value), 1_000_000) : DEFAULT_MAX_POINTS;
}

interface LiveFollow {
  feed: LiveChartFeed;
  timer?: ReturnType<typeof setTimeout>;
  watcher?: vscode.FileSystemWatcher;
}

/** Local stores tell us when they change: watch the followed runs' folders, or the SQLite file. */
function watchLocalStore(store: TrackingStore, runIds: readonly string[]): vscode.FileSystemWatcher | undefined {
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  const location = localStoreLocation(store.uri, cwd);
  if (!location) return undefined;
  const pattern =
    location.folder !== undefined
      ? new vscode.RelativePattern(vscode.Uri.file(location.folder), `**/{${runIds.join(',')}}/**`)
      : new vscode.RelativePattern(vscode.Uri.file(path.dirname(location.database)), `${path.basename(location.database)}*`);
  return vscode.workspace.createFileSystemWatcher(pattern, false, false, true);
}

export class MetricsPanel implements vscode.Disposable {
  private readonly controller: PanelController<'metrics'>;
  private state: MetricChartState;
  private loads = 0;
  private live: LiveFollow | undefined;
  /** History version of each charted series, so zooms and refinement share the cache correctly. */
  private versions = new Map<string, string>();
  /** Cancels the whole-history reads that refine a first paint from samples. */
  private refining: AbortController | undefined;
  private readonly drawnEmitter = new vscode.EventEmitter<readonly DrawnSeriesEnd[]>();
  private lastDrawn: readonly DrawnSeriesEnd[] = [];
  /** What the webview reports it painted (each series' last step): for tests and the live-latency bench only. */
  readonly onDidDraw = this.drawnEmitter.event;

  constructor(
    panel: vscode.WebviewPanel,
    readonly target: MetricChartRestore,
    private readonly deps: PanelDeps,
  ) {
    this.state = { runs: [], metricKeys: target.metricKeys, series: [], maxPointsPerSeries: maxPointsPerSeries(), loading: true, problems: [], restore: target };
    this.controller = new PanelController(panel, 'metrics', deps.extensionUri, deps.logger, {
      intents: {
        openRun: ({ runId }) => deps.openRun(runId),
        exportPng: ({ metricKey, dataUrl }) => this.exportPng(metricKey, dataUrl),
        exportCsv: () => this.exportCsv(),
        refresh: () => this.load(),
        drawn: ({ series }) => {
          this.lastDrawn = series;
          this.drawnEmitter.fire(series);
        },
      },
      requests: {
        readRange: async (request, signal) => readZoomWindow(await this.store(), this.state, this.versions, request, signal),
      },
    });
    this.controller.onDidDispose(() => {
      this.stopLive();
      this.refining?.abort();
      this.drawnEmitter.dispose();
    });
    panel.title = chartTitle(target);
    this.controller.setState(this.state);
    void this.load();
  }

  /** The webview's last `drawn` report. */
  get drawn(): readonly DrawnSeriesEnd[] {
    return this.lastDrawn;
  }

  get panel(): vscode.WebviewPanel {
    return this.controller.panel;
  }

  onDidDispose(listener: () => void): void {
    this.controller.onDidDispose(listener);
  }

  private async store() {
    const store = await this.deps.getStore();
    if (!store) throw new Error(NO_STORE_MESSAGE);
    return store;
  }

  async load(): Promise<void> {
    const load = ++this.loads;
    const budget = maxPointsPerSeries();
    let state: MetricChartState;
    let store: TrackingStore | undefined;
    const refineJobs: RefineJob[] = [];
    const versions = new Map<string, string>();
    this.stopLive();
    this.refining?.abort();
    try {
      store = await this.store();
      state = await loadMetricChart(store, this.target, budget, this.controller.signal, { refineJobs, versions });
    } catch (error) {
      this.deps.logger.warn(`chart ${chartTitle(this.target)}: ${describe(error)}`);
      state = { ...this.state, series: [], loading: false, maxPointsPerSeries: budget, error: `Cannot chart ${this.target.metricKeys.join(', ')}: ${describe(error)}` };
    }
    if (load !== this.loads || this.controller.disposed) return;
    this.state = state;
    this.versions = versions;
    this.controller.setState(state);
    if (store && !state.error) {
      this.refine(store, refineJobs, budget);
      this.startLive(store, state);
    }
  }

  /** Replaces series first drawn from the server's samples with their whole histories, as each arrives. */
  private refine(store: TrackingStore, jobs: readonly RefineJob[], budget: number): void {
    if (jobs.length === 0) return;
    const refining = new AbortController();
    this.refining = refining;
    const onSeries = (series: SeriesPayload | undefined, problems: string[]) => {
      if (this.refining !== refining || this.controller.disposed) return;
      if (series) {
        const index = this.state.series.findIndex((s) => s.runId === series.runId && s.key === series.key);
        if (index >= 0) this.state.series[index] = series;
      }
      this.state.problems.push(...problems);
      this.controller.postEvent('refineSeries', { series: series ? [series] : [], problems });
    };
    refineSampledSeries(store, jobs, budget, onSeries, AbortSignal.any([refining.signal, this.controller.signal])).catch((error: unknown) =>
      this.deps.logger.debug(`refining ${chartTitle(this.target)}: ${describe(error)}`),
    );
  }

  /**
   * Follows RUNNING runs: polls the tail of each series with backoff (short after new points,
   * doubling while quiet), slowly while the panel is hidden, and stops once every run finished.
   */
  private startLive(store: TrackingStore, state: MetricChartState): void {
    const feed = new LiveChartFeed(store, state);
    if (!feed.active) return;
    const live: LiveFollow = { feed };
    this.live = live;
    const backoff = new PollBackoff(store.kind === 'rest' ? 5000 : 1000, 30_000);
    /** A change reported while no poll was waiting (the start or a poll in flight): poll again right after. */
    let changedMeanwhile = false;
    const schedule = (delay: number) => {
      if (this.live !== live || !feed.active) return;
      const soon = changedMeanwhile;
      changedMeanwhile = false;
      live.timer = setTimeout(() => void poll(), soon ? Math.min(delay, NUDGE_DELAY_MS) : delay);
    };
    const poll = async () => {
      live.timer = undefined;
      if (this.live !== live || this.controller.disposed) return;
      if (!this.controller.visible) return schedule(backoff.next(false));
      let changed = false;
      try {
        const update = await feed.tick(this.controller.signal);
        if (this.live !== live) return;
        const statusChanged = update.runs.some((r) => this.state.runs.find((s) => s.runId === r.runId)?.status !== r.status);
        changed = update.points.length > 0 || statusChanged;
        if (changed) {
          applyAppendPoints(this.state, update);
          this.controller.postEvent('appendPoints', update);
        }
      } catch (error) {
        this.deps.logger.debug(`live update of ${chartTitle(this.target)}: ${describe(error)}`);
      }
      schedule(backoff.next(changed));
    };
    // A change on disk polls at once instead of waiting out the backoff.
    const runIds = state.runs.filter((r) => r.status === 'RUNNING' || r.status === 'SCHEDULED').map((r) => r.runId);
    live.watcher = watchLocalStore(store, runIds);
    const nudge = () => {
      if (this.live !== live) return;
      if (live.timer === undefined) {
        changedMeanwhile = true;
        return;
      }
      clearTimeout(live.timer);
      live.timer = setTimeout(() => void poll(), NUDGE_DELAY_MS);
    };
    live.watcher?.onDidChange(nudge);
    live.watcher?.onDidCreate(nudge);
    feed.start(this.controller.signal).then(
      () => schedule(backoff.next(true)),
      (error: unknown) => this.deps.logger.debug(`live update of ${chartTitle(this.target)} not started: ${describe(error)}`),
    );
  }

  private stopLive(): void {
    if (this.live?.timer) clearTimeout(this.live.timer);
    this.live?.watcher?.dispose();
    this.live = undefined;
  }

  private async exportPng(metricKey: string, dataUrl: string): Promise<void> {
    const target = await vscode.window.showSaveDialog({
      defaultUri: defaultExportUri(`${safeFileName(metricKey)}.png`),
      filters: { 'PNG image': ['png'] },
    });
    if (!target) return;
    const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
    await vscode.workspace.fs.writeFile(target, bytes);
  }

  /** Exports every point at full resolution (read again, not the downsampled chart data). */
  private async exportCsv(): Promise<void> {
    const target = await vscode.window.showSaveDialog({
      defaultUri: defaultExportUri(`${safeFileName(this.target.metricKeys.join('_'))}.csv`),
      filters: { CSV: ['csv'] },
    });
    if (!target) return;
    const store = await this.store();
    const names = new Map(this.state.runs.map((r) => [r.runId, r.runName]));
    const pairs = this.target.runIds.flatMap((runId) => this.target.metricKeys.map((key) => ({ runId, key })));
    const items = await mapLimited(pairs, 4, async ({ runId, key }): Promise<CsvSeries> => {
      const version = this.versions.get(seriesId(runId, key));
      const read = await readWholeHistory(store, runId, key, { cache: chartCacheOf(store), ...(version !== undefined && { version }), signal: this.controller.signal });
      return { runId, runName: names.get(runId) ?? runId, key, series: read.series };
    });
    await vscode.workspace.fs.writeFile(target, Buffer.from(metricsToCsv(items), 'utf8'));
  }

  dispose(): void {
    this.controller.dispose();
  }
}

export function chartTitle(target: MetricChartRestore): string {
  const keys = target.metricKeys.length === 1 ? target.metricKeys[0] : `${target.metricKeys.length} metrics`;
  const runs = target.runIds.length === 1 ? '' : ` (${target.runIds.length} runs)`;
  return `Chart: ${keys}${runs}`;
}

function safeFileName(text: string): string {
  return text.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 100) || 'metrics';
}

function defaultExportUri(fileName: string): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, fileName) : undefined;
}
