/**
 * `dist/cli.js`, the command users run: loads the CLI bundle (`dist/cliMain.js`) with V8's code
 * cache, so a process started again does not compile it again (compiling the bundle was a tenth of
 * a one-experiment listing's CPU). Node ≥ 22.1 has the cache built in (`module.enableCompileCache`);
 * on Node 20 the bundle's compiled code is kept the same way by hand. It lives in the CLI's cache
 * folder (`--cache-dir`, else $XDG_CACHE_HOME/mlflow-lens or ~/.cache/mlflow-lens: the user's own,
 * never a shared temp folder, as compiled code is trusted), and `--no-cache` turns it off with the
 * index. A cache that cannot be read or written only costs the compile; it never fails a command.
 */
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import type * as CliMain from './main';

type NodeModule = typeof Module & { enableCompileCache?: (dir: string) => unknown; wrap(source: string): string };

/** Where compiled code is kept (the folder of context.ts's `cacheDir`), or none with `--no-cache`. */
function compileCacheDir(argv: readonly string[]): string | undefined {
  if (argv.includes('--no-cache')) return undefined;
  const at = argv.indexOf('--cache-dir');
  const given = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--cache-dir='))?.slice('--cache-dir='.length);
  if (given) return path.join(path.resolve(given), 'compile-cache');
  const xdg = process.env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache'), 'mlflow-lens', 'compile-cache');
}

function loadWithCodeCache(file: string, dir: string): typeof CliMain {
  const source = fs.readFileSync(file, 'utf8').replace(/^#!.*/, '');
  const stat = fs.statSync(file);
  const cacheFile = path.join(dir, `cliMain-${process.version}-${process.arch}-${stat.size}-${Math.trunc(stat.mtimeMs)}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script((Module as NodeModule).wrap(source), { filename: file, ...(cachedData && { cachedData }) });
  const exports = {};
  const module = { exports, filename: file, id: file, loaded: false };
  (script.runInThisContext() as (...args: unknown[]) => void).call(exports, exports, createRequire(file), module, file, path.dirname(file));
  if (!cachedData || script.cachedDataRejected) {
    // Written at exit: the functions the command ran are compiled by then, and cached with the rest.
    process.once('exit', () => {
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        const temp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(temp, script.createCachedData());
        fs.renameSync(temp, cacheFile);
        // Each build of the bundle has its own cache file: the others are stale.
        const current = path.basename(cacheFile);
        for (const name of fs.readdirSync(dir)) {
          if (name !== current && name.startsWith('cliMain-') && name.endsWith('.bin')) fs.rmSync(path.join(dir, name), { force: true });
        }
      } catch {
        // No cache this time: the next process compiles the bundle again.
      }
    });
  }
  return module.exports as typeof CliMain;
}

function loadCliMain(): typeof CliMain {
  const file = path.join(__dirname, 'cliMain.js');
  const dir = compileCacheDir(process.argv.slice(2));
  const node = Module as NodeModule;
  if (!dir || typeof node.enableCompileCache === 'function') {
    if (dir) node.enableCompileCache?.(dir);
    return createRequire(__filename)(file) as typeof CliMain;
  }
  try {
    return loadWithCodeCache(file, dir);
  } catch (e) {
    // A bundle that fails to load is reported by the plain require below.
    if (process.env.MLFLOW_LENS_DEBUG) process.stderr.write(`mlflow-lens: code cache not used: ${String(e)}\n`);
    return createRequire(__filename)(file) as typeof CliMain;
  }
}

loadCliMain().main();
