/**
 * Worker thread entry (`dist/indexWorker.js`): reads batches of run folders with blocking fs
 * calls, which are cheaper per call than async ones and block nothing here.
 */
import { parentPort } from 'node:worker_threads';
import { syncReadFs } from './readFs';
import { readRunData, readRunInfo, type DatasetCache, type RunDataResult } from './runReader';
import { unpackLocation, type PackedInfoResult, type WorkerReply, type WorkerTask } from './workerProtocol';

async function handle(task: WorkerTask): Promise<WorkerReply> {
  try {
    const n = task.locs.runDirs.length;
    if (task.op === 'infos') {
      const results: PackedInfoResult[] = [];
      for (let i = 0; i < n; i++) {
        const mtimeMs = task.known[2 * i]!;
        const size = task.known[2 * i + 1]!;
        const known = Number.isNaN(mtimeMs) ? undefined : { mtimeMs, size };
        const r = await readRunInfo(syncReadFs, unpackLocation(task.locs, i), known);
        results.push(r.kind === 'unchanged' ? 0 : r);
      }
      return { id: task.id, ok: true, results };
    }
    const results: RunDataResult[] = [];
    const datasets: DatasetCache = new Map();
    for (let i = 0; i < n; i++) results.push(await readRunData(syncReadFs, unpackLocation(task.locs, i), task.runIds[i]!, task.include, datasets));
    return { id: task.id, ok: true, results };
  } catch (e) {
    return { id: task.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

const port = parentPort;
if (port) {
  port.on('message', (task: WorkerTask) => {
    void handle(task).then((reply) => port.postMessage(reply));
  });
}
