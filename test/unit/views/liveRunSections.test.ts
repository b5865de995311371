/**
 * The server poll and the expanded sections of a RUNNING run: a fake MLflow REST server (runs/search,
 * runs/get) behind the real RestStore, the view's ListingCache and section builder, and the LivePoller
 * driven by hand-fired timers, as `liveServerView.ts` wires them. A run that logs metrics or params while
 * it runs gets its expanded Metrics and Parameters read again (a new tag already changed its listing);
 * a finished run and a section nobody shows are not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Metric, Run, RunStatus } from '../../../src/core/model/entities';
import { RestStore } from '../../../src/core/store/rest/restStore';
import { ListingCache } from '../../../src/views/explorer/listingCache';
import type { ExplorerNode, RunSection, RunSectionNode } from '../../../src/views/explorer/nodes';
import { sectionChildren } from '../../../src/views/explorer/runDetailChildren';
import { LivePoller, type PollTimers } from '../../../src/views/explorer/serverPolling';
import { sendJson, startFaultServer, type FaultServer } from '../rest/faultServer';

const EXPERIMENT = '7';

/** What the fake server holds: runs by id, as MLflow's REST API spells them. */
interface ServerRun {
  status: RunStatus;
  metrics: Metric[];
  params: { key: string; value: string }[];
  tags: { key: string; value: string }[];
}

function restRun(id: string, run: ServerRun): Run {
  return {
    info: { run_id: id, run_uuid: id, run_name: id, experiment_id: EXPERIMENT, user_id: 'u', status: run.status, start_time: 1_700_000_000_000, artifact_uri: `mlflow-artifacts:/${id}`, lifecycle_stage: 'active' },
    data: { metrics: run.metrics, params: run.params, tags: run.tags },
  };
}

class ManualTimers implements PollTimers {
  private nextId = 1;
  readonly pending = new Map<number, { callback: () => void; ms: number }>();
  set(callback: () => void, ms: number): number {
    this.pending.set(this.nextId, { callback, ms });
    return this.nextId++;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
}

void describe('the server poll and the expanded sections of RUNNING runs', () => {
  const runs = new Map<string, ServerRun>();
  let server: FaultServer;
  let store: RestStore;
  let listings: ListingCache;
  let poller: LivePoller;
  let timers: ManualTimers;
  const repainted: string[] = [];
  const readErrors: unknown[] = [];

  const getsOf = (runId: string) => server.arrived.filter((r) => r.url.includes('/runs/get') && r.url.includes(`run_id=${runId}`)).length;
  const searches = () => server.arrived.filter((r) => r.url.includes('/runs/search')).length;
  const section = (runId: string, name: RunSection): RunSectionNode => ({ kind: 'section', id: `run:${runId}/${name}`, section: name, runId });
  /** What an expanded section shows: `key=value` per row (a metric with its step). */
  const shown = async (runId: string, name: RunSection) =>
    (await sectionChildren(store, listings, section(runId, name))).map((n: ExplorerNode) =>
      n.kind === 'metric' ? `${n.metricKey}=${n.metric.value}@${n.metric.step}` : n.kind === 'param' || n.kind === 'tag' ? `${n.key}=${n.value}` : n.kind,
    );
  /** Fires the scheduled poll and waits until its read has settled (the next poll is scheduled again). */
  async function poll(): Promise<void> {
    const entry = [...timers.pending.entries()].find(([, t]) => t.ms < 15_000);
    assert.ok(entry, 'no poll is scheduled');
    timers.pending.delete(entry[0]);
    const before = readErrors.length;
    entry[1].callback();
    while (readErrors.length === before) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(readErrors.at(-1), undefined, 'the poll read the server');
  }

  before(async () => {
    server = await startFaultServer((req, res) => {
      if (req.url.includes('/runs/search')) {
        sendJson(res, 200, { runs: [...runs.entries()].map(([id, run]) => restRun(id, run)) });
      } else if (req.url.includes('/runs/get')) {
        const id = new URL(req.url, 'http://x').searchParams.get('run_id') ?? '';
        const run = runs.get(id);
        if (run) sendJson(res, 200, { run: restRun(id, run) });
        else sendJson(res, 404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Run '${id}' not found` });
      } else if (req.url.includes('/experiments/search')) {
        sendJson(res, 200, { experiments: [{ experiment_id: EXPERIMENT, name: 'live', artifact_location: 'mlflow-artifacts:/7', lifecycle_stage: 'active', tags: [] }] });
      } else sendJson(res, 404, { error_code: 'ENDPOINT_NOT_FOUND', message: req.url });
    });
    store = new RestStore(server.url, { timeoutMs: 5000 });
    listings = new ListingCache({ viewType: () => 'ACTIVE_ONLY', query: () => ({ filter: '' }), runPageSize: () => 100 });
    timers = new ManualTimers();
    poller = new LivePoller({
      intervalMs: () => 1000,
      // As LiveServerView reads: the experiments whose runs are loaded.
      read: (signal) =>
        listings.reread(store, listings.loadedExperimentIds(), signal, {
          experimentList: () => repainted.push('root'),
          runsOf: (id) => repainted.push(`exp:${id}`),
        }),
      onResult: (error) => readErrors.push(error),
      timers,
    });
  });

  after(async () => {
    poller?.dispose();
    store?.dispose();
    await server?.close();
  });

  void it('metrics and a param logged by a RUNNING run show in its expanded sections after the next poll; a finished run is not read again', async () => {
    runs.set('live', { status: 'RUNNING', metrics: [{ key: 'loss', value: 1.5, timestamp: 1, step: 0 }], params: [{ key: 'lr', value: '0.1' }], tags: [] });
    runs.set('done', { status: 'FINISHED', metrics: [{ key: 'acc', value: 0.9, timestamp: 1, step: 3 }], params: [], tags: [] });
    // As the view has read them: the experiment list, then the expanded experiment's runs.
    await listings.experimentList(store);
    await listings.runsOf(store, EXPERIMENT);
    // Expanded: the live run's Metrics and Parameters and the finished run's Metrics. Tags of both stay collapsed.
    assert.deepEqual(await shown('live', 'metrics'), ['loss=1.5@0']);
    assert.deepEqual(await shown('live', 'params'), ['lr=0.1']);
    assert.deepEqual(await shown('done', 'metrics'), ['acc=0.9@3']);
    assert.deepEqual([getsOf('live'), getsOf('done')], [1, 1], 'one read of each run for all its sections');
    poller.setActive(true, false);

    // Nothing logged: the poll lists the runs again and nothing repaints.
    await poll();
    assert.deepEqual(repainted, []);
    assert.deepEqual(await shown('live', 'metrics'), ['loss=1.5@0']);
    assert.deepEqual([getsOf('live'), getsOf('done')], [1, 1]);

    // The run logs: its experiment repaints, and its expanded sections (read again by the tree) show it.
    runs.get('live')!.metrics = [{ key: 'loss', value: 0.75, timestamp: 2, step: 1 }, { key: 'acc', value: 0.5, timestamp: 2, step: 1 }];
    runs.get('live')!.params.push({ key: 'batch', value: '32' });
    const searchesBefore = searches();
    await poll();
    assert.equal(searches(), searchesBefore + 1, 'one listing per poll');
    assert.equal(getsOf('live'), 1, 'the poll itself reads no run details: only what the tree shows again is read');
    assert.deepEqual(repainted, [`exp:${EXPERIMENT}`]);
    assert.deepEqual(await shown('live', 'metrics'), ['acc=0.5@1', 'loss=0.75@1']);
    assert.deepEqual(await shown('live', 'params'), ['batch=32', 'lr=0.1']);
    assert.equal(getsOf('live'), 2, 'one read of the run for all its expanded sections');
    assert.deepEqual(await shown('done', 'metrics'), ['acc=0.9@3']);
    assert.equal(getsOf('done'), 1, 'the finished run is served from memory');

    // The same metrics listed in another order are no change (a server need not keep its order).
    runs.get('live')!.metrics.reverse();
    await poll();
    assert.deepEqual(repainted, [`exp:${EXPERIMENT}`]);

    // It finishes with a last value: shown once more; afterwards its data is no longer compared.
    runs.get('live')!.status = 'FINISHED';
    runs.get('live')!.metrics = [{ key: 'loss', value: 0.5, timestamp: 3, step: 2 }];
    await poll();
    assert.deepEqual(await shown('live', 'metrics'), ['loss=0.5@2']);
    assert.equal(getsOf('live'), 3);
    assert.deepEqual(repainted, [`exp:${EXPERIMENT}`, `exp:${EXPERIMENT}`]);
    runs.get('live')!.metrics = [{ key: 'loss', value: 99, timestamp: 4, step: 3 }];
    await poll();
    assert.deepEqual(repainted, [`exp:${EXPERIMENT}`, `exp:${EXPERIMENT}`], 'a finished run is not compared by its data');
    assert.deepEqual(await shown('live', 'metrics'), ['loss=0.5@2']);
    assert.equal(getsOf('live'), 3);
  });
});
