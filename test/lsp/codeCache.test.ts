// The server's start-up path: dist/server.js loads dist/serverMain.js through a V8 code cache. The
// cache must be written once, reused after, survive a corrupt file, and never be read from a
// directory other users can write to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { CODE_CACHE_ENV, defaultCacheDir, loadWithCodeCache } from '../../language-server/src/codeCache';

const repoRoot = path.resolve(__dirname, '../../..');
const serverJs = path.join(repoRoot, 'dist', 'server.js');

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lens-code-cache-'));
}

function writeBundle(dir: string): string {
  const bundle = path.join(dir, 'bundle.js');
  fs.writeFileSync(bundle, "const path = require('node:path');\nmodule.exports = { base: path.basename(__filename), dir: __dirname, combine: (a, b) => a * b };\n");
  return bundle;
}

interface BundleExports {
  base: string;
  dir: string;
  combine(a: number, b: number): number;
}

function cacheFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.v8cache'));
}

// V8 keeps code compiled in this process and then ignores cachedData, so every load whose outcome
// is checked runs in a fresh process: this file, started again with CHILD_ENV set.
const CHILD_ENV = 'LENS_CODE_CACHE_TEST_CHILD';

interface ChildLoad {
  cache: string;
  base: string;
  dir: string;
  product: number;
}

function loadInChild(bundle: string, cacheDir: string, save: boolean): ChildLoad {
  const result = spawnSync(process.execPath, [__filename], { env: { ...process.env, [CHILD_ENV]: JSON.stringify({ bundle, cacheDir, save }) }, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as ChildLoad;
}

function childMain(request: string): void {
  const { bundle, cacheDir, save } = JSON.parse(request) as { bundle: string; cacheDir: string; save: boolean };
  const loaded = loadWithCodeCache(bundle, cacheDir);
  if (save) loaded.save();
  const exports = loaded.exports as BundleExports;
  process.stdout.write(JSON.stringify({ cache: loaded.cache, base: exports.base, dir: exports.dir, product: exports.combine(6, 7) }));
}

async function firstDiagnostics(cacheDir: string): Promise<PublishDiagnosticsParams> {
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, [CODE_CACHE_ENV]: cacheDir } });
  const client = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    const diagnostics = new Promise<PublishDiagnosticsParams>((resolve) => client.onNotification('textDocument/publishDiagnostics', resolve));
    client.listen();
    await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
    await client.sendNotification('initialized', {});
    await client.sendNotification('textDocument/didOpen', {
      textDocument: { uri: 'untitled:MLproject', languageId: 'mlproject', version: 1, text: 'name: x\nentry_points:\n  main:\n    command: python a.py {missing}\n' },
    });
    const published = await diagnostics;
    await client.sendRequest('shutdown');
    await client.sendNotification('exit');
    assert.equal(await exited, 0);
    return published;
  } finally {
    client.dispose();
    child.kill();
  }
}

function registerTests(): void {
  void test('first load creates the cache, the next load uses it, a corrupt cache is rejected and replaced', () => {
    const root = scratch();
    const bundle = writeBundle(root);
    const cacheDir = path.join(root, 'cache');

    assert.deepEqual(loadInChild(bundle, cacheDir, true), { cache: 'created', base: 'bundle.js', dir: root, product: 42 });
    const [file] = cacheFiles(cacheDir);
    assert.ok(file, 'a .v8cache file is written');
    assert.equal(fs.statSync(path.join(cacheDir, file)).mode & 0o777, 0o600);
    assert.equal(fs.statSync(cacheDir).mode & 0o777, 0o700);

    assert.deepEqual(loadInChild(bundle, cacheDir, true), { cache: 'used', base: 'bundle.js', dir: root, product: 42 });

    fs.writeFileSync(path.join(cacheDir, file), 'not bytecode');
    assert.equal(loadInChild(bundle, cacheDir, true).cache, 'rejected');
    assert.ok(fs.statSync(path.join(cacheDir, file)).size > 100, 'the rejected cache was replaced');
    assert.equal(loadInChild(bundle, cacheDir, false).cache, 'used');
    fs.rmSync(root, { recursive: true, force: true });
  });

  void test('a changed bundle gets its own cache entry instead of stale bytecode, replacing the old one', () => {
    const root = scratch();
    const bundle = writeBundle(root);
    const cacheDir = path.join(root, 'cache');
    loadInChild(bundle, cacheDir, true);
    // Same length, different code: V8 alone would accept the old bytecode for it.
    fs.writeFileSync(bundle, fs.readFileSync(bundle, 'utf8').replace('a * b', 'a + b'));
    fs.utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
    const reloaded = loadInChild(bundle, cacheDir, true);
    assert.deepEqual([reloaded.cache, reloaded.product], ['created', 13]);
    assert.equal(cacheFiles(cacheDir).length, 1, 'the cache of the earlier build is removed');
    fs.rmSync(root, { recursive: true, force: true });
  });

  void test('a cache directory other users can write to is neither read nor written', { skip: typeof process.getuid === 'function' ? false : 'SKIPPED: no POSIX permissions here' }, () => {
    const root = scratch();
    const bundle = writeBundle(root);
    const shared = path.join(root, 'shared');
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o777);
    assert.deepEqual(loadInChild(bundle, shared, true), { cache: 'off', base: 'bundle.js', dir: root, product: 42 });
    assert.deepEqual(cacheFiles(shared), []);
    fs.rmSync(root, { recursive: true, force: true });
  });

  void test('the cache directory follows MLFLOW_LENS_CODE_CACHE, and `off` disables it', () => {
    assert.equal(defaultCacheDir({ [CODE_CACHE_ENV]: 'off' }), undefined);
    assert.equal(defaultCacheDir({ [CODE_CACHE_ENV]: '/some/dir' }), '/some/dir');
    assert.ok(defaultCacheDir({})?.startsWith(os.tmpdir()));
  });

  void test('dist/server.js writes its code cache on the first start and reuses it unchanged on the next', { skip: fs.existsSync(serverJs) ? false : 'SKIPPED: dist/server.js not built (run node esbuild.mjs)' }, async () => {
    const cacheDir = path.join(scratch(), 'cache');
    const cold = await firstDiagnostics(cacheDir);
    assert.deepEqual(cold.diagnostics.map((d) => d.code), ['mlproject.placeholder-undeclared']);
    const [file] = cacheFiles(cacheDir);
    assert.ok(file, 'the first start saved a cache');
    const written = fs.statSync(path.join(cacheDir, file));
    assert.ok(written.size > 10_000, `cache of ${written.size} bytes holds the bundle's bytecode`);

    const warm = await firstDiagnostics(cacheDir);
    assert.deepEqual(warm.diagnostics, cold.diagnostics);
    assert.equal(fs.statSync(path.join(cacheDir, file)).mtimeMs, written.mtimeMs, 'a used cache is not rewritten');
    assert.deepEqual(cacheFiles(cacheDir), [file]);
    fs.rmSync(path.dirname(cacheDir), { recursive: true, force: true });
  });
}

const childRequest = process.env[CHILD_ENV];
if (childRequest) childMain(childRequest);
else registerTests();
