// The launcher's core: the argv of `mlflow run`, the checks a launch passes first (the rules shared with
// the language server), the run id in MLflow's output, and undoing MLflow's quoting of logged params.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readLaunchProject } from '../../../src/core/launch/launchProject';
import { shlexQuote, unquoteLoggedParam } from '../../../src/core/launch/loggedParams';
import { checkLaunch, mlflowRunArgs, type LaunchInput } from '../../../src/core/launch/mlflowRun';
import { envManagerAvailability, findMlflow, parseEnvManagers, parseMlflowVersion } from '../../../src/core/launch/mlflowDiscovery';
import { RunOutputScanner } from '../../../src/core/launch/runOutput';
import { absoluteTrackingUri, launchEnvironment } from '../../../src/core/launch/trackingEnv';
import { parseFile } from '../../../src/core/mlproject/parse';
import { lintText } from '../../../src/core/mlproject/lint';

const repoRoot = path.resolve(__dirname, '../../../..');
const sampleProject = path.join(repoRoot, 'samples');

const MLPROJECT = `name: demo
entry_points:
  main:
    parameters:
      alpha: {type: float, default: 0.5}
      epochs: {type: int, default: 3}
      data: {type: path, default: data.csv}
      source: {type: uri, default: "s3://bucket/x"}
      note: {type: string, default: hi}
      needed: string
    command: "python train.py {alpha} {epochs} {data} {source} {note} {needed}"
`;
const model = parseFile(MLPROJECT, 'mlproject').model;
const input = (over: Partial<LaunchInput> = {}): LaunchInput => ({
  entryPoint: 'main',
  parameters: { needed: 'x' },
  extraParameters: [],
  envManager: 'local',
  experimentName: 'exp',
  runName: '',
  backend: 'local',
  backendConfig: '',
  ...over,
});
const context = { projectDir: '/proj', exists: (p: string) => ['data.csv', 'train.py', '/abs/file'].includes(p) };

void describe('checkLaunch', () => {
  void it('builds the request from given values only (defaults stay MLflow\'s) and always names the experiment', () => {
    const { errors, request } = checkLaunch(model, input({ parameters: { alpha: '0.25', needed: "it's $(x)", epochs: '' } }), context);
    assert.deepEqual(errors, {});
    assert.deepEqual(mlflowRunArgs(request!), ['run', '/proj', '-e', 'main', '-P', 'alpha=0.25', '-P', "needed=it's $(x)", '--experiment-name', 'exp', '--env-manager', 'local']);
  });

  void it('names each bad field: required, float, int, uri, path, extra pairs, experiment, env manager, backend config', () => {
    const { errors, request } = checkLaunch(
      model,
      input({
        parameters: { alpha: 'abc', epochs: '1.5', source: 'bucket/x', data: 'missing.csv' },
        extraParameters: [{ key: 'a=b', value: '1' }, { key: 'alpha', value: '2' }, { key: 'ok', value: 'v' }, { key: 'ok', value: 'w' }],
        envManager: 'conda',
        backend: 'kubernetes',
        backendConfig: 'cfg.yaml',
      }),
      { ...context, unavailableEnvManagers: { conda: 'conda not on PATH' } },
    );
    assert.equal(request, undefined);
    assert.match(errors['param:needed']!, /No value given for required parameter 'needed'/);
    assert.match(errors['param:alpha']!, /'abc' is not a number/);
    assert.match(errors['param:epochs']!, /not a whole number/);
    assert.match(errors['param:source']!, /Expected URI for parameter source but got bucket\/x/);
    assert.match(errors['param:data']!, /no such file or directory/);
    assert.match(errors['extra:0']!, /cannot be a parameter name/);
    assert.match(errors['extra:1']!, /is a declared parameter/);
    assert.match(errors['extra:3']!, /given twice/);
    assert.equal(errors['extra:2'], undefined);
    assert.equal(errors['envManager'], 'conda not on PATH');
    assert.match(errors['backendConfig']!, /JSON file/);
  });

  void it('accepts what Python\'s float() and int() accept, and remote path URIs it cannot check', () => {
    for (const alpha of ['1', '-2.5', '1e-3', ' 7 ', '1_000.5', 'inf', 'NaN', '.5', '5.']) {
      assert.deepEqual(checkLaunch(model, input({ parameters: { alpha, needed: 'x' } }), context).errors, {}, alpha);
    }
    assert.deepEqual(checkLaunch(model, input({ parameters: { epochs: '+12', data: 's3://b/k', needed: 'x' } }), context).errors, {});
    assert.deepEqual(checkLaunch(model, input({ parameters: { data: '/abs/file', needed: 'x' } }), context).errors, {});
  });

  void it("no experiment name means MLflow's Default experiment, passed by id", () => {
    const { request } = checkLaunch(model, input({ experimentName: '  ' }), context);
    assert.deepEqual(mlflowRunArgs(request!).slice(-4), ['--experiment-id', '0', '--env-manager', 'local']);
  });

  void it('an unknown entry point is refused unless it is a .py/.sh file of the project (MLflow runs those)', () => {
    assert.match(checkLaunch(model, input({ entryPoint: 'nope' }), context).errors['entryPoint']!, /No entry point 'nope'.*main/);
    const script = checkLaunch(model, input({ entryPoint: 'train.py', parameters: {} }), context);
    assert.deepEqual(script.errors, {});
  });

  void it('passes a non-local backend with its config, and run names', () => {
    const { request } = checkLaunch(model, input({ backend: 'databricks', backendConfig: 'cluster.json', runName: ' r1 ' }), { ...context, exists: () => true });
    assert.deepEqual(mlflowRunArgs(request!).slice(-8), ['--run-name', 'r1', '--env-manager', 'local', '--backend', 'databricks', '--backend-config', 'cluster.json']);
  });
});

void describe('the language server and the launcher judge a uri the same way', () => {
  void it('a uri default without a scheme is an error in the editor and a value error in the form', () => {
    const text = MLPROJECT.replace('"s3://bucket/x"', 'bucket/x');
    const editor = lintText({ text, kind: 'mlproject', fileName: 'MLproject' }).problems.find((p) => p.code === 'mlproject.uri-default-invalid');
    assert.ok(editor);
    const form = checkLaunch(model, input({ parameters: { source: 'bucket/x', needed: 'x' } }), context).errors['param:source'];
    assert.match(editor.message, /has no scheme/);
    assert.match(form!, /Expected URI/);
  });
});

void describe('readLaunchProject', () => {
  void it('reads the sample project (folder or file) with its entry points and no errors', () => {
    for (const target of [sampleProject, path.join(sampleProject, 'MLproject')]) {
      const project = readLaunchProject(target);
      assert.equal(project.dir, sampleProject);
      assert.deepEqual(project.model.entryPoints.map((e) => e.name), ['main', 'sweep', 'live']);
      assert.deepEqual(project.errors, []);
    }
  });

  void it('gives the language server\'s errors with file:line:col, and names a folder without MLproject', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-launch-'));
    try {
      assert.throws(() => readLaunchProject(dir), new RegExp(`${dir} holds no MLproject`));
      fs.writeFileSync(path.join(dir, 'mlproject'), 'entry_points:\n  main:\n    command: "python x.py {undeclared}"\n');
      const project = readLaunchProject(dir);
      assert.ok(project.errors.some((e) => /^mlproject:3:\d+: .*undeclared/.test(e)), project.errors.join('\n'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

void describe('RunOutputScanner', () => {
  void it("finds the run id in MLflow's stderr line even when split across chunks", () => {
    const line = "2026/12/06 03:20:55 INFO mlflow.projects.backend.local: === Running command 'python train.py --solver '\"'\"'x'\"'\"'' in run with ID 'aaa10c05d0124b7ebcb9451fb8e57ce4' === \n";
    const scanner = new RunOutputScanner();
    assert.equal(scanner.push(line.slice(0, 70)), undefined);
    assert.equal(scanner.push(line.slice(70)), 'aaa10c05d0124b7ebcb9451fb8e57ce4');
    assert.equal(scanner.push(line), undefined, 'reported once');
    assert.equal(scanner.runId, 'aaa10c05d0124b7ebcb9451fb8e57ce4');
  });
});

void describe('logged parameters', () => {
  void it('undoes shlex.quote exactly (the value MLflow 2.12.2 logged for a hostile -P), and nothing else', () => {
    assert.equal(unquoteLoggedParam(`'lib'"'"'linear $(echo x)'`), "lib'linear $(echo x)");
    assert.equal(unquoteLoggedParam(`'lbfgs'"'"'; touch PWNED #'`), "lbfgs'; touch PWNED #");
    assert.equal(unquoteLoggedParam('0.5'), '0.5');
    assert.equal(unquoteLoggedParam("''"), '');
    assert.equal(unquoteLoggedParam("'plain'"), "'plain'", 'shlex would not have quoted plain: logged by a script');
    for (const v of ['', 'a b', "it's", `'"'"'`, '\n', '🚀', '$(x)', "''"]) assert.equal(unquoteLoggedParam(shlexQuote(v)), v, JSON.stringify(v));
    for (const v of ["it's", 'a b']) assert.equal(unquoteLoggedParam(unquoteLoggedParam(shlexQuote(v))), v, 'twice is stable');
  });
});

void describe('which MLflow', () => {
  void it('parses versions and the env managers `mlflow run --help` lists', () => {
    assert.equal(parseMlflowVersion('python -m mlflow, version 2.12.2\n'), '2.12.2');
    assert.equal(parseMlflowVersion('mlflow, version 3.1.0rc1'), '3.1.0rc1');
    assert.deepEqual(parseEnvManagers('  --env-manager TEXT  …\n    - local: use the local environment\n    - virtualenv: use virtualenv\n    - conda: use conda\n    - uv: use uv\n  --storage-dir'), ['local', 'virtualenv', 'conda', 'uv']);
  });

  void it('with no mlflow on PATH, no interpreter and a bad setting: says what was tried and how to install', async () => {
    const found = await findMlflow({ setting: '/no/such/mlflow', env: { PATH: '/nonexistent' } });
    assert.ok('missing' in found);
    assert.match(found.missing, /mlflowLens.mlflowPath '\/no\/such\/mlflow' is not an executable file; no `mlflow` on PATH\..*pip install mlflow/);
  });

  void it('disables env managers whose tools are missing, with the reason', () => {
    const managers = envManagerAvailability({ argv: ['mlflow'], source: 'PATH', version: '2.12.2', envManagers: ['local', 'virtualenv', 'conda'] }, { PATH: '/nonexistent' });
    assert.deepEqual(managers.map((m) => [m.id, m.available]), [['local', true], ['virtualenv', false], ['conda', false], ['uv', false]]);
    assert.match(managers[1]!.reason!, /pyenv and virtualenv not on PATH/);
    assert.match(managers[3]!.reason!, /MLflow 2.12.2 does not support it/);
  });
});

void describe('the launch environment', () => {
  void it('an absolute tracking URI for each store kind, credentials only as MLflow variables', () => {
    assert.equal(absoluteTrackingUri({ kind: 'file', path: '/a b/mlruns' }), 'file:///a%20b/mlruns');
    assert.equal(absoluteTrackingUri({ kind: 'sqlite', databasePath: '/data/mlflow.db' }), 'sqlite:////data/mlflow.db');
    assert.equal(absoluteTrackingUri({ kind: 'rest', uri: 'https://mlflow.example' }), 'https://mlflow.example');
    const env = launchEnvironment({ PATH: '/bin', MLFLOW_TRACKING_URI: 'other', MLFLOW_RUN_ID: 'stale', MLFLOW_TRACKING_TOKEN: 'old' }, 'https://x', { username: 'u', password: 'p' });
    assert.deepEqual(env, { PATH: '/bin', MLFLOW_TRACKING_URI: 'https://x', PYTHONUNBUFFERED: '1', MLFLOW_TRACKING_USERNAME: 'u', MLFLOW_TRACKING_PASSWORD: 'p' });
  });
});
