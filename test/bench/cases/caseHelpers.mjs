// What several bench case modules share: reading a measured process's JSON, the Chromium check,
// bundling a test entry that drives Chromium, and cases that each print one figure of a process
// measured once per run.
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

/** The JSON a measured process printed to `file`; `what` names the process when it printed something else. */
export function readJson(file, what) {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${what} did not print JSON (${String(err)}): ${text.slice(0, 300)}`);
  }
}

export const chromiumMissing = () => (fs.existsSync('/usr/bin/chromium') ? undefined : '/usr/bin/chromium not installed (test/integration/harness/setup.sh)');

/**
 * Bundles a test entry (repo-relative, e.g. `test/webview/parallelFrames.ts`) to `out/bench/<name>.cjs`
 * for Node; packages stay external, as playwright-core must load at run time. Returns the bundle's path.
 */
export async function bundleTestEntry(ctx, entry) {
  const outfile = path.join(ctx.repoRoot, 'out', 'bench', `${path.basename(entry, '.ts')}.cjs`);
  await esbuild.build({
    entryPoints: [path.join(ctx.repoRoot, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * A maker of cases that share one measured process per run: `runOnce(ctx, run)` resolves to
 * `{ measured, out }` (`out` absent when the process failed) and is called once per run whichever
 * case asks first; each case's figure is `figure(out)`, its note `note(out, ctx)`.
 */
export function figureCaseMaker({ unavailable, runOnce }) {
  const results = [];
  const once = async (ctx, run) => (results[run] ??= await runOnce(ctx, run));
  return (id, title, target, figure, note) => ({
    id,
    title,
    target,
    unavailable,
    async measure(ctx, run) {
      const { measured, out } = await once(ctx, run);
      if (!out) return measured;
      return { ...measured, wallMs: figure(out), out };
    },
    validate: (ctx, result) => note(result.out, ctx),
  });
}
