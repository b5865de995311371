/**
 * Builds the comparison of several runs (from any experiments): one row per param and per metric
 * key, with each run's value or null. Pure (no `vscode`).
 */
import type { Run } from '../core/model/entities';
import type { TrackingStore } from '../core/store/trackingStore';
import { toWireNumber, type CompareRow, type CompareRun, type CompareRunsState, type WireNumber } from '../shared/webviewProtocol';
import { mapLimited } from './metricHistory';

/** Lower is better for losses and errors; higher for everything else (accuracy, f1, auc…). */
export function betterDirection(metricKey: string): 'lower' | 'higher' {
  return /loss|error|err\b|mse|mae|rmse|mape|perplexity|latency|wer|cer/i.test(metricKey) ? 'lower' : 'higher';
}

function rows<V>(runs: readonly Run[], pick: (run: Run) => Map<string, V>): CompareRow<V>[] {
  const perRun = runs.map(pick);
  const keys = [...new Set(perRun.flatMap((m) => [...m.keys()]))].sort((a, b) => a.localeCompare(b));
  return keys.map((key) => ({ key, values: perRun.map((m) => (m.has(key) ? (m.get(key) as V) : null)) }));
}

export function compareRunsState(runs: readonly Run[], experimentNames: ReadonlyMap<string, string>, problems: string[]): CompareRunsState {
  const compared = runs.map((run): CompareRun => {
    const name = experimentNames.get(run.info.experiment_id);
    return {
      runId: run.info.run_id,
      runName: run.info.run_name || run.info.run_id,
      status: run.info.status,
      experimentId: run.info.experiment_id,
      ...(name !== undefined ? { experimentName: name } : {}),
    };
  });
  return {
    runs: compared,
    params: rows(runs, (run) => new Map(run.data.params.map((p) => [p.key, p.value]))),
    metrics: rows<WireNumber>(runs, (run) => new Map(run.data.metrics.map((m) => [m.key, toWireNumber(m.value)]))).map((row) => ({
      ...row,
      better: betterDirection(row.key),
    })),
    problems,
    restore: { runIds: runs.map((r) => r.info.run_id) },
  };
}

/** Reads the runs (a missing run becomes a problem line) and their experiments' names. */
export async function loadCompareRuns(store: TrackingStore, runIds: readonly string[], signal?: AbortSignal): Promise<CompareRunsState> {
  const problems: string[] = [];
  const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
  const runs = (
    await mapLimited(runIds, 4, (runId) =>
      store.getRun(runId, signal).catch((error: unknown) => {
        problems.push(`run ${runId}: ${describe(error)}`);
        return undefined;
      }),
    )
  ).filter((r): r is Run => r !== undefined);
  const names = new Map<string, string>();
  for (const experimentId of new Set(runs.map((r) => r.info.experiment_id))) {
    try {
      names.set(experimentId, (await store.getExperiment(experimentId, signal)).name);
    } catch (error) {
      problems.push(`experiment ${experimentId}: ${describe(error)}`);
    }
  }
  return compareRunsState(runs, names, problems);
}
