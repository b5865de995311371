/**
 * A 2 GB artifact (a sparse file in a temp copy of the generated store) is never read whole: the size
 * comes from the listing, the guard triggers, and "Open Anyway" reads a bounded head. The process's
 * resident memory is measured around the reads.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { artifactEntry, copyArtifactFile, readArtifactHead } from '../../../src/core/artifacts/artifactRange';
import { HEAD_BYTES, openDecision, PREVIEW_LIMIT_BYTES } from '../../../src/core/artifacts/sizeGuard';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { StoreError } from '../../../src/core/store/storeErrors';
import type { TrackingStore } from '../../../src/core/store/trackingStore';
import { ids } from '../core/fixtures';
import { copyGeneratedStore } from './storeCopy';

const TWO_GB = 2 * 1024 ** 3;
const copy = copyGeneratedStore('artifact-large-');
const bigFile = path.join(copy.parentArtifacts, 'blobs', 'huge.bin');
execFileSync('truncate', ['-s', '2G', bigFile]);
// A marker at the start, so the head read is checked for content, not only length.
fs.writeFileSync(bigFile, 'HEAD-MARKER', { flag: 'r+' });

/** Wraps the store, counting whole-file reads. */
function counting(inner: TrackingStore): { store: TrackingStore; wholeReads: string[] } {
  const wholeReads: string[] = [];
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'readArtifact') {
        return (runId: string, p: string, signal?: AbortSignal) => {
          wholeReads.push(p);
          return target.readArtifact(runId, p, signal);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, wholeReads };
}

const fileStore = new FileStore(copy.root, { workerScript: false });
after(() => {
  fileStore.dispose();
  copy.dispose();
});

void describe('a 2 GB artifact', () => {
  void it('has its size from the listing, and the guard triggers', async () => {
    const entry = await artifactEntry(fileStore, ids.parent, 'blobs/huge.bin');
    assert.equal(entry.file_size, TWO_GB);
    assert.deepEqual(openDecision(entry.file_size), { kind: 'guarded', size: TWO_GB, headBytes: HEAD_BYTES });
    assert.deepEqual(openDecision(PREVIEW_LIMIT_BYTES), { kind: 'whole' });
    assert.equal(openDecision(undefined).kind, 'guarded');
  });

  void it('"Open Anyway" reads only its head: no whole read, resident memory stays far below the file', async () => {
    const { store, wholeReads } = counting(fileStore);
    global.gc?.();
    const before = process.memoryUsage().rss;
    const head = await readArtifactHead(store, ids.parent, 'blobs/huge.bin', HEAD_BYTES);
    const grown = process.memoryUsage().rss - before;
    assert.equal(head.size, TWO_GB);
    assert.equal(head.truncated, true);
    assert.equal(head.bytes.length, HEAD_BYTES);
    assert.equal(Buffer.from(head.bytes.subarray(0, 11)).toString(), 'HEAD-MARKER');
    assert.deepEqual(wholeReads, []);
    assert.ok(grown < 256 * 1024 * 1024, `RSS grew by ${Math.round(grown / 1024 / 1024)} MB reading the head of a 2 GB file`);
  });

  void it('a small file is read whole by the same call', async () => {
    const head = await readArtifactHead(fileStore, ids.parent, 'notes.txt', HEAD_BYTES);
    assert.equal(head.truncated, false);
    assert.equal(Buffer.from(head.bytes).toString('utf8'), fs.readFileSync(path.join(copy.parentArtifacts, 'notes.txt'), 'utf8'));
  });

  void it('on a server store (no local root) a large listed file is refused before any byte is fetched', async () => {
    const { store, wholeReads } = counting({
      kind: 'rest',
      uri: 'http://127.0.0.1:5000',
      getArtifactRoot: async () => ({ recordedUri: 'mlflow-artifacts:/1/abc/artifacts' }),
      listArtifacts: async () => [{ path: 'blobs/huge.bin', is_dir: false, file_size: TWO_GB }],
      readArtifact: async () => new Uint8Array(0),
    } as unknown as TrackingStore);
    await assert.rejects(readArtifactHead(store, 'abc', 'blobs/huge.bin', HEAD_BYTES), (e: unknown) => {
      assert.ok(StoreError.is(e, 'unsupported'));
      assert.match((e as Error).message, /'blobs\/huge\.bin' is 2\.0 GB on http:\/\/127\.0\.0\.1:5000.*Download it instead/);
      return true;
    });
    assert.deepEqual(wholeReads, []);
  });

  void it('is downloaded by a file-system copy (not buffered) and never over an existing file', async () => {
    // 64 MB, not 2 GB: the copy writes real blocks, and the point is that no whole read happens.
    execFileSync('truncate', ['-s', '64M', path.join(copy.parentArtifacts, 'blobs', 'large.bin')]);
    const target = path.join(path.dirname(copy.root), 'large-copy.bin');
    const { store, wholeReads } = counting(fileStore);
    await copyArtifactFile(store, ids.parent, 'blobs/large.bin', target);
    assert.equal(fs.statSync(target).size, 64 * 1024 * 1024);
    assert.deepEqual(wholeReads, []);
    fs.writeFileSync(target, 'mine');
    await assert.rejects(copyArtifactFile(store, ids.parent, 'blobs/huge.bin', target), /already exists; it was not overwritten/);
    assert.equal(fs.readFileSync(target, 'utf8'), 'mine');
  });
});
