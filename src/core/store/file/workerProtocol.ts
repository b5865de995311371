/**
 * Messages between the file store and its index workers (`indexWorker.ts`). Batches of run
 * locations travel as parallel arrays and "unchanged" answers as 0: at 10,000 runs the cost of
 * cloning one small object per run is what a warm listing spends its time on.
 */
import type { DataRequest, InfoRequest } from './runLoader';
import type { ReadSelection, RunDataResult, RunInfoResult, RunLocation } from './runReader';

/** Run locations of one batch, column by column. */
export interface PackedLocations {
  runDirs: string[];
  folders: string[];
  experimentIds: string[];
  inTrash: boolean[];
}

export type WorkerTask =
  /** `known[2i], known[2i+1]`: the indexed mtime and size of run i's meta.yaml, or NaN. */
  | { id: number; op: 'infos'; locs: PackedLocations; known: number[] }
  | { id: number; op: 'data'; locs: PackedLocations; runIds: string[]; include: ReadSelection };

export type PackedInfoResult = RunInfoResult | 0;

export type WorkerReply =
  | { id: number; ok: true; results: PackedInfoResult[] | RunDataResult[] }
  | { id: number; ok: false; error: string };

export function packLocations(locs: readonly RunLocation[]): PackedLocations {
  return {
    runDirs: locs.map((l) => l.runDir),
    folders: locs.map((l) => l.folder),
    experimentIds: locs.map((l) => l.experimentId),
    inTrash: locs.map((l) => l.inTrash),
  };
}

export function unpackLocation(p: PackedLocations, i: number): RunLocation {
  return { runDir: p.runDirs[i]!, folder: p.folders[i]!, experimentId: p.experimentIds[i]!, inTrash: p.inTrash[i]! };
}

export function packInfoTask(id: number, requests: readonly InfoRequest[]): WorkerTask {
  const known: number[] = [];
  for (const r of requests) known.push(r.known ? r.known.mtimeMs : NaN, r.known ? r.known.size : NaN);
  return { id, op: 'infos', locs: packLocations(requests.map((r) => r.loc)), known };
}

export function packDataTask(id: number, requests: readonly DataRequest[], include: ReadSelection): WorkerTask {
  return { id, op: 'data', locs: packLocations(requests.map((r) => r.loc)), runIds: requests.map((r) => r.runId), include };
}

export function unpackInfoResult(r: PackedInfoResult): RunInfoResult {
  return r === 0 ? { kind: 'unchanged' } : r;
}
