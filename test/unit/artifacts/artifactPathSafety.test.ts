/** Artifact paths never leave the run's artifact root: through `..`, absolute paths, symlinks or a hostile listing. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { normalizeArtifactPath } from '../../../src/core/artifacts/artifactPath';
import { artifactEntry, copyArtifactFile, listArtifactFiles, readArtifactHead } from '../../../src/core/artifacts/artifactRange';
import { planDownload } from '../../../src/core/artifacts/downloadPlan';
import type { FileInfo } from '../../../src/core/model/entities';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { StoreError } from '../../../src/core/store/storeErrors';
import type { TrackingStore } from '../../../src/core/store/trackingStore';
import { ids } from '../core/fixtures';
import { copyGeneratedStore } from './storeCopy';

const copy = copyGeneratedStore('artifact-safety-');
const store = new FileStore(copy.root, { workerScript: false });
after(() => {
  store.dispose();
  copy.dispose();
});

const refused = (reason: 'invalidArgument' | 'notFound') => (e: unknown) => StoreError.is(e, reason);

void describe('artifact paths cannot escape the artifact root', () => {
  void it('refuses .., absolute paths, drive letters and NUL bytes before touching the disk', () => {
    for (const hostile of ['../meta.yaml', 'reports/../../meta.yaml', '..\\..\\meta.yaml', '/etc/passwd', 'C:/Windows/win.ini', 'c:\\x', 'a\0b']) {
      assert.throws(() => normalizeArtifactPath(hostile), refused('invalidArgument'), hostile);
    }
    assert.equal(normalizeArtifactPath('./reports//2024/./summary.json'), 'reports/2024/summary.json');
  });

  void it('the file store, the size lookup, the bounded read and the copy all refuse them', async () => {
    const target = path.join(path.dirname(copy.root), 'stolen.yaml');
    for (const hostile of ['../meta.yaml', '../../../../../../etc/passwd', '/etc/passwd']) {
      await assert.rejects(store.readArtifact(ids.parent, hostile), refused('invalidArgument'), hostile);
      await assert.rejects(store.listArtifacts(ids.parent, hostile), refused('invalidArgument'), hostile);
      await assert.rejects(artifactEntry(store, ids.parent, hostile), refused('invalidArgument'), hostile);
      await assert.rejects(readArtifactHead(store, ids.parent, hostile, 1024), refused('invalidArgument'), hostile);
      await assert.rejects(copyArtifactFile(store, ids.parent, hostile, target), refused('invalidArgument'), hostile);
    }
    assert.equal(fs.existsSync(target), false);
  });

  void it('a symlink in the artifacts that leads out is neither listed nor read', async () => {
    fs.symlinkSync(path.join(copy.root, '0', 'meta.yaml'), path.join(copy.parentArtifacts, 'escape.yaml'));
    fs.symlinkSync(path.join(copy.root, '0'), path.join(copy.parentArtifacts, 'escape-dir'));
    const listed = (await store.listArtifacts(ids.parent)).map((f) => f.path);
    assert.ok(listed.includes('notes.txt'), listed.join());
    assert.ok(!listed.includes('escape.yaml') && !listed.includes('escape-dir'), listed.join());
    await assert.rejects(store.readArtifact(ids.parent, 'escape.yaml'), refused('invalidArgument'));
    await assert.rejects(readArtifactHead(store, ids.parent, 'escape.yaml', 64), refused('notFound'));
    await assert.rejects(store.listArtifacts(ids.parent, 'escape-dir'), refused('invalidArgument'));
  });

  void it('a listing naming a path outside (a hostile server) is refused, and a download plan never leaves its folder', async () => {
    const hostileListing: FileInfo[] = [{ path: 'reports/../../../outside.txt', is_dir: false, file_size: 3 }];
    const fake = {
      uri: 'http://hostile.example',
      listArtifacts: async (_run: string, folder?: string) => (folder === undefined ? [{ path: 'reports', is_dir: true }] : hostileListing),
    } as unknown as TrackingStore;
    await assert.rejects(listArtifactFiles(fake, 'run', 'reports'), refused('invalidArgument'));
    const folder = path.join(path.dirname(copy.root), 'downloads');
    assert.throws(() => planDownload(folder, 'reports', true, hostileListing, 'reports'), refused('invalidArgument'));
    assert.throws(() => planDownload(folder, 'reports', true, [{ path: 'elsewhere/x.txt', is_dir: false }], 'reports'), refused('invalidArgument'));
    assert.throws(() => planDownload(folder, 'reports', false, [{ path: 'reports', is_dir: false }], '../reports'), refused('invalidArgument'));
  });
});
