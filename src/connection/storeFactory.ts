/** The VS Code layer's bridge to core: store detection and opening, with nothing VS Code-specific. */
import path from 'node:path';
import type { Logger } from '../core/log';
import type { CredentialsProvider } from '../core/store/rest/credentials';
import { absoluteTrackingUri } from '../core/launch/trackingEnv';
import { detectStore, nodeProbe } from '../core/store/detectStore';
import type { TrackingStore } from '../core/store/trackingStore';
import type * as StoreModule from '../lazy/storeModule';
import { loadBundledModule } from '../platform/lazyModule';
import type { StoreTarget } from './storeTarget';

const loadStoreModule = () => loadBundledModule<typeof StoreModule>('storeModule');

/**
 * Every store auto-detection can see: `MLFLOW_TRACKING_URI` first, then per workspace folder the
 * store MLflow would use there and, when the folder holds both, its other store (an `mlflow.db`
 * beside an `mlruns/` with experiments). The first entry is the one used when nothing was chosen
 * or configured.
 */
export async function detectTargets(
  folders: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<StoreTarget[]> {
  const targets: StoreTarget[] = [];
  const add = (target: StoreTarget) => {
    if (!targets.some((t) => t.uri === target.uri)) targets.push(target);
  };
  const fromEnv = detectStore(folders, env).store;
  if (fromEnv?.source === 'env') add({ uri: fromEnv.uri, origin: 'environment', reason: fromEnv.reason });
  for (const folder of folders) {
    const found = detectStore([folder], {}).store;
    if (!found) continue;
    add({ uri: found.uri, origin: 'detected', reason: found.reason });
    const database = path.join(folder, 'mlflow.db');
    if (found.source === 'mlruns' && nodeProbe.isFile(database)) {
      add({
        uri: `sqlite:///${database.split(path.sep).join('/')}`,
        origin: 'detected',
        reason: `${database} is an MLflow SQLite store (automatic detection prefers ${found.uri}).`,
      });
    }
  }
  return targets;
}

export interface OpenTrackingStoreOptions {
  cwd: string;
  cacheDir: string;
  logger: Logger;
  /** Credentials for a tracking server (SecretStorage first, then MLflow's environment variables). */
  credentialsFor?(trackingUri: string): CredentialsProvider;
}

export async function openTrackingStore(uri: string, options: OpenTrackingStoreOptions): Promise<TrackingStore> {
  const module = loadStoreModule();
  const { credentialsFor, ...common } = options;
  if (module.parseTrackingUri(uri, options.cwd).kind !== 'rest') return module.openStore(uri, common);
  const rest = { ...module.restOptionsFromEnv(process.env), ...(credentialsFor ? { credentials: credentialsFor(uri) } : {}) };
  return module.openStore(uri, { ...common, rest });
}

/** The folder of a file store (what the file watcher watches); undefined for other kinds of store. */
export function localStoreRoot(uri: string, cwd: string): string | undefined {
  return localStoreLocation(uri, cwd)?.folder;
}

/** What a file watcher can watch for a store: a file store's folder or a SQLite database file. */
export function localStoreLocation(uri: string, cwd: string): { folder: string } | { database: string; folder?: undefined } | undefined {
  try {
    const module = loadStoreModule();
    const parsed = module.parseTrackingUri(uri, cwd);
    if (parsed.kind === 'file') return { folder: parsed.path };
    if (parsed.kind === 'sqlite') return { database: module.sqlitePathFromUri(parsed.uri, cwd) };
    return undefined;
  } catch {
    return undefined;
  }
}

/** The store as an absolute URI that MLflow reads the same from any folder (for `mlflow run`), or undefined. */
export function absoluteStoreUri(uri: string, cwd: string): string | undefined {
  try {
    const module = loadStoreModule();
    const parsed = module.parseTrackingUri(uri, cwd);
    if (parsed.kind === 'file') return absoluteTrackingUri({ kind: 'file', path: parsed.path });
    if (parsed.kind === 'sqlite') return absoluteTrackingUri({ kind: 'sqlite', databasePath: module.sqlitePathFromUri(parsed.uri, cwd) });
    if (parsed.kind === 'rest') return absoluteTrackingUri({ kind: 'rest', uri: parsed.uri });
    return undefined;
  } catch {
    return undefined;
  }
}
