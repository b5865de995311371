/**
 * What `mlflow models serve -m` gets for a model of the generated fixtures (written by MLflow 2.12.2
 * under /home/dev/mlflow-demo, so every recorded location is stale here): the model folder where
 * the file and SQLite stores really keep it, the registry's URI for a tracking server, and the Try It
 * request built from the model's own input_example.json.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { FileInfo, ModelVersion } from '../../../src/core/model/entities';
import { exampleRequest } from '../../../src/core/serving/exampleRequest';
import { resolveServeTarget, type ServeTarget } from '../../../src/core/serving/modelSource';
import { StoreError } from '../../../src/core/store/storeErrors';
import type { TrackingStore } from '../../../src/core/store/trackingStore';
import { fixturesDir, openFileBackend, openSqliteBackend, type Backend } from '../conformance/backends';

const FILE_RUN = 'c6837e9babaf4e4f97aa06f8edac0c37';
const FILE_MODEL = path.join(fixturesDir, 'generated-mlruns', '868010962877203020', FILE_RUN, 'artifacts', 'model');
const EXAMPLE = JSON.parse(fs.readFileSync(path.join(FILE_MODEL, 'input_example.json'), 'utf8')) as unknown;

let file: Backend;
let sqlite: Backend;

before(async () => {
  file = await openFileBackend();
  sqlite = await openSqliteBackend();
});
after(async () => {
  await file.close();
  await sqlite.close();
});

function versionTarget(v: ModelVersion): ServeTarget {
  return { kind: 'modelVersion', name: v.name, version: v.version, source: v.source, ...(v.run_id ? { runId: v.run_id } : {}) };
}

void it("a run's model folder (or its MLmodel file) is served from where the file store keeps it, with its example as the request", async () => {
  const model = await resolveServeTarget(file.store, { kind: 'runArtifact', runId: FILE_RUN, path: 'model' });
  assert.equal(model.label, `runs:/${FILE_RUN}/model`);
  assert.equal(model.modelUri, FILE_MODEL);
  assert.equal(model.localDir, FILE_MODEL);
  const viaFile = await resolveServeTarget(file.store, { kind: 'runArtifact', runId: FILE_RUN, path: 'model/MLmodel' });
  assert.equal(viaFile.modelUri, FILE_MODEL);
  const request = await exampleRequest(model);
  assert.deepEqual(JSON.parse(request.body), { dataframe_split: EXAMPLE });
  assert.equal(request.note, "From input_example.json (a DataFrame, pandas orient 'split').");
});

void it('an artifact folder without MLmodel, an escaping path, and an unknown run are refused with the reason', async () => {
  await assert.rejects(resolveServeTarget(file.store, { kind: 'runArtifact', runId: FILE_RUN, path: 'plots' }), new RegExp(`runs:/${FILE_RUN}/plots is not an MLflow model: .*plots/MLmodel does not exist`));
  await assert.rejects(resolveServeTarget(file.store, { kind: 'runArtifact', runId: FILE_RUN, path: '../../x' }), /'\.\.' is not allowed/);
  await assert.rejects(resolveServeTarget(file.store, { kind: 'runArtifact', runId: 'f'.repeat(32), path: 'model' }), (e: unknown) => StoreError.is(e, 'notFound'));
});

void it('registry versions are served from their run’s folder in the file and SQLite stores (the recorded source is stale)', async () => {
  for (const backend of [file, sqlite]) {
    const versions = await backend.modelVersions('iris-classifier');
    const v3 = versions.find((v) => v.version === '3');
    assert.ok(v3 && v3.run_id, `${backend.kind}: version 3 from a run`);
    assert.match(v3.source, /^(file:\/\/)?\/home\/dev\/mlflow-demo\//, 'the recorded source is on the machine that wrote the store');
    const model = await resolveServeTarget(backend.store, versionTarget(v3));
    assert.equal(model.label, 'iris-classifier version 3');
    assert.ok(model.localDir && model.localDir.startsWith(path.join(fixturesDir, `generated-${backend.kind === 'file' ? 'mlruns' : 'sqlite'}`)), `${backend.kind}: ${model.localDir}`);
    assert.ok(fs.existsSync(path.join(model.localDir, 'MLmodel')));
    const request = JSON.parse((await exampleRequest(model)).body) as { dataframe_split: { columns: string[]; data: number[][] } };
    assert.deepEqual(request.dataframe_split.columns, ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
    assert.equal(request.dataframe_split.data.length, 3);
  }
});

void it('a version without a run whose source is elsewhere (s3://) goes to MLflow as models:/…, with a template request', async () => {
  const versions = await file.modelVersions('Ünïcödé model 🚀 "q" \'sq\' <script>x<script> & amp');
  const v1 = versions[0];
  assert.ok(v1);
  const model = await resolveServeTarget(file.store, versionTarget(v1));
  assert.equal(model.modelUri, `models:/${v1.name}/1`);
  assert.equal(model.localDir, undefined);
  const request = await exampleRequest(model);
  assert.deepEqual(JSON.parse(request.body), { inputs: [] });
  assert.match(request.note, /cannot be read from here \(MLflow downloads models:\/.* itself\)/);
});

/** A tracking server as far as serving needs it: no local artifact folder, files read over its API. */
function serverStore(files: Record<string, string>): TrackingStore {
  const listing = (dir: string): FileInfo[] =>
    Object.keys(files)
      .filter((p) => p.startsWith(`${dir}/`))
      .map((p) => ({ path: p, is_dir: false }));
  return {
    kind: 'rest',
    uri: 'http://127.0.0.1:5000',
    getArtifactRoot: async () => ({ recordedUri: 'mlflow-artifacts:/1/abc/artifacts' }),
    listArtifacts: async (_run: string, dir?: string) => listing(dir ?? ''),
    readArtifact: async (_run: string, p: string) => {
      const text = files[p];
      if (text === undefined) throw new StoreError('notFound', `no artifact ${p}`);
      return new TextEncoder().encode(text);
    },
  } as unknown as TrackingStore;
}

void it('on a tracking server the model goes as runs:/ or models:/ and its example is read through the server', async () => {
  const mlmodel = fs.readFileSync(path.join(FILE_MODEL, 'MLmodel'), 'utf8');
  const example = fs.readFileSync(path.join(FILE_MODEL, 'input_example.json'), 'utf8');
  const store = serverStore({ 'model/MLmodel': mlmodel, 'model/input_example.json': example });
  const fromRun = await resolveServeTarget(store, { kind: 'runArtifact', runId: 'abc', path: 'model' });
  assert.equal(fromRun.modelUri, 'runs:/abc/model');
  assert.deepEqual(JSON.parse((await exampleRequest(fromRun)).body), { dataframe_split: EXAMPLE });
  const fromRegistry = await resolveServeTarget(store, { kind: 'modelVersion', name: 'iris', version: '2', source: 'mlflow-artifacts:/1/abc/artifacts/model', runId: 'abc' });
  assert.equal(fromRegistry.modelUri, 'models:/iris/2');
  await assert.rejects(resolveServeTarget(store, { kind: 'runArtifact', runId: 'abc', path: 'plots' }), /runs:\/abc\/plots is not an MLflow model: it has no MLmodel file/);
  // An MLmodel that names an example the model lacks, and a broken example: a template and the reason.
  const missing = await exampleRequest(await resolveServeTarget(serverStore({ 'model/MLmodel': mlmodel }), { kind: 'runArtifact', runId: 'abc', path: 'model' }));
  assert.match(missing.note, /names input_example\.json, but the model has no such file/);
  assert.equal(JSON.parse(missing.body).dataframe_split.columns.length, 4, 'the template lists the signature columns');
  const broken = await exampleRequest(await resolveServeTarget(serverStore({ 'model/MLmodel': mlmodel, 'model/input_example.json': '{"columns": [' }), { kind: 'runArtifact', runId: 'abc', path: 'model' }));
  assert.match(broken.note, /^input_example\.json is not valid JSON: .* Write the request instead\.$/);
});
