/**
 * What the file store keeps per run must not hold the files it was read from (issue 12 item 6): a
 * value cut out of a meta.yaml with a regex or `split` is a V8 slice that keeps the whole text
 * alive. The MLflow-written generated store is listed in this thread (no workers, no index), its
 * data read, and a heap snapshot of this process taken while the store is held: it must contain no
 * meta.yaml text (PyYAML writes `artifact_uri:` first), and the repeated keys are kept once.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { after, describe, it } from 'node:test';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { compactInfo, ownString, sharedString } from '../../../src/core/store/file/runEntry';
import { generatedStore, tempDir } from './fixtures';

interface SnapshotStrings {
  /** Every string value in the heap (sliced and cons strings by their content too). */
  values: string[];
}

function heapStrings(file: string): SnapshotStrings {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
  v8.writeHeapSnapshot(file);
  const snap = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const values: string[] = [];
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    if (/string/.test(types[snap.nodes[i + typeAt]!]!)) values.push(snap.strings[snap.nodes[i + nameAt]!]!);
  }
  return { values };
}

void describe('run entries in memory', () => {
  const dir = tempDir('run-entry-memory');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  void it('hold no meta.yaml text once listed and read in this thread, and one copy of each tag key', async () => {
    const store = new FileStore(generatedStore, { workerScript: false, backgroundReads: false });
    try {
      const experiments = (await store.searchExperiments({ viewType: 'ALL' })).items;
      let runs = 0;
      for (const e of experiments) {
        runs += (await store.searchRuns({ experimentIds: [e.experiment_id], viewType: 'ALL', maxResults: 1000 })).items.length;
      }
      assert.ok(runs >= 20, `the generated store lists its runs (${runs})`);
      const { values } = heapStrings(path.join(dir, 'held.heapsnapshot'));
      const metaTexts = values.filter((s) => s.startsWith('artifact_uri: '));
      assert.deepEqual(metaTexts.map((s) => s.slice(0, 60)), [], 'no meta.yaml text is kept');
      const userKeys = values.filter((s) => s === 'mlflow.user').length;
      assert.ok(userKeys <= 3, `"mlflow.user" is held ${userKeys} times for ${runs} runs`);
      // The store is still held here: its runs are in memory, only not their files.
      assert.ok(values.some((s) => s.startsWith('file://') && s.endsWith('/artifacts')), 'the runs are still held');
    } finally {
      store.dispose();
    }
  });

  void it('copies strings without changing them', () => {
    const text = `run_id: ${'a'.repeat(32)}\nuser_id: someone\n`;
    const id = /^run_id: (.*)$/m.exec(text)![1]!;
    assert.equal(ownString(id), id);
    assert.equal(sharedString(`user-${'x'.repeat(20)}`), sharedString(`user-${'x'.repeat(20)}`));
    const info = {
      run_id: id,
      run_uuid: id,
      run_name: 'a long enough run name',
      experiment_id: '868010962877203020',
      user_id: 'someone',
      status: 'FINISHED' as const,
      start_time: 1,
      artifact_uri: `file:///x/${id}/artifacts`,
      lifecycle_stage: 'active' as const,
    };
    assert.deepEqual(compactInfo(info, id), info);
    assert.deepEqual(compactInfo(info), info);
  });
});
