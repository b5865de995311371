/**
 * Run actions on a tracking server through MLflow's documented REST endpoints (`runs/update`,
 * `runs/set-tag`, `runs/delete-tag`, `runs/delete`, `runs/restore`, `experiments/update`). The
 * server applies MLflow's own rules; its refusal (400/403/404, a lock) is passed on with its
 * message. Writes are not retried: a lost answer must not turn into a second write.
 */
import { HttpClient } from '../rest/http';
import type { RestStoreOptions } from '../rest/restStore';
import { RUN_NAME_TAG, type StoreWriter } from './storeWriter';

const API = '/api/2.0/mlflow';

export class RestStoreWriter implements StoreWriter {
  readonly kind = 'rest' as const;
  private readonly http: HttpClient;

  constructor(trackingUri: string, options: RestStoreOptions = {}) {
    const { workspace, headers, credentials, timeoutMs, tls, maxBodyBytes, logger } = options;
    this.http = new HttpClient({
      credentials,
      timeoutMs,
      tls,
      maxBodyBytes,
      logger,
      baseUrl: trackingUri,
      headers: { ...headers, ...(workspace ? { 'X-MLFLOW-WORKSPACE': workspace } : {}) },
      retry: { maxRetries: 0 },
    });
  }

  async renameRun(runId: string, name: string): Promise<void> {
    // The server also sets the mlflow.runName tag (SqlAlchemyStore.update_run_info).
    await this.post('/runs/update', { run_id: runId, run_uuid: runId, run_name: name });
  }

  async setRunTag(runId: string, key: string, value: string): Promise<void> {
    if (key === RUN_NAME_TAG) return this.renameRun(runId, value);
    await this.post('/runs/set-tag', { run_id: runId, run_uuid: runId, key, value });
  }

  async deleteRunTag(runId: string, key: string): Promise<void> {
    await this.post('/runs/delete-tag', { run_id: runId, key });
  }

  async deleteRun(runId: string): Promise<void> {
    await this.post('/runs/delete', { run_id: runId });
  }

  async restoreRun(runId: string): Promise<void> {
    await this.post('/runs/restore', { run_id: runId });
  }

  async renameExperiment(experimentId: string, name: string): Promise<void> {
    await this.post('/experiments/update', { experiment_id: experimentId, new_name: name });
  }

  dispose(): void {
    this.http.dispose();
  }

  private async post(path: string, body: object): Promise<void> {
    await this.http.json({ method: 'POST', path: `${API}${path}`, body });
  }
}
