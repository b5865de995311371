/**
 * MLflow's REST endpoints as typed calls: path, method and parameter names exactly as MLflow 2.x/3.x
 * servers expect them (see tracking-stores.md §14.7). Returns raw JSON objects; `mapping.ts` turns
 * them into entities. Optional parameters are sent only when set, so a server's defaults apply.
 */
import type { ViewType } from '../../model/entities';
import type { HttpClient, QueryValue } from './http';
import { asObject } from './mapping';
import { RestStoreError } from './restErrors';

const API = '/api/2.0/mlflow';
const AJAX_API = '/ajax-api/2.0/mlflow';
const ARTIFACT_PROXY = '/api/2.0/mlflow-artifacts/artifacts';

type Json = Record<string, unknown>;

export interface SearchExperimentsBody {
  max_results: number;
  page_token?: string;
  view_type?: ViewType;
  filter?: string;
  order_by?: string[];
}

export interface SearchRunsBody {
  experiment_ids: string[];
  filter?: string;
  run_view_type?: ViewType;
  max_results?: number;
  order_by?: string[];
  page_token?: string;
}

export interface RegistrySearchQuery {
  filter?: string;
  max_results?: number;
  order_by?: string[];
  page_token?: string;
}

export interface BulkIntervalQuery {
  run_ids: string[];
  metric_key: string;
  max_results: number;
  start_step?: number;
  end_step?: number;
}

/** The endpoints of one server, over one HTTP client. */
export class MlflowApi {
  constructor(private readonly http: HttpClient) {}

  searchExperiments(body: SearchExperimentsBody, signal?: AbortSignal): Promise<Json> {
    return this.post('/experiments/search', body, signal);
  }

  getExperiment(experimentId: string, signal?: AbortSignal): Promise<Json> {
    return this.get('/experiments/get', { experiment_id: experimentId }, signal);
  }

  /** POST only: `GET runs/search` is a 405 on MLflow 2.x. */
  searchRuns(body: SearchRunsBody, signal?: AbortSignal): Promise<Json> {
    return this.post('/runs/search', body, signal);
  }

  getRun(runId: string, signal?: AbortSignal): Promise<Json> {
    return this.get('/runs/get', { run_id: runId }, signal);
  }

  getMetricHistory(
    query: { run_id: string; metric_key: string; max_results: number; page_token?: string },
    signal?: AbortSignal,
  ): Promise<Json> {
    return this.get('/metrics/get-history', query, signal);
  }

  /**
   * The sampled chart endpoint (2.11+). Registered under `/api/2.0` and `/ajax-api/2.0`; the
   * former is tried first because `--static-prefix` moves only the latter.
   */
  async getMetricHistoryBulkInterval(query: BulkIntervalQuery, signal?: AbortSignal): Promise<Json> {
    const params: Record<string, QueryValue> = { ...query };
    try {
      return await this.get('/metrics/get-history-bulk-interval', params, signal);
    } catch (error) {
      if (!isMissingEndpoint(error)) throw error;
      return this.json({ method: 'GET', path: `${AJAX_API}/metrics/get-history-bulk-interval`, query: params, signal });
    }
  }

  listArtifacts(runId: string, path: string | undefined, signal?: AbortSignal): Promise<Json> {
    return this.get('/artifacts/list', { run_id: runId, path: path || undefined }, signal);
  }

  /** Raw artifact bytes through the tracking server (any artifact root the server can read). */
  getArtifact(runId: string, path: string, signal?: AbortSignal): Promise<Uint8Array> {
    return this.http.bytes({ method: 'GET', path: '/get-artifact', query: { path, run_uuid: runId }, signal });
  }

  /** Raw bytes of `mlflow-artifacts:/<location>` through the artifact proxy; segments percent-encoded. */
  downloadProxiedArtifact(location: string, signal?: AbortSignal): Promise<Uint8Array> {
    return this.http.bytes({ method: 'GET', path: `${ARTIFACT_PROXY}/${encodeSegments(location)}`, signal });
  }

  /** One level of `mlflow-artifacts:/<location>`; answers base names. */
  listProxiedArtifacts(location: string, signal?: AbortSignal): Promise<Json> {
    return this.json({ method: 'GET', path: ARTIFACT_PROXY, query: { path: location }, signal });
  }

  /** GET only on MLflow 2.x. */
  searchRegisteredModels(query: RegistrySearchQuery, signal?: AbortSignal): Promise<Json> {
    return this.get('/registered-models/search', { ...query }, signal);
  }

  getRegisteredModel(name: string, signal?: AbortSignal): Promise<Json> {
    return this.get('/registered-models/get', { name }, signal);
  }

  /** GET only on MLflow 2.x. */
  searchModelVersions(query: RegistrySearchQuery, signal?: AbortSignal): Promise<Json> {
    return this.get('/model-versions/search', { ...query }, signal);
  }

  /** MLflow 3 only (a 2.x server answers 404 HTML). */
  searchLoggedModels(body: { experiment_ids: string[]; max_results?: number; page_token?: string }, signal?: AbortSignal): Promise<Json> {
    return this.post('/logged-models/search', body, signal);
  }

  getModelVersion(name: string, version: string, signal?: AbortSignal): Promise<Json> {
    return this.get('/model-versions/get', { name, version }, signal);
  }

  private get(path: string, query: Readonly<Record<string, QueryValue>>, signal?: AbortSignal): Promise<Json> {
    return this.json({ method: 'GET', path: `${API}${path}`, query, signal });
  }

  private post(path: string, body: object, signal?: AbortSignal): Promise<Json> {
    return this.json({ method: 'POST', path: `${API}${path}`, body: withoutUndefined(body), signal });
  }

  private async json(request: Parameters<HttpClient['json']>[0]): Promise<Json> {
    const answer = await this.http.json(request);
    try {
      return asObject(answer, `the answer to ${request.path}`);
    } catch {
      throw this.http.clean(
        new RestStoreError(
          'corrupt',
          `The server at ${this.http.origin} answered ${request.path} with JSON that is not an object.`,
          `${this.http.origin}${request.path}`,
          'invalidJson',
        ),
      );
    }
  }
}

/** `a/b c/ü` → `a/b%20c/%C3%BC`: each segment percent-encoded as UTF-8, slashes kept. */
export function encodeSegments(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function withoutUndefined(body: object): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(body)) if (value !== undefined) out[key] = value;
  return out;
}

function isMissingEndpoint(error: unknown): boolean {
  return error instanceof RestStoreError && error.status === 404 && error.failure === 'htmlInsteadOfJson';
}
