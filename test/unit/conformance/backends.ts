/**
 * The three backends over the one MLflow data set (../shared/fixtures/generated/README.md): the
 * file store over `test/fixtures/generated-mlruns`, the SQLite store over
 * `test/fixtures/generated-sqlite`, and the REST store over a replay of the exchanges recorded from
 * `mlflow server` on `generated/server`. Each is opened once and shared by the suite's legs.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ModelVersion } from '../../../src/core/model/entities';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { RestStore } from '../../../src/core/store/rest/restStore';
import { SqliteStore } from '../../../src/core/store/sqlite/sqliteStore';
import type { TrackingStore } from '../../../src/core/store/trackingStore';
import { loadExchanges, mainServerExchange, repoRoot, restFixtures, startReplayServer, type ReplayServer } from '../rest/replayServer';

export type BackendKind = 'file' | 'sqlite' | 'rest';

export interface Backend {
  kind: BackendKind;
  store: TrackingStore;
  /** Every visible version of a registered model, as the backend's registry lists them. */
  modelVersions(name: string): Promise<ModelVersion[]>;
  /** REST only: the replay server, whose `unmatched` shows requests MLflow was never asked. */
  replay?: ReplayServer;
  /** Whether `train/loss` (100,000 points, recorded only in ../shared) can be read. */
  hasLongHistory: boolean;
  close(): Promise<void>;
}

export const fixturesDir = path.join(repoRoot(), 'test', 'fixtures');
/** ../shared next to the repository, when this machine has it. */
export const sharedDir = path.resolve(repoRoot(), '../shared');
const LONG_HISTORY = 'metrics-get-history__long-100k';

export async function openFileBackend(): Promise<Backend> {
  const store = new FileStore(path.join(fixturesDir, 'generated-mlruns'), { workerScript: false });
  return {
    kind: 'file',
    store,
    modelVersions: (name) => store.listModelVersions(name),
    hasLongHistory: true,
    close: async () => store.dispose(),
  };
}

export async function openSqliteBackend(): Promise<Backend> {
  const store = await SqliteStore.open(path.join(fixturesDir, 'generated-sqlite', 'mlflow.db'));
  return {
    kind: 'sqlite',
    store,
    modelVersions: (name) => store.getModelVersions(name),
    hasLongHistory: true,
    close: async () => store.dispose(),
  };
}

export async function openRestBackend(): Promise<Backend> {
  const exchanges = loadExchanges(restFixtures(), mainServerExchange);
  // The 8.7 MB history of train/loss is not committed; ../shared has it.
  const sharedRest = path.join(sharedDir, 'fixtures', 'rest');
  const hasLongHistory = fs.existsSync(path.join(sharedRest, `${LONG_HISTORY}.json`));
  if (hasLongHistory) exchanges.push(...loadExchanges(sharedRest, (name) => name === LONG_HISTORY));
  const replay = await startReplayServer(exchanges);
  const store = new RestStore(replay.url, { retry: { maxRetries: 0 } });
  return {
    kind: 'rest',
    store,
    // registered-models/get (for the aliases) and model-versions/search by name: both recorded.
    modelVersions: (name) => store.listModelVersions(name),
    replay,
    hasLongHistory,
    close: async () => {
      store.dispose();
      await replay.close();
    },
  };
}
