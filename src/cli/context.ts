/** What every command gets: parsed options, output streams, and the opened store. */
import os from 'node:os';
import path from 'node:path';
import type { TrackingStore } from '../core/store/trackingStore';
import { parseTrackingUri } from '../core/store/trackingUri';
import { FileStore } from '../core/store/file/fileStore';
import { detectStore } from '../core/store/detectStore';
import { StoreError } from '../core/store/storeErrors';
import type { OptionSpecs } from './args';
import { UsageError } from './args';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export interface Command {
  name: string;
  summary: string;
  /** Usage line after `mlflow-lens <name>`. */
  usage: string;
  options: OptionSpecs;
  /** Extra `--help` text. */
  details?: string;
  run(options: Record<string, string | boolean | undefined>, io: CliIo): Promise<number>;
}

/** Options every store-reading command takes. */
export const storeOptions: OptionSpecs = {
  'tracking-uri': {
    type: 'string',
    value: 'URI',
    description: 'store to read: an mlruns folder, file:, sqlite:/// or http(s):// URI (default: $MLFLOW_TRACKING_URI, then ./mlruns, then ./mlflow.db)',
  },
  cache: { type: 'boolean', description: 'use the index of finished runs in the cache folder (default; --no-cache bypasses it)' },
  'cache-dir': { type: 'string', value: 'DIR', description: 'cache folder (default: $XDG_CACHE_HOME/mlflow-lens or ~/.cache/mlflow-lens)' },
};

/** `--cache-dir`, else `$XDG_CACHE_HOME/mlflow-lens`, else `~/.cache/mlflow-lens`. */
export function cacheDir(env: CliIo['env'], option?: string | boolean): string {
  if (typeof option === 'string' && option !== '') return path.resolve(option);
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache'), 'mlflow-lens');
}

/**
 * Opens the store the options name. The file store is built here; the other backends (SQLite's
 * engine, the HTTP client) are loaded only for their URIs, so a command over an mlruns folder does
 * not start up code it never runs (most of a listing's process time is spent before its first read).
 */
export async function openFromOptions(options: Record<string, string | boolean | undefined>, io: CliIo): Promise<TrackingStore> {
  let uri = options['tracking-uri'];
  if (typeof uri !== 'string' || uri.trim() === '') {
    const found = detectStore([io.cwd], io.env).store;
    if (!found) throw new StoreError('notFound', `No tracking store found: ${path.join(io.cwd, 'mlruns')} does not exist; pass --tracking-uri.`, path.join(io.cwd, 'mlruns'));
    uri = found.uri;
  }
  const cache = options.cache !== false ? { cacheDir: cacheDir(io.env, options['cache-dir']) } : {};
  const parsed = parseTrackingUri(uri, io.cwd);
  // No read-ahead: it serves the next question of a long-lived view, and a CLI process has none (it
  // would only keep the process reading after the answer is printed).
  if (parsed.kind === 'file') return new FileStore(parsed.path, { uri: uri.trim(), backgroundReads: false, ...cache });
  const { openStore } = await import('../core/store/openStore.js');
  // A server is reached as `mlflow` reaches it: credentials, CA bundle and workspace from MLflow's env.
  const rest = parsed.kind === 'rest' ? { rest: (await import('../core/store/rest/environment.js')).restOptionsFromEnv(io.env) } : {};
  return openStore(uri, { cwd: io.cwd, ...rest, ...cache });
}

export function parseView(value: string | boolean | undefined): 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL' {
  if (value === undefined) return 'ACTIVE_ONLY';
  switch (value) {
    case 'active':
      return 'ACTIVE_ONLY';
    case 'deleted':
      return 'DELETED_ONLY';
    case 'all':
      return 'ALL';
    default:
      throw new UsageError(`--view must be active, deleted or all (got '${String(value)}')`);
  }
}

export function requireString(options: Record<string, string | boolean | undefined>, name: string): string {
  const v = options[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

/** Runs `body` with the store open, and always closes it (writing its index). */
export async function withStore<T>(store: TrackingStore, body: (store: TrackingStore) => Promise<T>): Promise<T> {
  try {
    return await body(store);
  } finally {
    store.dispose();
  }
}
