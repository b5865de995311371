/**
 * Worker thread entry (`dist/indexWorker.js`): reads batches of run folders with blocking fs
 * calls, which are cheaper per call than async ones and block nothing here.
 */
import { parentPort } from 'node:worker_threads';
import { syncReadFs } from './readFs';
import { readRunData, readRunInfo, type RunDataResult, type RunInfoResult } from './runReader';
import type { WorkerReply, WorkerTask } from './workerProtocol';

async function handle(task: WorkerTask): Promise<WorkerReply> {
  try {
    if (task.op === 'infos') {
      const results: RunInfoResult[] = [];
      for (const r of task.requests) results.push(await readRunInfo(syncReadFs, r.loc, r.known));
      return { id: task.id, ok: true, results };
    }
    const results: RunDataResult[] = [];
    const datasets = new Map();
    for (const r of task.requests) results.push(await readRunData(syncReadFs, r.loc, r.runId, task.include, datasets));
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
