// One build script, several contexts: the extension and CLI (Node, CommonJS, `vscode` external),
// the language server (Node, no externals: it must never need `vscode`), one browser bundle per
// webview, the test bundles and the bench entries. Usage: node esbuild.mjs [--production] [--watch] [--tests] [--bench]
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { cspSafeToolkit } from './webviews/build/cspSafeToolkit.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const withTests = process.argv.includes('--tests');
const withBench = process.argv.includes('--bench');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  target: 'node20',
};

/** Fails the build when a bundle that must stay free of `vscode` pulls it in. */
const forbidVscode = {
  name: 'forbid-vscode',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => ({
      errors: [{ text: `"vscode" imported by ${args.importer}: this bundle must not depend on VS Code` }],
    }));
  },
};

function listFiles(dir, suffix) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

const webviewEntries = fs
  .readdirSync('webviews', { withFileTypes: true })
  .filter((e) => e.isDirectory() && fs.existsSync(path.join('webviews', e.name, 'main.ts')))
  .map((e) => ({ in: `webviews/${e.name}/main.ts`, out: `webviews/${e.name}` }));

const contexts = [
  {
    ...common,
    // src/lazy/*: heavy parts loaded on first use so activation stays cheap (see src/platform/lazyModule.ts).
    entryPoints: {
      extension: 'src/extension.ts',
      storeModule: 'src/lazy/storeModule.ts',
      languageModule: 'src/lazy/languageModule.ts',
    },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  {
    ...common,
    // cli.js is the small entry that loads cliMain.js through V8's code cache (src/cli/bin.ts).
    entryPoints: { cli: 'src/cli/bin.ts', cliMain: 'src/cli/main.ts', indexWorker: 'src/core/store/file/indexWorker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [forbidVscode],
  },
  {
    ...common,
    entryPoints: { server: 'language-server/src/server.ts', serverMain: 'language-server/src/serverMain.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    plugins: [forbidVscode],
  },
  {
    ...common,
    entryPoints: webviewEntries,
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    plugins: [forbidVscode, cspSafeToolkit],
  },
];

if (withTests) {
  contexts.push(
    {
      ...common,
      sourcemap: 'inline',
      entryPoints: [...listFiles('test/unit', '.test.ts'), ...listFiles('test/lsp', '.test.ts'), ...listFiles('test/node24', '.test.ts')],
      outdir: 'out/test',
      outbase: 'test',
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      plugins: [forbidVscode],
    },
    {
      ...common,
      sourcemap: 'inline',
      entryPoints: ['test/integration/index.ts', ...listFiles('test/integration', '.test.ts')],
      outdir: 'out/test/integration',
      outbase: 'test/integration',
      platform: 'node',
      format: 'cjs',
      external: ['vscode', 'mocha'],
    },
  );
}

// Bench entries run as fresh processes and are bundled whole, as the shipped bundles are.
if (withBench) {
  contexts.push({
    ...common,
    entryPoints: listFiles('test/bench', '.bench.ts'),
    outdir: 'out/bench',
    platform: 'node',
    format: 'cjs',
    plugins: [forbidVscode],
  });
}

// A missing entry point is a broken build, not something to skip silently.
const existing = contexts.filter((c) => {
  const entries = Array.isArray(c.entryPoints) ? c.entryPoints : Object.values(c.entryPoints);
  const missing = entries.map((e) => (typeof e === 'string' ? e : e.in)).filter((e) => !fs.existsSync(e));
  if (missing.length) throw new Error(`esbuild: missing entry point(s): ${missing.join(', ')}`);
  return entries.length > 0;
});

// A production build must not ship source maps left in dist/ by an earlier development build.
if (production) {
  for (const f of fs.existsSync('dist') ? fs.readdirSync('dist', { recursive: true }) : []) {
    if (String(f).endsWith('.map')) fs.rmSync(path.join('dist', String(f)));
  }
}

// sql.js, the SQLite store's engine where node:sqlite is missing, loads its WASM from next to the bundle.
fs.mkdirSync('dist', { recursive: true });
fs.copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');

if (watch) {
  for (const c of existing) await (await esbuild.context(c)).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(existing.map((c) => esbuild.build(c)));
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
}
