/** The VS Code layer's bridge to core: store detection and opening, with nothing VS Code-specific. */
import type { Logger } from '../core/log';
import type { CredentialsProvider } from '../core/store/rest/credentials';
import { absoluteTrackingUri } from '../core/launch/trackingEnv';
import { detectStore } from '../core/store/detectStore';
import type { TrackingStore } from '../core/store/trackingStore';
import type * as StoreModule from '../lazy/storeModule';
import { loadBundledModule } from '../platform/lazyModule';
import type { StoreTarget } from './storeTarget';

const loadStoreModule = () => loadBundledModule<typeof StoreModule>('storeModule');

/**
 * Every store auto-detection can see: `MLFLOW_TRACKING_URI` first, then one per workspace folder.
 * The first entry is the one used when nothing was chosen or configured.
 */
export async function detectTargets(
  folders: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<StoreTarget[]> {
  const targets: StoreTarget[] = [];
  const fromEnv = detectStore(folders, env).store;
  if (fromEnv?.source === 'env') targets.push({ uri: fromEnv.uri, origin: 'environment', reason: fromEnv.reason });
  for (const folder of folders) {
    const found = detectStore([folder], {}).store;
    if (found && !targets.some((t) => t.uri === found.uri)) targets.push({ uri: found.uri, origin: 'detected', reason: found.reason });
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
