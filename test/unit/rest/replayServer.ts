/**
 * A local HTTP server (127.0.0.1, port 0) that answers with the exchanges recorded from a real
 * MLflow 2.12.2 server (`test/fixtures/rest/*.json`). A request is answered only when it matches a
 * recording: method, path, query, JSON body, and the headers the recording lists. Anything else
 * gets a 599 and is kept in `unmatched`, so a test sees when the client sent what MLflow never saw.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  body_encoding?: 'base64';
}

export interface Exchange {
  name: string;
  request: RecordedRequest;
  response: RecordedResponse | null;
  transport_error?: string;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  headers: http.IncomingHttpHeaders;
  /** The recording that answered, when one did. */
  answeredBy?: string;
}

export interface ReplayServer {
  url: string;
  received: ReceivedRequest[];
  unmatched: ReceivedRequest[];
  close(): Promise<void>;
}

export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'mlflow-lens') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no mlflow-lens package.json above ${__dirname}`);
    dir = parent;
  }
}

export const restFixtures = (): string => path.join(repoRoot(), 'test', 'fixtures', 'rest');

export function loadExchanges(dir: string, include: (name: string) => boolean): Exchange[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .filter(include)
    .sort()
    .map((name) => ({ name, ...(JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as Omit<Exchange, 'name'>) }));
}

/** The exchanges of the plain server over `generated/server` (no auth app, no file store). */
export const mainServerExchange = (name: string): boolean =>
  !name.startsWith('auth-basic__') && !name.startsWith('file-store-server__');

// RECORDING.md: "metrics/get-history-bulk and experiments/search-datasets exist only under /ajax-api".
const AJAX_ONLY = new Set(['metrics/get-history-bulk', 'experiments/search-datasets']);
// RECORDING.md: "metrics/get-history ignores max_results and page_token in 2.12.2".
const IGNORED_PARAMS: Record<string, readonly string[]> = { 'mlflow:metrics/get-history': ['max_results', 'page_token'] };

/** `/api/2.0/mlflow/x` and `/ajax-api/2.0/mlflow/x` are one endpoint, as RECORDING.md observed. */
function endpointKey(decodedPath: string): string {
  const match = /^\/(?:api|ajax-api)\/2\.0\/mlflow\/(.+)$/.exec(decodedPath);
  if (!match?.[1] || AJAX_ONLY.has(match[1])) return decodedPath;
  return `mlflow:${match[1]}`;
}

function matches(recorded: RecordedRequest, got: ReceivedRequest, missingHeadersMeanNone: boolean): boolean {
  if (recorded.method !== got.method) return false;
  const key = endpointKey(safeDecode(recorded.path));
  if (key !== endpointKey(got.path)) return false;
  const ignored = IGNORED_PARAMS[key] ?? [];
  const query = Object.fromEntries(Object.entries(got.query).filter(([k]) => !ignored.includes(k)));
  if (!isDeepStrictEqual(recorded.query, query)) return false;
  if (!isDeepStrictEqual(recorded.body ?? null, got.body ?? null)) return false;
  const headers = recorded.headers ?? (missingHeadersMeanNone ? {} : undefined);
  if (headers) {
    for (const [name, value] of Object.entries(headers)) {
      const sent = got.headers[name];
      if (name === 'content-type' ? !String(sent ?? '').startsWith(value) : sent !== value) return false;
    }
    // Recordings list the headers that matter; one made without credentials saw none.
    if (!('authorization' in headers) && got.headers.authorization !== undefined) return false;
  }
  return true;
}

/** MLflow writes non-ASCII as `\uXXXX`; the replay does the same so clients parse what MLflow sends. */
function mlflowJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export async function startReplayServer(
  exchanges: readonly Exchange[],
  options: { missingHeadersMeanNone?: boolean } = {},
): Promise<ReplayServer> {
  const received: ReceivedRequest[] = [];
  const unmatched: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const query: Record<string, string | string[]> = {};
      for (const key of new Set(url.searchParams.keys())) {
        const all = url.searchParams.getAll(key);
        query[key] = all.length === 1 ? (all[0] as string) : all;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      const got: ReceivedRequest = { method: req.method ?? '', path: safeDecode(url.pathname), query, body, headers: req.headers };
      received.push(got);
      const exchange = exchanges.find((e) => matches(e.request, got, options.missingHeadersMeanNone ?? false));
      if (!exchange) {
        unmatched.push(got);
        res.writeHead(599, { 'content-type': 'text/plain' }).end('no recorded exchange matches this request');
        return;
      }
      got.answeredBy = exchange.name;
      if (!exchange.response) {
        req.socket.destroy(); // the recorded server closed the connection without answering
        return;
      }
      const { status, headers, body: recordedBody, body_encoding: encoding } = exchange.response;
      const payload =
        encoding === 'base64'
          ? Buffer.from(String(recordedBody), 'base64')
          : Buffer.from(typeof recordedBody === 'string' ? recordedBody : mlflowJson(recordedBody), 'utf8');
      res.writeHead(status, { ...headers, 'content-length': String(payload.length) }).end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    unmatched,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
