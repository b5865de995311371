/**
 * Builds the chart panel's state: the runs' names and, for each (run, metric key), the history
 * downsampled to the point budget. A run or series that cannot be read becomes a problem line; the
 * other series still draw. Pure (no `vscode`).
 */
import type { TrackingStore } from '../core/store/trackingStore';
import type { ChartRun, MetricChartRestore, MetricChartState, SeriesPayload } from '../shared/webviewProtocol';
import { mapLimited, readMetricSeries, toSeriesPayload } from './metricHistory';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function loadMetricChart(
  store: TrackingStore,
  target: MetricChartRestore,
  maxPointsPerSeries: number,
  signal?: AbortSignal,
): Promise<MetricChartState> {
  const problems: string[] = [];
  const runs = await mapLimited(target.runIds, 4, async (runId): Promise<ChartRun> => {
    try {
      const run = await store.getRun(runId, signal);
      return { runId, runName: run.info.run_name || runId, status: run.info.status };
    } catch (error) {
      problems.push(`run ${runId}: ${describe(error)}`);
      return { runId, runName: runId };
    }
  });
  const pairs = runs.flatMap((run) => target.metricKeys.map((key) => ({ runId: run.runId, key })));
  const series = await mapLimited(pairs, 4, async ({ runId, key }): Promise<SeriesPayload | undefined> => {
    try {
      const read = await readMetricSeries(store, runId, key, {}, signal);
      problems.push(...read.problems);
      return toSeriesPayload(runId, key, read.series, maxPointsPerSeries);
    } catch (error) {
      problems.push(`${key} of run ${runId}: ${describe(error)}`);
      return undefined;
    }
  });
  return {
    runs,
    metricKeys: target.metricKeys,
    series: series.filter((s): s is SeriesPayload => s !== undefined),
    maxPointsPerSeries,
    loading: false,
    problems,
    restore: target,
  };
}
