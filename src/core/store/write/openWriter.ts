/**
 * The writer for an open store: the same tracking URI, options and working folder the store was
 * opened with. Every write checks its input with MLflow's rules before the backend sees it, and
 * tells the store what changed so its caches re-read.
 */
import { parseTrackingUri, type OpenStoreOptions } from '../openStore';
import { sqlitePathFromUri } from '../sqlite/sqliteUri';
import { StoreError } from '../storeErrors';
import type { TrackingStore } from '../trackingStore';
import { FileStoreWriter } from './fileWriter';
import { RestStoreWriter } from './restWriter';
import { SqliteStoreWriter, type SqliteWriterOptions } from './sqliteWriter';
import type { StoreWriter } from './storeWriter';
import { checkExperimentId, checkExperimentName, checkRunId, checkRunName, checkTagKey, checkTagValue } from './writeChecks';
import { RUN_NAME_TAG } from './storeWriter';

export interface OpenWriterOptions extends Pick<OpenStoreOptions, 'cwd' | 'rest'> {
  sqlite?: SqliteWriterOptions;
}

export function openStoreWriter(store: TrackingStore, options: OpenWriterOptions = {}): StoreWriter {
  const cwd = options.cwd ?? process.cwd();
  const parsed = parseTrackingUri(store.uri, cwd);
  const changed = (p: string) => store.notifyChanged?.(p);
  let backend: StoreWriter;
  switch (parsed.kind) {
    case 'file':
      backend = new FileStoreWriter(parsed.path, changed);
      break;
    case 'sqlite':
      backend = new SqliteStoreWriter(sqlitePathFromUri(parsed.uri, cwd), changed, options.sqlite);
      break;
    case 'rest':
      backend = new RestStoreWriter(parsed.uri, options.rest);
      break;
    default:
      throw new StoreError('unsupported', `MLflow Lens cannot write to '${parsed.scheme}:' stores.`, parsed.uri);
  }
  return new CheckedWriter(backend);
}

/** MLflow's input rules in front of any backend, so a bad value never reaches the store. */
class CheckedWriter implements StoreWriter {
  readonly kind: StoreWriter['kind'];

  constructor(private readonly backend: StoreWriter) {
    this.kind = backend.kind;
  }

  renameRun(runId: string, name: string): Promise<void> {
    return this.checked(() => (checkRunId(runId), checkRunName(name)), () => this.backend.renameRun(runId, name));
  }

  setRunTag(runId: string, key: string, value: string): Promise<void> {
    return this.checked(
      () => {
        checkRunId(runId);
        checkTagKey(key);
        if (key === RUN_NAME_TAG) checkRunName(value);
        else checkTagValue(value);
      },
      () => this.backend.setRunTag(runId, key, value),
    );
  }

  deleteRunTag(runId: string, key: string): Promise<void> {
    return this.checked(() => (checkRunId(runId), checkTagKey(key)), () => this.backend.deleteRunTag(runId, key));
  }

  deleteRun(runId: string): Promise<void> {
    return this.checked(() => checkRunId(runId), () => this.backend.deleteRun(runId));
  }

  restoreRun(runId: string): Promise<void> {
    return this.checked(() => checkRunId(runId), () => this.backend.restoreRun(runId));
  }

  renameExperiment(experimentId: string, name: string): Promise<void> {
    return this.checked(() => (checkExperimentId(experimentId), checkExperimentName(name)), () => this.backend.renameExperiment(experimentId, name));
  }

  dispose(): void {
    this.backend.dispose();
  }

  private async checked(check: () => void, write: () => Promise<void>): Promise<void> {
    check();
    await write();
  }
}
