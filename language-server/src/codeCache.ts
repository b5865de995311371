// Loads a CommonJS bundle through V8's code cache (what Node 22's `module.enableCompileCache` does,
// done by hand because the editor may run the server on Node 20). The first start compiles as usual
// and saves the bytecode V8 produced, including functions compiled lazily while the first document
// was checked; later starts skip that work. Any failure falls back to a plain compile.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/** Set to `off` to load without the cache; any other value names the cache directory. */
export const CODE_CACHE_ENV = 'MLFLOW_LENS_CODE_CACHE';

/**
 * `used`: bytecode came from the cache. `created`/`rejected`: none or a stale one was found, so
 * `save()` writes a fresh one. `off`: no private cache directory, nothing is read or written.
 */
export type CacheOutcome = 'used' | 'created' | 'rejected' | 'off';

export interface LoadedBundle {
  exports: unknown;
  cache: CacheOutcome;
  /** Writes the cache when this start had none; later calls do nothing. */
  save(): void;
}

/** The cache directory the server uses: `$MLFLOW_LENS_CODE_CACHE`, or one per user under the temp dir. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env[CODE_CACHE_ENV];
  if (setting === 'off') return undefined;
  return setting || path.join(os.tmpdir(), `mlflow-lens-code-cache-${userTag()}`);
}

export function loadWithCodeCache(bundlePath: string, cacheDir: string | undefined): LoadedBundle {
  const source = fs.readFileSync(bundlePath, 'utf8');
  const dir = cacheDir === undefined ? undefined : privateCacheDir(cacheDir);
  const cacheFile = dir === undefined ? undefined : path.join(dir, cacheFileName(bundlePath));
  const cachedData = cacheFile === undefined ? undefined : readOrUndefined(cacheFile);
  const script = new vm.Script(wrapCommonJs(source), { filename: bundlePath, cachedData });
  const cache: CacheOutcome = !cacheFile ? 'off' : !cachedData ? 'created' : script.cachedDataRejected === true ? 'rejected' : 'used';

  const run = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: unknown, filename: string, dirname: string) => void;
  const module = { exports: {} as unknown, filename: bundlePath, id: bundlePath, loaded: false };
  run.call(module.exports, module.exports, createRequire(bundlePath), module, bundlePath, path.dirname(bundlePath));
  module.loaded = true;

  let saved = cache === 'used' || cache === 'off';
  const save = (): void => {
    if (saved || !cacheFile) return;
    saved = true;
    try {
      // Write then rename, so a server starting meanwhile never reads half a file.
      const partial = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
      fs.renameSync(partial, cacheFile);
      removeOlderBuilds(cacheFile, path.basename(bundlePath, '.js'));
    } catch {
      // A cache that cannot be written only costs the next start its speed-up.
    }
  };
  return { exports: module.exports, cache, save };
}

/** The name pins the exact bundle and runtime: V8 itself checks only the source length and flags. */
function cacheFileName(bundlePath: string): string {
  const stat = fs.statSync(bundlePath);
  return `${path.basename(bundlePath, '.js')}-${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.version}-${process.arch}.v8cache`;
}

/** Caches of earlier builds of this bundle for this runtime will never match again. */
function removeOlderBuilds(cacheFile: string, bundleName: string): void {
  const dir = path.dirname(cacheFile);
  const name = path.basename(cacheFile);
  const bundle = `${bundleName}-`;
  const runtime = `-${process.version}-${process.arch}.v8cache`;
  for (const other of fs.readdirSync(dir)) {
    if (other !== name && other.startsWith(bundle) && other.endsWith(runtime)) fs.rmSync(path.join(dir, other), { force: true });
  }
}

function wrapCommonJs(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

function userTag(): string {
  return typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
}

/**
 * The cache directory, created when missing, or undefined when it is not ours alone: bytecode read
 * from a directory another user can write to would run as our code.
 */
function privateCacheDir(dir: string): string | undefined {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(dir);
    if (!stat.isDirectory()) return undefined;
    if (typeof process.getuid === 'function' && (stat.uid !== process.getuid() || (stat.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}
