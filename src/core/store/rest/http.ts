/**
 * The one place that talks HTTP to a tracking server: timeouts, cancellation, bounded retries with
 * exponential backoff (429/502/503/504 only), auth from an injected credentials provider, custom
 * headers, TLS settings, and status → StoreError. Built on `node:http(s)` rather than `fetch`
 * because Node 20's fetch cannot take a CA bundle or turn TLS verification off per server.
 * Every log line and error message is redacted and scrubbed of the credentials in use.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { redact, silentLogger, type Logger } from '../../log';
import { StoreError } from '../storeErrors';
import { authorizationHeader, scrubSecrets, type AuthHeader, type CredentialsProvider } from './credentials';
import {
  errorFromResponse,
  errorFromTransport,
  errorInvalidJson,
  errorTooLarge,
  TIMEOUT_CODE,
  type ReceivedResponse,
  type RequestContext,
} from './restErrors';

export interface RetryPolicy {
  /** Retries after the first attempt (0 = never retry). */
  maxRetries: number;
  /** Wait before the first retry; doubles each time. */
  baseDelayMs: number;
  /** Upper bound for one wait, including a server's `Retry-After`. */
  maxDelayMs: number;
}

export interface TlsSettings {
  /** PEM text of extra certificate authorities to trust (a CA bundle). */
  ca?: string;
  /** False skips certificate verification (MLflow's `MLFLOW_TRACKING_INSECURE_TLS`). */
  rejectUnauthorized?: boolean;
}

export interface HttpClientOptions {
  /** The tracking URI without credentials; API paths are appended to its path. */
  baseUrl: string;
  credentials?: CredentialsProvider;
  /** Extra headers sent with every request (for example `X-MLFLOW-WORKSPACE`). */
  headers?: Readonly<Record<string, string>>;
  /** Deadline for one attempt, from sending to the last byte of the answer. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  tls?: TlsSettings;
  /** Answers larger than this are refused rather than buffered. */
  maxBodyBytes?: number;
  logger?: Logger;
}

export type QueryValue = string | number | boolean | undefined | readonly (string | number)[];

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Path below the base URL, starting with `/`, already percent-encoded. */
  path: string;
  /** Query parameters; arrays repeat the key, undefined values are left out. */
  query?: Readonly<Record<string, QueryValue>>;
  /** JSON body for POST. */
  body?: unknown;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  contentType: string;
  body: Buffer;
  /** The `Retry-After` header, when the server sent one. */
  retryAfter?: string;
  /** The `Location` header of a redirect (never followed: it would carry credentials elsewhere). */
  redirectTo?: string;
}

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

const DEFAULT_RETRY: RetryPolicy = { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 8000 };
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_BODY_BYTES = 512 * 1024 * 1024;

export class HttpClient {
  readonly origin: string;
  private readonly base: URL;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;
  private readonly logger: Logger;
  private readonly agent: http.Agent;
  /** Every secret this client has sent, so nothing it emits can contain one. */
  private readonly knownSecrets = new Set<string>();

  constructor(private readonly options: HttpClientOptions) {
    this.base = new URL(options.baseUrl);
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') {
      throw new StoreError('invalidArgument', `Not an http(s) tracking URI: ${redact(options.baseUrl)}`, redact(options.baseUrl));
    }
    if (this.base.username || this.base.password) {
      // Credentials belong in SecretStorage or the environment, never in a URI we might display.
      throw new StoreError(
        'invalidArgument',
        `The tracking URI ${redact(options.baseUrl)} carries credentials; enter them with the credentials command instead.`,
        redact(options.baseUrl),
      );
    }
    this.origin = this.base.origin;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.logger = options.logger ?? silentLogger;
    this.agent =
      this.base.protocol === 'https:'
        ? new https.Agent({
            keepAlive: true,
            ...(options.tls?.ca !== undefined ? { ca: options.tls.ca } : {}),
            rejectUnauthorized: options.tls?.rejectUnauthorized ?? true,
          })
        : new http.Agent({ keepAlive: true });
  }

  /** Sends a request and parses a 2xx JSON answer; anything else becomes a StoreError. */
  async json(request: HttpRequest): Promise<unknown> {
    const { response, ctx } = await this.exchange(request);
    if (response.status >= 200 && response.status < 300 && looksLikeJson(response)) {
      const text = response.body.toString('utf8');
      if (text.trim() === '') return {};
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw this.clean(errorInvalidJson(ctx, response.status, error));
      }
    }
    throw this.clean(errorFromResponse(textOf(response), ctx));
  }

  /** Sends a request and returns the raw bytes of a 2xx answer (artifact downloads). */
  async bytes(request: HttpRequest): Promise<Uint8Array> {
    const { response, ctx } = await this.exchange(request);
    if (response.status >= 200 && response.status < 300) return new Uint8Array(response.body);
    throw this.clean(errorFromResponse(textOf(response), ctx));
  }

  /** Passes a text through `redact()` and removes every credential this client has used. */
  clean<T extends string | Error>(value: T): T {
    if (typeof value === 'string') return scrubSecrets(redact(value), [...this.knownSecrets]) as T;
    // Locations are built from already-cleaned URLs; messages may quote what a server sent.
    value.message = this.clean(value.message);
    // The stack was captured with the uncleaned message in its first line.
    if (value.stack !== undefined) value.stack = this.clean(value.stack);
    return value;
  }

  dispose(): void {
    this.agent.destroy();
  }

  private async exchange(request: HttpRequest): Promise<{ response: HttpResponse; ctx: RequestContext }> {
    const url = this.urlFor(request);
    for (let attempt = 0; ; attempt++) {
      throwIfCancelled(request.signal);
      const auth = authorizationHeader(await this.options.credentials?.());
      for (const secret of auth?.secrets ?? []) this.knownSecrets.add(secret);
      const ctx: RequestContext = {
        origin: this.origin,
        path: this.clean(decodeForDisplay(new URL(url).pathname)),
        url: this.clean(url),
        authScheme: auth?.scheme,
        timeoutMs: this.timeoutMs,
      };
      const started = Date.now();
      let response: HttpResponse;
      try {
        response = await this.attempt(url, request, auth, ctx);
      } catch (error) {
        if (error instanceof StoreError) throw this.clean(error);
        const failure = this.clean(errorFromTransport(error, ctx));
        this.logger.warn(this.clean(`${request.method} ${ctx.url} failed after ${Date.now() - started} ms: ${failure.message}`));
        throw failure;
      }
      this.logger.debug(
        this.clean(`${request.method} ${ctx.url} → ${response.status} (${Date.now() - started} ms, ${response.body.length} bytes)`),
      );
      if (!RETRYABLE_STATUSES.has(response.status) || attempt >= this.retry.maxRetries) {
        return { response, ctx };
      }
      const delay = this.backoff(attempt, response);
      this.logger.info(
        this.clean(`${request.method} ${ctx.url} answered ${response.status}; retry ${attempt + 1} of ${this.retry.maxRetries} in ${delay} ms`),
      );
      await sleep(delay, request.signal);
    }
  }

  private attempt(url: string, request: HttpRequest, auth: AuthHeader | undefined, ctx: RequestContext): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...this.options.headers, Accept: 'application/json, */*;q=0.5' };
    let payload: Buffer | undefined;
    if (request.body !== undefined) {
      payload = Buffer.from(JSON.stringify(request.body), 'utf8');
      // MLflow rejects POST bodies without this exact content type (400).
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    if (auth) headers['Authorization'] = auth.value;
    const transport = url.startsWith('https:') ? https : http;

    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const finish = (error: unknown, response?: HttpResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        if (response) resolve(response);
        else reject(error);
      };
      const req = transport.request(url, { method: request.method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.maxBodyBytes) {
            finish(errorTooLarge(ctx, this.maxBodyBytes));
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          if (!res.complete) return;
          finish(undefined, {
            status: res.statusCode ?? 0,
            contentType: headerValue(res.headers['content-type']),
            body: Buffer.concat(chunks),
            retryAfter: headerValue(res.headers['retry-after']) || undefined,
            redirectTo: headerValue(res.headers['location']) || undefined,
          });
        });
        res.on('error', (error) => finish(error));
        // Closed before the whole answer arrived (finish ignores this after a complete answer).
        res.on('close', () => finish(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' })));
      });
      const onAbort = (): void => {
        finish(cancelledError());
        req.destroy();
      };
      const timer = setTimeout(() => {
        finish(Object.assign(new Error(`no answer within ${this.timeoutMs} ms`), { code: TIMEOUT_CODE }));
        req.destroy();
      }, this.timeoutMs);
      request.signal?.addEventListener('abort', onAbort, { once: true });
      if (request.signal?.aborted) onAbort(); // aborted while the credentials were being read
      req.on('error', (error) => finish(error));
      req.end(payload);
    });
  }

  private backoff(attempt: number, response: HttpResponse): number {
    const exponential = this.retry.baseDelayMs * 2 ** attempt;
    const retryAfter = parseRetryAfter(response.retryAfter);
    return Math.min(this.retry.maxDelayMs, Math.max(exponential, retryAfter ?? 0));
  }

  private urlFor(request: HttpRequest): string {
    const url = new URL(this.base.href);
    url.pathname = url.pathname.replace(/\/+$/, '') + request.path;
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value as readonly (string | number)[]) params.append(key, String(item));
      else params.append(key, String(value));
    }
    url.search = params.toString().replace(/\+/g, '%20');
    return url.href;
  }
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const secondsValue = Number(value);
  if (Number.isFinite(secondsValue)) return Math.max(0, secondsValue * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function cancelledError(): StoreError {
  return new StoreError('cancelled', 'The request to the MLflow server was cancelled.');
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/** JSON by content type, or by shape when a proxy dropped the content type. */
function looksLikeJson(response: HttpResponse): boolean {
  if (/\bjson\b/i.test(response.contentType)) return true;
  if (response.contentType !== '') return false;
  const first = response.body.subarray(0, 64).toString('utf8').trimStart()[0];
  return first === '{' || first === '[';
}

function textOf(response: HttpResponse): ReceivedResponse {
  return {
    status: response.status,
    contentType: response.contentType,
    // Only the start matters for messages; a 10 MB error page is not worth decoding whole.
    bodyText: response.body.subarray(0, 64 * 1024).toString('utf8'),
    redirectTo: response.redirectTo,
  };
}

function decodeForDisplay(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}


