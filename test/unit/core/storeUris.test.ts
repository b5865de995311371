/** Tracking URIs, recorded artifact locations, artifact paths and page tokens (detection: detectStore.test.ts). */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { isInside, normalizeArtifactPath, resolveArtifactPath } from '../../../src/core/artifacts/artifactPath';
import { artifactRootCandidates, reRootSuffix, resolveArtifactRoot } from '../../../src/core/store/file/artifactRoot';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { decodeLocation, fileUriToPath } from '../../../src/core/store/locationUri';
import { openStore, parseTrackingUri } from '../../../src/core/store/openStore';
import { decodePageToken, encodePageToken, queryFingerprint } from '../../../src/core/store/pageToken';
import { StoreError } from '../../../src/core/store/storeErrors';
import { generatedStore, tempDir } from './fixtures';

const scratch: string[] = [];
after(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});

void describe('tracking URIs', () => {
  void it('opens plain paths (absolute or relative to cwd) and file: URIs as the file store', () => {
    assert.deepEqual(parseTrackingUri('/data/mlruns'), { kind: 'file', path: '/data/mlruns' });
    assert.deepEqual(parseTrackingUri('mlruns', '/work/project'), { kind: 'file', path: '/work/project/mlruns' });
    assert.deepEqual(parseTrackingUri('./a/../mlruns', '/w'), { kind: 'file', path: '/w/mlruns' });
    assert.deepEqual(parseTrackingUri('file:///data/my%20runs/mlruns'), { kind: 'file', path: '/data/my runs/mlruns' });
    assert.deepEqual(parseTrackingUri('file:mlruns', '/w'), { kind: 'file', path: '/w/mlruns' });
    assert.deepEqual(parseTrackingUri('file://localhost/data/mlruns'), { kind: 'file', path: '/data/mlruns' });
    assert.equal(parseTrackingUri('sqlite:///mlflow.db').kind, 'sqlite');
    assert.equal(parseTrackingUri('http://localhost:5000').kind, 'rest');
    const store = openStore(`file://${generatedStore}`);
    assert.equal(store.kind, 'file');
    assert.equal(store.uri, `file://${generatedStore}`);
    store.dispose();
    assert.throws(() => openStore('databricks://profile'), (e) => StoreError.is(e, 'unsupported'));
    assert.throws(() => openStore('  '), (e) => StoreError.is(e, 'invalidArgument'));
  });

  void it('decodes file: URIs with Windows drives and percent-encoding', () => {
    assert.equal(fileUriToPath('file:///C:/Users/a%20b/mlruns'), 'C:/Users/a b/mlruns');
    assert.equal(fileUriToPath('file:///c:/x'), 'c:/x');
    assert.equal(fileUriToPath('file:///D:/a%2C%20b/c'), 'D:/a, b/c');
    assert.equal(fileUriToPath('file://server/share/x'), '//server/share/x');
    assert.equal(fileUriToPath('file:///bad%zzpercent'), '/bad%zzpercent');
  });
});

void describe('recorded artifact locations', () => {
  void it('classifies every form seen in real stores', () => {
    assert.deepEqual(decodeLocation('file:///home/u/mlruns/1/r/artifacts'), { kind: 'local', path: '/home/u/mlruns/1/r/artifacts', absolute: true });
    assert.deepEqual(decodeLocation('file:///C:/Users/x%20y/mlruns/1'), { kind: 'local', path: 'C:/Users/x y/mlruns/1', absolute: true });
    assert.deepEqual(decodeLocation('C:\\Users\\x\\mlruns\\1'), { kind: 'local', path: 'C:/Users/x/mlruns/1', absolute: true });
    assert.deepEqual(decodeLocation('file:mlruns/0/r/artifacts'), { kind: 'local', path: 'mlruns/0/r/artifacts', absolute: false });
    assert.deepEqual(decodeLocation('./mlruns/1'), { kind: 'local', path: './mlruns/1', absolute: false });
    assert.deepEqual(decodeLocation('/Users/x/OneDrive Documents/mlruns/0'), { kind: 'local', path: '/Users/x/OneDrive Documents/mlruns/0', absolute: true });
    assert.deepEqual(decodeLocation('mlflow-artifacts:/1/r/artifacts'), { kind: 'mlflowArtifacts', path: '1/r/artifacts' });
    assert.deepEqual(decodeLocation('mlflow-artifacts://host:5000/api/1/r/artifacts'), { kind: 'mlflowArtifacts', path: 'api/1/r/artifacts' });
    assert.deepEqual(decodeLocation('s3://bucket/1/r/artifacts'), { kind: 'remote', scheme: 's3' });
  });

  void it('re-roots the <exp>/<run>/artifacts suffix under the store, its .trash, sibling mlruns/ and mlartifacts/', () => {
    assert.deepEqual(reRootSuffix('C:/Users/x/mlruns/1/r/artifacts/model', '1', 'r'), ['1', 'r', 'artifacts', 'model']);
    assert.deepEqual(reRootSuffix('/somewhere/else', '1', 'r'), ['1', 'r', 'artifacts']);
    const c = artifactRootCandidates({ storeRoot: '/p/mlruns', runDir: '/p/mlruns/1/r', experimentId: '1', runId: 'r', recordedUri: 'mlflow-artifacts:/1/r/artifacts' });
    assert.deepEqual(c, ['/p/mlruns/1/r/artifacts', '/p/mlartifacts/1/r/artifacts', '/p/mlruns/.trash/1/r/artifacts']);
    const rel = artifactRootCandidates({ storeRoot: '/p/mlruns', runDir: '/p/mlruns/1/r', experimentId: '1', runId: 'r', recordedUri: './mlruns/1/r/artifacts' });
    assert.equal(rel[0], '/p/mlruns/1/r/artifacts');
  });

  void it('finds artifacts of a moved store under a sibling mlartifacts/ folder, and says why when it cannot', async () => {
    const dir = tempDir('mlartifacts');
    scratch.push(dir);
    fs.mkdirSync(path.join(dir, 'mlartifacts', '7', 'r1', 'artifacts'), { recursive: true });
    const found = await resolveArtifactRoot({ storeRoot: path.join(dir, 'mlruns'), runDir: path.join(dir, 'mlruns', '7', 'r1'), experimentId: '7', runId: 'r1', recordedUri: 'mlflow-artifacts:/7/r1/artifacts' });
    assert.equal(found.localPath, path.join(dir, 'mlartifacts', '7', 'r1', 'artifacts'));
    const remote = await resolveArtifactRoot({ storeRoot: path.join(dir, 'mlruns'), runDir: path.join(dir, 'mlruns', '7', 'r2'), experimentId: '7', runId: 'r2', recordedUri: 's3://bucket/7/r2/artifacts' });
    assert.equal(remote.localPath, undefined);
    assert.match(remote.unavailableReason ?? '', /remotely \(s3:\)/);
    const missing = await resolveArtifactRoot({ storeRoot: path.join(dir, 'mlruns'), runDir: path.join(dir, 'mlruns', '7', 'r3'), experimentId: '7', runId: 'r3', recordedUri: 'mlflow-artifacts:/7/r3/artifacts' });
    assert.match(missing.unavailableReason ?? '', /not available locally/);
  });
});

void describe('artifact paths', () => {
  void it('normalises relative paths and rejects escapes', () => {
    assert.equal(normalizeArtifactPath(undefined), '');
    assert.equal(normalizeArtifactPath('a//b/./c/'), 'a/b/c');
    assert.equal(normalizeArtifactPath('a\\b'), 'a/b');
    for (const bad of ['..', '../x', 'a/../../x', '/etc', '\\\\server\\x', 'C:\\x', 'c:x', 'a\0']) {
      assert.throws(() => normalizeArtifactPath(bad), (e) => StoreError.is(e, 'invalidArgument'), bad);
    }
    assert.ok(isInside('/a/b', '/a/b/c'));
    assert.ok(!isInside('/a/b', '/a/bc'));
  });

  void it('refuses a symlink leading out of the artifact root, and does not list it', async () => {
    const dir = tempDir('symlink');
    scratch.push(dir);
    const root = path.join(dir, 'mlruns');
    fs.cpSync(path.join(generatedStore, '0'), path.join(root, '0'), { recursive: true });
    const runDir = path.join(root, '0', '4f8f8c9a6060467380b30d1d74496d18');
    const artifacts = path.join(runDir, 'artifacts');
    fs.mkdirSync(artifacts);
    fs.writeFileSync(path.join(artifacts, 'inside.txt'), 'ok');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
    fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(artifacts, 'escape.txt'));
    fs.symlinkSync(dir, path.join(artifacts, 'escape-dir'));
    fs.symlinkSync(path.join(artifacts, 'inside.txt'), path.join(artifacts, 'alias.txt'));
    await assert.rejects(resolveArtifactPath(artifacts, 'escape.txt'), (e) => StoreError.is(e, 'invalidArgument'));
    await assert.rejects(resolveArtifactPath(artifacts, 'escape-dir/secret.txt'), (e) => StoreError.is(e, 'invalidArgument'));
    const store = new FileStore(root, { workerScript: false });
    try {
      assert.deepEqual((await store.listArtifacts('4f8f8c9a6060467380b30d1d74496d18')).map((f) => f.path), ['alias.txt', 'inside.txt']);
      assert.equal(Buffer.from(await store.readArtifact('4f8f8c9a6060467380b30d1d74496d18', 'alias.txt')).toString(), 'ok');
      await assert.rejects(store.readArtifact('4f8f8c9a6060467380b30d1d74496d18', 'escape.txt'), (e) => StoreError.is(e, 'invalidArgument'));
      await assert.rejects(store.listArtifacts('4f8f8c9a6060467380b30d1d74496d18', 'escape-dir'), (e) => StoreError.is(e, 'invalidArgument'));
    } finally {
      store.dispose();
    }
  });
});

void describe('page tokens', () => {
  void it('round-trip offsets and reject other queries and garbage', () => {
    const q = queryFingerprint(['runs', ['1'], 'ALL']);
    assert.equal(decodePageToken(encodePageToken(40, q), q), 40);
    assert.equal(decodePageToken(undefined, q), 0);
    assert.throws(() => decodePageToken(encodePageToken(40, q), queryFingerprint(['runs', ['2'], 'ALL'])), (e) => StoreError.is(e, 'invalidArgument'));
    assert.throws(() => decodePageToken('%%%', q), (e) => StoreError.is(e, 'invalidArgument'));
  });
});
