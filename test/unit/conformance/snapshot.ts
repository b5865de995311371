/**
 * What one backend shows of the generated data, keyed by names (ids differ per store), read with
 * the requests recorded from the real server so the REST leg can make them too. Backends are
 * opened on first use and shared by every leg; `closeAll` ends them.
 */
import type { Experiment, KeyValue, Metric, Run } from '../../../src/core/model/entities';
import { collectPages } from '../../../src/core/model/paging';
import type { Backend, BackendKind } from './backends';

export interface Snapshot {
  /** Names per view, each as the store lists them. */
  active: Experiment[];
  deleted: Experiment[];
  all: Experiment[];
  /** All 20 runs, by `<experiment name> » <run name>` (run names hold ` / `). */
  runs: Map<string, Run>;
  experimentName(id: string): string;
  experimentId(name: string): string;
  /** Run names are unique in this data set. */
  runId(name: string): string;
  runName(id: string): string | undefined;
}

export class BackendPool {
  private readonly opened = new Map<BackendKind, Promise<Backend>>();
  private readonly snapshots = new Map<BackendKind, Promise<Snapshot>>();

  constructor(private readonly openers: Record<BackendKind, () => Promise<Backend>>) {}

  get kinds(): BackendKind[] {
    return Object.keys(this.openers) as BackendKind[];
  }

  backend(kind: BackendKind): Promise<Backend> {
    let backend = this.opened.get(kind);
    if (!backend) {
      backend = this.openers[kind]();
      this.opened.set(kind, backend);
    }
    return backend;
  }

  snapshot(kind: BackendKind): Promise<Snapshot> {
    let snap = this.snapshots.get(kind);
    if (!snap) {
      snap = this.backend(kind).then(takeSnapshot);
      this.snapshots.set(kind, snap);
    }
    return snap;
  }

  async closeAll(): Promise<void> {
    for (const backend of this.opened.values()) await (await backend).close();
  }
}

async function takeSnapshot(backend: Backend): Promise<Snapshot> {
  const { store } = backend;
  // max_results 100 and no view_type for the active view: the recorded requests.
  const experiments = (viewType?: 'ALL' | 'DELETED_ONLY'): Promise<Experiment[]> =>
    collectPages((pageToken) => store.searchExperiments({ maxResults: 100, ...(viewType && { viewType }), ...(pageToken && { pageToken }) }));
  const [active, deleted, all] = await Promise.all([experiments(), experiments('DELETED_ONLY'), experiments('ALL')]);
  const names = new Map(all.map((e) => [e.experiment_id, e.name]));
  const experimentId = (name: string): string => {
    const found = all.find((e) => e.name === name);
    if (!found) throw new Error(`${backend.kind}: no experiment named ${name}`);
    return found.experiment_id;
  };
  const activeRuns = await collectPages((pageToken) => store.searchRuns({ experimentIds: active.map((e) => e.experiment_id), ...(pageToken && { pageToken }) }));
  const deletedRuns = await collectPages((pageToken) =>
    store.searchRuns({ experimentIds: [experimentId('status-zoo'), experimentId('to-be-deleted')], viewType: 'DELETED_ONLY', ...(pageToken && { pageToken }) }),
  );
  const runs = new Map<string, Run>();
  for (const run of [...activeRuns, ...deletedRuns]) runs.set(runKey(names.get(run.info.experiment_id) ?? '?', run.info.run_name), run);
  const byName = new Map([...runs.values()].map((r) => [r.info.run_name, r.info.run_id]));
  const byId = new Map([...runs.values()].map((r) => [r.info.run_id, r.info.run_name]));
  return {
    active,
    deleted,
    all,
    runs,
    experimentName: (id) => names.get(id) ?? `?${id}`,
    experimentId,
    runId: (name) => {
      const id = byName.get(name);
      if (id === undefined) throw new Error(`${backend.kind}: no run named ${name}`);
      return id;
    },
    runName: (id) => byId.get(id),
  };
}

export const runKey = (experiment: string, run: string): string => `${experiment} » ${run}`;

export const sortedPairs = (kv: readonly KeyValue[]): string[] => kv.map((p) => `${p.key}=${p.value}`).sort();

/** ±inf as the SQLite stores (and a server over one) keep it, so encodings compare equal. */
export function clipInfinity(value: number): number {
  if (value === Number.POSITIVE_INFINITY) return Number.MAX_VALUE;
  if (value === Number.NEGATIVE_INFINITY) return -Number.MAX_VALUE;
  return value;
}

/** `key@step=value` of each latest metric, infinities clipped, timestamps left out (each store was written at its own time). */
export const latestMetrics = (metrics: readonly Metric[]): string[] => metrics.map((m) => `${m.key}@${m.step}=${clipInfinity(m.value)}`).sort();

/** `step:value` of each point, infinities clipped. */
export const historyPoints = (metrics: readonly Metric[]): string[] => metrics.map((m) => `${m.step}:${clipInfinity(m.value)}`).sort();
