// Artifacts of a tracking server (a replay of real MLflow 2.12.2 exchanges): the size comes from the
// listing's `file_size` before any download, and a file larger than the bound is never fetched.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { artifactEntry, copyArtifactFile, listArtifactFiles, readArtifactHead } from '../../../src/core/artifacts/artifactRange';
import { RestStore } from '../../../src/core/store/rest/restStore';
import { StoreError } from '../../../src/core/store/storeErrors';
import { loadExchanges, mainServerExchange, restFixtures, startReplayServer, type ReplayServer } from '../rest/replayServer';

const PARENT = '4fa5f835e91d4af7ad88c7f6c23bd3b1';

void describe('server artifacts', () => {
  let server: ReplayServer;
  let store: RestStore;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rest-artifacts-'));
  const downloads = () => server.received.filter((r) => !r.path.endsWith('/artifacts/list') && !r.path.includes('/runs/get'));

  before(async () => {
    server = await startReplayServer(loadExchanges(restFixtures(), mainServerExchange));
    store = new RestStore(server.url, { retry: { maxRetries: 0 } });
  });
  after(async () => {
    store.dispose();
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  void it('know a file size from the listing, before downloading anything', async () => {
    assert.deepEqual(await artifactEntry(store, PARENT, 'notes.txt'), { path: 'notes.txt', is_dir: false, file_size: 505 });
    assert.deepEqual(await artifactEntry(store, PARENT, 'reports'), { path: 'reports', is_dir: true });
    assert.deepEqual(downloads(), []);
  });

  void it('refuse a bounded read of a file larger than the bound without fetching it', async () => {
    await assert.rejects(readArtifactHead(store, PARENT, 'notes.txt', 100), (e: unknown) => StoreError.is(e, 'unsupported') && /505 bytes/.test((e as Error).message));
    assert.deepEqual(downloads(), []);
  });

  void it('read a file within the bound whole, through the artifact proxy', async () => {
    const head = await readArtifactHead(store, PARENT, 'notes.txt', 4096);
    assert.equal(head.truncated, false);
    assert.equal(head.size, 505);
    assert.match(Buffer.from(head.bytes).toString('utf8'), /^Training notes\n/);
    assert.equal(downloads().length, 1);
  });

  void it('download a file without overwriting, and refuse a traversal the server is asked for', async () => {
    const target = path.join(tmp, 'notes.txt');
    await copyArtifactFile(store, PARENT, 'notes.txt', target);
    assert.equal(fs.statSync(target).size, 505);
    await assert.rejects(copyArtifactFile(store, PARENT, 'notes.txt', target), /already exists/);
    await assert.rejects(listArtifactFiles(store, PARENT, '../..'), (e: unknown) => StoreError.is(e, 'invalidArgument'));
  });
});
