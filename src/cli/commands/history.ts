/**
 * `mlflow-lens history`: prints `{"metrics":[…]}` (one metric of one run) in step order; with a step
 * window, through the same code path as a chart's zoom (`readHistoryWindow`), so what a chart
 * draws for a window can be checked from the command line.
 */
import { downsample } from '../../core/metrics/downsample';
import { readHistoryWindow } from '../../core/metrics/historyWindow';
import type { MetricSeries } from '../../core/metrics/metricSeries';
import { collectPages } from '../../core/model/paging';
import type { StoreProblem } from '../../core/store/storeErrors';
import { UsageError } from '../args';
import { metricToJson, type Json } from '../restJson';
import { openFromOptions, requireString, storeOptions, withStore, type CliIo, type Command } from '../context';
import { reportProblems } from '../problems';

export const historyCommand: Command = {
  name: 'history',
  summary: "print one metric's history as MLflow REST metrics/get-history JSON",
  usage: '--tracking-uri URI --run-id ID --metric KEY [--start-step A --end-step B [--max-points N]]',
  options: {
    ...storeOptions,
    'run-id': { type: 'string', value: 'ID', description: 'the run' },
    metric: { type: 'string', value: 'KEY', description: 'the metric key (may contain /)' },
    'start-step': { type: 'string', value: 'A', description: 'first step of a window (inclusive), read as a chart zoom reads it' },
    'end-step': { type: 'string', value: 'B', description: 'last step of the window (inclusive)' },
    'max-points': { type: 'string', value: 'N', description: 'downsample the window to at most N points as a chart does (first, last, min, max per bucket; N ≥ 10)' },
  },
  details:
    'Points are sorted by step (then timestamp); points logged at the same step keep their logged order. With a window, a note on ' +
    "stderr says where the points came from (a tracking server's window or sample, or its whole history when the server's " +
    'sampled answer could not be right).',
  async run(options, io) {
    const runId = requireString(options, 'run-id');
    const key = requireString(options, 'metric');
    const window = stepWindowOption(options);
    return withStore(await openFromOptions(options, io), async (store) => {
      if (window) {
        const read = await readHistoryWindow(store, runId, key, window);
        const points = window.maxPoints === undefined ? read.points : downsample(read.points, window.maxPoints);
        io.stdout(`${JSON.stringify(points.steps.length ? { metrics: seriesJson(key, points) } : {})}\n`);
        reportWindow(io, window, read, points.steps.length);
        return 0;
      }
      const problems: StoreProblem[] = [];
      const points = await collectPages(async (pageToken) => {
        const page = await store.getMetricHistory(runId, key, { maxResults: 100000, ...(pageToken && { pageToken }) });
        problems.push(...page.problems);
        return page;
      });
      const ordered = points.map((p, i) => ({ p, i })).sort((a, b) => a.p.step - b.p.step || a.p.timestamp - b.p.timestamp || a.i - b.i);
      io.stdout(`${JSON.stringify(ordered.length ? { metrics: ordered.map((x) => metricToJson(x.p)) } : {})}\n`);
      reportProblems(problems, io);
      return 0;
    });
  },
};

interface WindowOption {
  startStep: number;
  endStep: number;
  maxPoints?: number;
}

function stepWindowOption(options: Record<string, string | boolean | undefined>): WindowOption | undefined {
  const start = options['start-step'];
  const end = options['end-step'];
  const max = options['max-points'];
  if (start === undefined && end === undefined) {
    if (max !== undefined) throw new UsageError('--max-points needs a window: give --start-step and --end-step');
    return undefined;
  }
  if (start === undefined || end === undefined) throw new UsageError('give both --start-step and --end-step');
  const window: WindowOption = { startStep: integer(start, 'start-step'), endStep: integer(end, 'end-step') };
  if (window.startStep > window.endStep) throw new UsageError(`--start-step ${window.startStep} is after --end-step ${window.endStep}`);
  if (max !== undefined) {
    window.maxPoints = integer(max, 'max-points');
    if (window.maxPoints < 10) throw new UsageError(`--max-points must be at least 10 (got ${window.maxPoints})`);
  }
  return window;
}

function integer(value: string | boolean, name: string): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`--${name} must be an integer (got '${String(value)}')`);
  return n;
}

function seriesJson(key: string, series: MetricSeries): Json[] {
  const out: Json[] = [];
  for (let i = 0; i < series.steps.length; i++) {
    out.push(metricToJson({ key, value: series.values[i] as number, timestamp: series.timestamps[i] as number, step: series.steps[i] as number }));
  }
  return out;
}

function reportWindow(io: CliIo, window: WindowOption, read: Awaited<ReturnType<typeof readHistoryWindow>>, printed: number): void {
  const what = read.complete ? `all ${read.points.steps.length} points` : `the server's even sample of ${read.points.steps.length} points`;
  const drawn = printed < read.points.steps.length ? `, downsampled to ${printed}` : '';
  io.stderr(`mlflow-lens: steps ${window.startStep}–${window.endStep}: ${what} (from the ${read.source}${drawn})\n`);
  if (read.rejected) io.stderr(`mlflow-lens: note: the server's sampled answer was not used: ${read.rejected}\n`);
  for (const problem of read.problems) io.stderr(`mlflow-lens: warning: ${problem}\n`);
}
