/**
 * Tracking URI → TrackingStore: the only place that knows every backend. Plain paths (absolute,
 * or relative to `cwd`) and `file:` URIs open the file store; `http(s):` opens the REST store;
 * `sqlite:///…` opens the SQLite store (relative to `cwd`, or `sqlite:////abs`).
 */
import type { Logger } from '../log';
import { StoreError } from './storeErrors';
import type { TrackingStore } from './trackingStore';
import { FileStore } from './file/fileStore';
import { parseTrackingUri } from './trackingUri';
import { RestStore, type RestStoreOptions } from './rest/restStore';
import { SqliteStore } from './sqlite/sqliteStore';

export { parseTrackingUri, type ParsedTrackingUri } from './trackingUri';

export interface OpenStoreOptions {
  /** Folder that relative paths are relative to (default: the process's cwd). */
  cwd?: string;
  /** Folder for persistent indexes, outside any store; none = no persistent index. */
  cacheDir?: string;
  /** Worker script for the file store; `false` = no workers (default: next to the bundle). */
  workerScript?: string | false;
  logger?: Logger;
  /** Credentials provider, TLS, headers, timeouts for `http(s):` tracking URIs. */
  rest?: RestStoreOptions;
}

export function openStore(uri: string, options: OpenStoreOptions = {}): TrackingStore {
  const parsed = parseTrackingUri(uri, options.cwd);
  switch (parsed.kind) {
    case 'file':
      return new FileStore(parsed.path, {
        uri: uri.trim(),
        ...(options.cacheDir !== undefined && { cacheDir: options.cacheDir }),
        ...(options.workerScript !== undefined && { workerScript: options.workerScript }),
        ...(options.logger && { logger: options.logger }),
      });
    case 'sqlite':
      return new SqliteStore(parsed.uri, {
        baseDir: options.cwd ?? process.cwd(),
        ...(options.logger && { logger: options.logger }),
      });
    case 'rest':
      return new RestStore(parsed.uri, { ...options.rest, logger: options.rest?.logger ?? options.logger });
    default:
      throw new StoreError('unsupported', `Tracking URIs with scheme '${parsed.scheme}:' are not supported.`, parsed.uri);
  }
}
