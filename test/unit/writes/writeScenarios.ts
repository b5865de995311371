/**
 * The run actions written by the built CLI (`dist/cli.js`, as scripts run it) against one kind of
 * store, each checked by reading back with the real MLflow 2.12.2 (`MlflowClient.get_run`,
 * `search_runs` with the new name or tag in a filter) and by MLflow logging to the run afterwards.
 * Shared by the file-store, SQLite (Node 24) and live-server suites.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { mlflowPythonJson } from '../../shared/realMlflow';

export const repoRoot = path.resolve(__dirname, '../../../..');
export const cliScript = path.join(repoRoot, 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { env?: Record<string, string>; uid?: number } = {}): Promise<CliResult> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-writes-home-'));
  fs.chmodSync(home, 0o777);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliScript, ...args, '--no-cache'],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', HOME: home, ...options.env }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024, ...(options.uid !== undefined && { uid: options.uid, gid: options.uid }) },
      (error, stdout, stderr) => {
        fs.rmSync(home, { recursive: true, force: true });
        const e = error as (Error & { code?: number | string; signal?: NodeJS.Signals | null }) | null;
        resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, signal: e?.signal ?? null, stdout, stderr });
      },
    );
  });
}

/** Exit 0 and the printed entity. */
export function ok<T>(result: CliResult): T {
  assert.equal(result.code, 0, `exit ${result.code} ${result.signal ?? ''}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** Exit 2, one line on stderr matching `why`, nothing on stdout. */
export function refused(result: CliResult, why: RegExp): void {
  assert.equal(result.code, 2, `expected a refusal, got exit ${result.code}: ${result.stdout.slice(0, 300)} ${result.stderr}`);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, why);
}

/** Every file under `dir` with a digest of its bytes (the store "exactly as before"). */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), crypto.createHash('sha1').update(fs.readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

export interface RunJson {
  run: { info: { run_id: string; run_name: string; lifecycle_stage: string }; data: { tags?: { key: string; value: string }[] } };
}

export interface MlflowRun {
  name: string;
  lifecycle: string;
  tags: Record<string, string>;
  found_by_name: string[];
  found_by_tag: string[];
  active_ids: string[];
  logged_after: number | null;
}

/**
 * MLflow's view of a run: `get_run`, searches by name and by a tag, the active listing; with
 * `logAfter`, MLflow first logs a metric to the run (it must still accept writes).
 */
export function mlflowView(trackingUri: string, runId: string, query: { name?: string; tagKey?: string; tagValue?: string; logAfter?: boolean } = {}): MlflowRun {
  const filters = {
    name: query.name === undefined ? null : nameFilter(query.name),
    tag: query.tagKey === undefined || query.tagValue === undefined ? null : `tags.\`${query.tagKey}\` = '${query.tagValue}'`,
  };
  const script = `
import json
from mlflow.tracking import MlflowClient
from mlflow.entities import ViewType
f = json.loads(${JSON.stringify(JSON.stringify(filters))})
c = MlflowClient(${JSON.stringify(trackingUri)})
run_id = ${JSON.stringify(runId)}
if ${query.logAfter ? 'True' : 'False'}:
    c.log_metric(run_id, 'after_write', 1.5, step=7)
r = c.get_run(run_id)
exp = r.info.experiment_id
def ids(flt, view=ViewType.ALL):
    return [x.info.run_id for x in c.search_runs([exp], flt, run_view_type=view, max_results=1000)]
m = r.data.metrics.get('after_write')
print(json.dumps({'name': r.info.run_name, 'lifecycle': r.info.lifecycle_stage, 'tags': r.data.tags,
  'found_by_name': ids(f['name']) if f['name'] else [], 'found_by_tag': ids(f['tag']) if f['tag'] else [],
  'active_ids': ids('', ViewType.ACTIVE_ONLY), 'logged_after': m}))
`;
  return mlflowPythonJson<MlflowRun>(script);
}

/**
 * MLflow's filter for a run name: equality when the name needs no escaping in a filter literal,
 * else LIKE on the part after its last quote, backslash or regex character (MLflow 2.12.2's file
 * store turns LIKE into an unescaped regex); still only this run in the fixtures.
 */
function nameFilter(name: string): string {
  const special = /['"\\()[\]{}.*+?^$|]/g;
  let cut = -1;
  for (const m of name.matchAll(special)) cut = m.index;
  return cut < 0 ? `attributes.run_name = '${name}'` : `attributes.run_name LIKE '%${name.slice(cut + 1)}'`;
}

/** 5,000 characters as MLflow counts them (code points), half of them outside the BMP. */
export const LONG_VALUE = 'é'.repeat(2500) + '🚀'.repeat(2500);

/** Names and values no writer may mangle: YAML 1.1 words, quotes, HTML, control characters, unicode. */
export const HOSTILE = {
  yamlWord: 'yes',
  name: `renamed "double" 'single' <img src=x onerror=alert(1)> & 実験 🚀 end`,
  controlName: 'tab\there\u0085nel\u2028ls\u007fdel \\back',
  multiline: 'line one\nline two\r\n\ttabbed "q" \'a\'\n',
  html: '<script>alert(1)</script>&amp;<b>x</b>',
  note: `# Note\n\n- a *markdown* list with <b>html</b>\n- 'quotes' and "doubles"\n\n${'long line '.repeat(300)}`,
};

export interface WriteTarget {
  /** The tracking URI the CLI is given. */
  cliUri: string;
  /** The same store as MLflow's client addresses it. */
  mlflowUri: string;
  /** A run to write to (active, FINISHED). */
  runId: string;
  experimentId: string;
  /** Another experiment's name (a rename to it must be refused). */
  takenExperimentName: string;
}

/** The scenarios every backend must pass; `target()` is read when each test runs. */
export function writeScenarios(target: () => WriteTarget, skip: false | string): void {
  void it('renames a run (name and mlflow.runName tag); MLflow reads it back, finds it by name, keeps logging', { skip }, async () => {
    const t = target();
    for (const name of [HOSTILE.yamlWord, HOSTILE.controlName, HOSTILE.name]) {
      const printed = ok<RunJson>(await runCli(['rename-run', '--tracking-uri', t.cliUri, '--run-id', t.runId, '--name', name]));
      assert.equal(printed.run.info.run_name, name);
      assert.equal(printed.run.data.tags?.find((x) => x.key === 'mlflow.runName')?.value, name);
      const seen = mlflowView(t.mlflowUri, t.runId, { name });
      assert.equal(seen.name, name);
      assert.equal(seen.tags['mlflow.runName'], name);
      assert.deepEqual(seen.found_by_name, [t.runId]);
    }
    assert.equal(mlflowView(t.mlflowUri, t.runId, { logAfter: true }).logged_after, 1.5);
  });

  void it('sets tags with hostile keys and values (quotes, newlines, HTML, 5,000 characters, empty); MLflow reads them exactly and filters on one', { skip }, async () => {
    const t = target();
    const tags: [string, string][] = [
      ['team/owner name', HOSTILE.multiline],
      ['html.payload', HOSTILE.html],
      ['long', LONG_VALUE],
      ['empty', ''],
      ['yaml-word', 'on'],
      ['filterable', 'blue "sky" ünï'],
    ];
    for (const [key, value] of tags) {
      const printed = ok<RunJson>(await runCli(['set-tag', '--tracking-uri', t.cliUri, '--run-id', t.runId, '--key', key, `--value=${value}`]));
      assert.equal(printed.run.data.tags?.find((x) => x.key === key)?.value, value, key);
    }
    const seen = mlflowView(t.mlflowUri, t.runId, { tagKey: 'filterable', tagValue: 'blue "sky" ünï', logAfter: true });
    for (const [key, value] of tags) assert.equal(seen.tags[key], value, key);
    assert.deepEqual(seen.found_by_tag, [t.runId]);
    assert.equal(seen.logged_after, 1.5);
  });

  void it('set-tag mlflow.runName renames the run, as MLflow does', { skip }, async () => {
    const t = target();
    ok(await runCli(['set-tag', '--tracking-uri', t.cliUri, '--run-id', t.runId, '--key', 'mlflow.runName', '--value', 'named by tag']));
    const seen = mlflowView(t.mlflowUri, t.runId, { name: 'named by tag' });
    assert.equal(seen.name, 'named by tag');
    assert.deepEqual(seen.found_by_name, [t.runId]);
  });

  void it('edits the note (mlflow.note.content) and deletes a tag; MLflow reads both', { skip }, async () => {
    const t = target();
    ok(await runCli(['set-note', '--tracking-uri', t.cliUri, '--run-id', t.runId, '--value', HOSTILE.note]));
    ok(await runCli(['set-tag', '--tracking-uri', t.cliUri, '--run-id', t.runId, '--key', 'doomed', '--value', 'x']));
    const printed = ok<RunJson>(await runCli(['delete-tag', '--tracking-uri', t.cliUri, '--run-id', t.runId, '--key', 'doomed']));
    assert.equal(printed.run.data.tags?.some((x) => x.key === 'doomed'), false);
    const seen = mlflowView(t.mlflowUri, t.runId, { logAfter: true });
    assert.equal(seen.tags['mlflow.note.content'], HOSTILE.note);
    assert.equal('doomed' in seen.tags, false);
    assert.equal(seen.logged_after, 1.5);
  });

  void it('deletes and restores a run; MLflow lists it accordingly and logs to it once restored', { skip }, async () => {
    const t = target();
    const deleted = ok<RunJson>(await runCli(['delete-run', '--tracking-uri', t.cliUri, '--run-id', t.runId]));
    assert.equal(deleted.run.info.lifecycle_stage, 'deleted');
    let seen = mlflowView(t.mlflowUri, t.runId);
    assert.equal(seen.lifecycle, 'deleted');
    assert.equal(seen.active_ids.includes(t.runId), false);
    // MLflow refuses to change a deleted run; so does every writer, and says why.
    refused(await runCli(['set-tag', '--tracking-uri', t.cliUri, '--run-id', t.runId, '--key', 'k', '--value', 'v']), /deleted|must be in the 'active' state/);
    const restored = ok<RunJson>(await runCli(['restore-run', '--tracking-uri', t.cliUri, '--run-id', t.runId]));
    assert.equal(restored.run.info.lifecycle_stage, 'active');
    seen = mlflowView(t.mlflowUri, t.runId, { logAfter: true });
    assert.equal(seen.lifecycle, 'active');
    assert.ok(seen.active_ids.includes(t.runId));
    assert.equal(seen.logged_after, 1.5);
  });

  void it('renames an experiment; MLflow finds it by the new name and creates runs in it', { skip }, async () => {
    const t = target();
    // No apostrophe: MLflow's own get_experiment_by_name puts the name unescaped into a filter.
    const name = `${HOSTILE.name.replace(" 'single'", '')} ${HOSTILE.yamlWord}`;
    const printed = ok<{ experiment: { name: string } }>(await runCli(['rename-experiment', '--tracking-uri', t.cliUri, '--experiment-id', t.experimentId, '--name', name]));
    assert.equal(printed.experiment.name, name);
    const seen = mlflowPythonJson<{ name: string; by_name: string; new_run_exp: string }>(`
import json
from mlflow.tracking import MlflowClient
c = MlflowClient(${JSON.stringify(t.mlflowUri)})
e = c.get_experiment(${JSON.stringify(t.experimentId)})
r = c.create_run(e.experiment_id)
c.set_terminated(r.info.run_id)
print(json.dumps({'name': e.name, 'by_name': c.get_experiment_by_name(${JSON.stringify(name)}).experiment_id, 'new_run_exp': r.info.experiment_id}))
`);
    assert.deepEqual(seen, { name, by_name: t.experimentId, new_run_exp: t.experimentId });
  });

  void it('refuses bad input with one line saying why, and changes nothing', { skip }, async () => {
    const t = target();
    const before = mlflowView(t.mlflowUri, t.runId);
    const cases: [string[], RegExp][] = [
      [['set-tag', '--run-id', t.runId, '--key', 'k', `--value=${LONG_VALUE}x`], /5001 characters, more than MLflow's limit of 5000/],
      [['set-tag', '--run-id', t.runId, '--key', '../escape', '--value', 'v'], /Invalid tag name/],
      [['set-tag', '--run-id', t.runId, '--key', 'semi;colon', '--value', 'v'], /Invalid tag name/],
      [['rename-run', '--run-id', t.runId, '--name', '   '], /cannot be empty/],
      [['rename-run', '--run-id', 'not a run id', '--name', 'x'], /Invalid run ID/],
      [['rename-run', '--run-id', 'f'.repeat(32), '--name', 'x'], /not found|does not exist/i],
      [['delete-tag', '--run-id', t.runId, '--key', 'never-set'], /No tag with name: never-set/],
      [['rename-experiment', '--experiment-id', t.experimentId, '--name', t.takenExperimentName], /already exists|UNIQUE constraint failed: experiments.name/],
    ];
    for (const [args, why] of cases) refused(await runCli([...args, '--tracking-uri', t.cliUri]), why);
    const after = mlflowView(t.mlflowUri, t.runId);
    assert.deepEqual(after, before);
  });
}
