/** Messages between the file store and its index workers (`indexWorker.ts`). */
import type { ReadSelection } from './runReader';
import type { DataRequest, InfoRequest } from './runLoader';
import type { RunDataResult, RunInfoResult } from './runReader';

export type WorkerTask =
  | { id: number; op: 'infos'; requests: InfoRequest[] }
  | { id: number; op: 'data'; requests: DataRequest[]; include: ReadSelection };

export type WorkerReply =
  | { id: number; ok: true; results: RunInfoResult[] | RunDataResult[] }
  | { id: number; ok: false; error: string };
