/**
 * Run Details lists the child runs (a search of the whole experiment by tag) only after
 * `childrenAfter`: the panel passes its webview's first `ready`, so a cold file store's tag reads do
 * not compete with the workbench loading the panel. The run itself is read and shown at once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SearchRunsRequest } from '../../../src/core/store/trackingStore';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { openRunDetails } from '../../../src/panels/runDetailsState';
import { generatedStore, ids } from '../core/fixtures';

void describe('Run Details child runs', () => {
  void it('are searched only once childrenAfter settles, then filled into the state', async () => {
    const store = new FileStore(generatedStore, { workerScript: false, backgroundReads: false });
    const searches: SearchRunsRequest[] = [];
    const search = store.searchRuns.bind(store);
    store.searchRuns = (request, signal) => {
      searches.push(request);
      return search(request, signal);
    };
    try {
      let load!: () => void;
      const loaded = new Promise<void>((resolve) => (load = resolve));
      const opened = await openRunDetails(store, ids.parent, { childrenAfter: loaded });
      await opened.summaries;
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(searches.length, 0, 'no child search before childrenAfter');
      assert.deepEqual(opened.state.overview?.children, []);
      load();
      await opened.later;
      assert.equal(searches.length, 1);
      assert.match(searches[0]!.filter ?? '', /mlflow\.parentRunId/);
      assert.ok((opened.state.overview?.children.length ?? 0) > 0, 'the parent run lists its children');
    } finally {
      store.dispose();
    }
  });
});
