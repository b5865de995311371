/**
 * The built CLI (dist/cli.js, from `npm run build`; `npm test` builds it first) over the generated
 * store: REST-shaped JSON, exit codes, the cache folder, and a run compared with what MLflow's own
 * server answered for the same store.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { generatedStore, hashTree, ids, repoRoot, tempDir } from '../core/fixtures';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const home = tempDir('cli-home');
after(() => fs.rmSync(home, { recursive: true, force: true }));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Result {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` (npm test builds it) before the CLI tests`);
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    cwd: home,
    env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(r: Result): Record<string, unknown> {
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

type RestRun = { info: Record<string, unknown>; data: { params?: { key: string; value: string }[]; metrics?: { key: string; value: unknown; step: number; timestamp: number }[]; tags?: { key: string; value: string }[] }; inputs: Record<string, unknown> };

void describe('mlflow-lens CLI', () => {
  void it('prints help listing the commands', () => {
    const r = run(['--help']);
    assert.equal(r.code, 0);
    for (const c of ['experiments', 'runs', 'history']) assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
    assert.equal(run(['runs', '--help']).code, 0);
    assert.match(run(['runs', '--help']).stdout, /--no-cache/);
  });

  void it('experiments: REST experiments/search JSON, per view', () => {
    const active = json(run(['experiments', '--tracking-uri', generatedStore])).experiments as Record<string, unknown>[];
    assert.equal(active.length, 6);
    const all = json(run(['experiments', '--tracking-uri', generatedStore, '--view', 'all'])).experiments as Record<string, unknown>[];
    assert.equal(all.length, 7);
    const deleted = json(run(['experiments', '--tracking-uri', generatedStore, '--view', 'deleted'])).experiments as Record<string, unknown>[];
    assert.deepEqual(deleted.map((e) => [e.experiment_id, e.name, e.lifecycle_stage]), [[ids.trashed, 'to-be-deleted', 'deleted']]);
    const empty = active.find((e) => e.experiment_id === ids.empty)!;
    assert.equal('tags' in empty, false, 'no tags key without tags, as MLflow');
    assert.equal(typeof empty.creation_time, 'number');
    assert.ok(active.every((e) => typeof e.experiment_id === 'string'));
  });

  void it('runs: every run of the active experiments, REST-shaped, non-finite values as strings', () => {
    const runs = json(run(['runs', '--tracking-uri', generatedStore])).runs as RestRun[];
    assert.equal(runs.length, 18);
    for (const r of runs) {
      assert.deepEqual(Object.keys(r), ['info', 'data', 'inputs']);
      assert.match(String(r.info.status), /^(RUNNING|SCHEDULED|FINISHED|FAILED|KILLED)$/);
      assert.equal(r.info.run_id, r.info.run_uuid);
      assert.equal(typeof r.info.experiment_id, 'string');
    }
    const running = runs.find((r) => r.info.run_name === 'running-run')!;
    assert.equal('end_time' in running.info, false);
    const hostile = runs.find((r) => r.info.run_id === ids.hostile)!;
    const metric = (k: string) => hostile.data.metrics?.find((m) => m.key === k)?.value;
    assert.equal(metric('special/inf'), 'Infinity');
    assert.equal(metric('special/neg_inf'), '-Infinity');
    assert.equal(metric('special/nan'), 1.5);
    assert.equal(metric('special/huge'), 1.7976931348623157e308);
    const child = runs.find((r) => r.info.run_id === ids.c001)!;
    assert.deepEqual((child.inputs.dataset_inputs as unknown[]).length, 2);
    assert.deepEqual(hostile.inputs, {});
  });

  void it('runs: --experiment-ids, --view and small pages concatenate to the same runs', () => {
    const zoo = json(run(['runs', '--tracking-uri', generatedStore, '--experiment-ids', `${ids.zoo},${ids.defaultExp}`])).runs as RestRun[];
    assert.equal(zoo.length, 7);
    const paged = json(run(['runs', '--tracking-uri', generatedStore, '--experiment-ids', `${ids.zoo},${ids.defaultExp}`, '--max-results', '2'])).runs as RestRun[];
    assert.deepEqual(paged, zoo);
    const deletedInZoo = json(run(['runs', '--tracking-uri', generatedStore, '--experiment-ids', ids.zoo, '--view', 'deleted'])).runs as RestRun[];
    assert.deepEqual(deletedInZoo.map((r) => r.info.run_name), ['deleted-run']);
    const deleted = json(run(['runs', '--tracking-uri', generatedStore, '--view', 'deleted'])).runs as RestRun[];
    assert.deepEqual(deleted.map((r) => r.info.run_name), ['orphan-run'], 'deleted runs of the deleted experiments');
    assert.equal((json(run(['runs', '--tracking-uri', generatedStore, '--view', 'all'])).runs as RestRun[]).length, 20);
  });

  void it('history: one metric in step order, NaN as a string; {} for an unknown metric', () => {
    const nan = json(run(['history', '--tracking-uri', generatedStore, '--run-id', ids.hostile, '--metric', 'special/nan'])).metrics as { value: unknown; step: number }[];
    assert.deepEqual(nan.map((m) => [m.step, m.value]), [[0, 'NaN'], [1, 1.5]]);
    const dup = json(run(['history', '--tracking-uri', generatedStore, '--run-id', ids.hostile, '--metric', 'special/dup_step'])).metrics as { value: unknown; step: number }[];
    assert.deepEqual(dup.map((m) => [m.step, m.value]), [[-1, 0.5], [5, 1], [5, 2]]);
    const long = json(run(['history', '--tracking-uri', `file://${generatedStore}`, '--run-id', ids.resnet, '--metric', 'train/loss'])).metrics as unknown[];
    assert.equal(long.length, 100000);
    assert.deepEqual(json(run(['history', '--tracking-uri', generatedStore, '--run-id', ids.hostile, '--metric', 'nope'])), {});
  });

  void it('exits 2 with one line naming the path when the store cannot be read; 1 on usage errors', () => {
    const missing = path.join(home, 'no', 'such', 'mlruns');
    for (const args of [['runs', '--tracking-uri', missing], ['experiments', '--tracking-uri', missing], ['history', '--tracking-uri', missing, '--run-id', ids.hostile, '--metric', 'x']]) {
      const r = run(args);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      assert.ok(r.stderr.includes(missing), r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
    const file = path.join(home, 'a-file');
    fs.writeFileSync(file, 'x');
    const notDir = run(['runs', '--tracking-uri', file]);
    assert.equal(notDir.code, 2);
    assert.ok(notDir.stderr.includes(file));
    assert.equal(run(['runs', '--tracking-uri', generatedStore, '--view', 'bogus']).code, 1);
    assert.equal(run(['runs', '--bogus']).code, 1);
    assert.equal(run(['frobnicate']).code, 1);
    assert.equal(run(['history', '--tracking-uri', generatedStore]).code, 1);
  });

  void it('writes 8 MB whole to a pipe whose reader waits, and stops quietly when the reader leaves', async () => {
    const args = ['history', '--tracking-uri', generatedStore, '--run-id', ids.resnet, '--metric', 'train/loss', '--no-cache'];
    const whole = run(args);
    assert.equal(whole.code, 0, whole.stderr);
    assert.ok(whole.stdout.length > 1_000_000, `${whole.stdout.length} bytes`);
    const piped = (readFirstChunkOnly: boolean) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [cli, ...args], { cwd: home, env: { PATH: process.env.PATH ?? '', HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
        const out: Buffer[] = [];
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.stdout.once('data', (d: Buffer) => {
          out.push(d);
          // The reader that leaves closes its end; the one that waits lets the pipe fill first.
          if (readFirstChunkOnly) child.stdout.destroy();
          else {
            child.stdout.pause();
            setTimeout(() => child.stdout.on('data', (more: Buffer) => out.push(more)).resume(), 300);
          }
        });
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: err }));
      });
    const slow = await piped(false);
    assert.equal(slow.code, 0, slow.stderr);
    assert.equal(slow.stdout, whole.stdout);
    const gone = await piped(true);
    assert.equal(gone.code, 0, gone.stderr);
    assert.equal(gone.stderr, '');
    assert.ok(whole.stdout.startsWith(gone.stdout));
  });

  // Node's own pipes are blocking on Linux; a parent that made the pipe non-blocking (EAGAIN once
  // it is full) is played by Python, which can say so.
  const python = ['python3', 'python'].find((p) => spawnSync(p, ['-c', 'import os; os.set_blocking'], { stdio: 'ignore' }).status === 0);
  void it('writes 8 MB whole to a non-blocking pipe that fills up', { skip: python ? false : 'SKIPPED: no python3 on PATH to make a non-blocking pipe' }, () => {
    const args = ['history', '--tracking-uri', generatedStore, '--run-id', ids.resnet, '--metric', 'train/loss', '--no-cache'];
    const reader = [
      'import os, subprocess, sys, time',
      'r, w = os.pipe()',
      'os.set_blocking(w, False)',
      'child = subprocess.Popen(sys.argv[1:], stdout=w)',
      'os.close(w)',
      'time.sleep(0.3)',
      'data = bytearray()',
      'while True:',
      '    chunk = os.read(r, 1 << 16)',
      '    if not chunk: break',
      '    data += chunk',
      'sys.stdout.buffer.write(data)',
      'sys.exit(child.wait())',
    ].join('\n');
    const r = spawnSync(python!, ['-c', reader, process.execPath, cli, ...args], { cwd: home, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home }, maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, run(args).stdout);
  });

  void it('keeps its index in the cache folder (never in the store), and --no-cache bypasses it', () => {
    const before = hashTree(generatedStore);
    const cacheHome = path.join(home, 'cache-test');
    const first = run(['runs', '--tracking-uri', generatedStore, '--view', 'all'], { XDG_CACHE_HOME: cacheHome });
    const files = fs.readdirSync(path.join(cacheHome, 'mlflow-lens'), { recursive: true }).map(String);
    assert.ok(files.some((f) => /^runs-[0-9a-f]+\/exp-.+\.json$/.test(f.split(path.sep).join('/'))), files.join());
    const second = run(['runs', '--tracking-uri', generatedStore, '--view', 'all'], { XDG_CACHE_HOME: cacheHome });
    assert.equal(second.stdout, first.stdout);
    const noCacheHome = path.join(home, 'cache-none');
    const bypass = run(['runs', '--tracking-uri', generatedStore, '--view', 'all', '--no-cache'], { XDG_CACHE_HOME: noCacheHome });
    assert.equal(bypass.stdout, first.stdout);
    assert.equal(fs.existsSync(noCacheHome), false);
    const explicit = path.join(home, 'explicit-cache');
    run(['runs', '--tracking-uri', generatedStore, '--cache-dir', explicit]);
    assert.ok(fs.readdirSync(explicit).length > 0);
    assert.deepEqual(hashTree(generatedStore), before);
  });

  void it('prints the hostile run as MLflow\'s own server did over the same file store', { skip: fs.existsSync(path.join(repoRoot, '..', 'shared', 'fixtures', 'rest')) ? false : 'SKIPPED: ../shared/fixtures/rest is missing' }, () => {
    const recorded = JSON.parse(fs.readFileSync(path.join(repoRoot, '..', 'shared', 'fixtures', 'rest', 'file-store-server__runs-get-hostile-name.json'), 'utf8')) as { response: { body: { run: RestRun } } };
    const mlflow = recorded.response.body.run;
    const ours = (json(run(['runs', '--tracking-uri', generatedStore, '--experiment-ids', ids.odd])).runs as RestRun[])[0]!;
    assert.deepEqual(ours.info, mlflow.info);
    const byKey = <T extends { key: string }>(list: T[] | undefined) => [...(list ?? [])].sort((a, b) => (a.key < b.key ? -1 : 1));
    assert.deepEqual(byKey(ours.data.params), byKey(mlflow.data.params));
    assert.deepEqual(byKey(ours.data.tags), byKey(mlflow.data.tags));
    assert.deepEqual(byKey(ours.data.metrics), byKey(mlflow.data.metrics));
    assert.deepEqual(ours.inputs, mlflow.inputs);
  });
});
