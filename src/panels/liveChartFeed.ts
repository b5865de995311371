/**
 * Live updates of a chart's RUNNING runs: each tick re-reads only the tail of each series (from
 * the last step the chart holds) and returns the points logged since, plus the runs' current
 * status; a run stops being followed after the read that sees it finish. Pure over
 * `TrackingStore` (no `vscode`): the panel decides when to tick.
 */
import { pointsAfter, seriesEnd, type SeriesEnd } from '../core/metrics/liveTail';
import type { TrackingStore } from '../core/store/trackingStore';
import { toWireNumber, type ChartRun, type MetricChartState, type SeriesAppend } from '../shared/webviewProtocol';
import { readMetricSeries } from './metricHistory';

const LIVE_STATUSES = new Set(['RUNNING', 'SCHEDULED']);
/**
 * Steps one poll reads after the chart's last one. A bounded window is one a tracking server answers
 * whole (see `stepWindow.ts`); more steps logged between two polls arrive over the next ones.
 */
const TAIL_STEPS = 2_500;

const tailFrom = (step: number) => ({ startStep: step, endStep: step + TAIL_STEPS - 1 });

export interface LiveUpdate {
  points: SeriesAppend[];
  runs: ChartRun[];
}

export class LiveChartFeed {
  private readonly ends = new Map<string, SeriesEnd | undefined>();
  private readonly following: Set<string>;

  constructor(
    private readonly store: TrackingStore,
    private readonly state: MetricChartState,
  ) {
    this.following = new Set(state.runs.filter((r) => r.status !== undefined && LIVE_STATUSES.has(r.status)).map((r) => r.runId));
  }

  /** True while some charted run may still log points. */
  get active(): boolean {
    return this.following.size > 0;
  }

  /**
   * Reads where each followed series ends now (its last step, duplicates included), so the first
   * tick appends only what is logged after the chart was drawn.
   */
  async start(signal?: AbortSignal): Promise<void> {
    for (const series of this.state.series) {
      if (!this.following.has(series.runId)) continue;
      const lastStep = series.steps[series.steps.length - 1];
      const tail = lastStep === undefined ? undefined : (await readMetricSeries(this.store, series.runId, series.key, tailFrom(lastStep), signal)).series;
      this.ends.set(endKey(series.runId, series.key), tail ? seriesEnd(tail) : undefined);
    }
  }

  /** One poll: the new points of every followed series and the followed runs' status. */
  async tick(signal?: AbortSignal): Promise<LiveUpdate> {
    const update: LiveUpdate = { points: [], runs: [] };
    for (const runId of [...this.following]) {
      const run = await this.store.getRun(runId, signal);
      const chartRun: ChartRun = { runId, runName: run.info.run_name || runId, status: run.info.status };
      update.runs.push(chartRun);
      for (const key of this.state.metricKeys) {
        const id = endKey(runId, key);
        const end = this.ends.get(id);
        const tail = (await readMetricSeries(this.store, runId, key, end ? tailFrom(end.step) : {}, signal)).series;
        const fresh = pointsAfter(tail, end);
        if (fresh.steps.length === 0) continue;
        this.ends.set(id, seriesEnd(tail));
        update.points.push({
          runId,
          key,
          steps: Array.from(fresh.steps),
          timestamps: Array.from(fresh.timestamps),
          values: Array.from(fresh.values, toWireNumber),
        });
      }
      if (!LIVE_STATUSES.has(run.info.status)) this.following.delete(runId);
    }
    return update;
  }
}

function endKey(runId: string, key: string): string {
  return `${runId}\u0000${key}`;
}
