/**
 * The registry through the TrackingStore interface, over the same MLflow-written data in the three
 * backends (file store, SQLite, REST replay of the real server): the same registered models, versions,
 * aliases on every version (MLflow's model-versions/search leaves them out, the REST store adds them
 * from the model), deleted versions hidden, and the name filter, including the hostile model name.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ModelVersion, RegisteredModel } from '../../../src/core/model/entities';
import { collectPages } from '../../../src/core/model/paging';
import { StoreError } from '../../../src/core/store/storeErrors';
import { openFileBackend, openRestBackend, openSqliteBackend, type Backend, type BackendKind } from '../conformance/backends';

const ODD_MODEL = `Ünïcödé model 🚀 "q" 'sq' <script>x<script> & amp`;
const openers: Record<BackendKind, () => Promise<Backend>> = { file: openFileBackend, sqlite: openSqliteBackend, rest: openRestBackend };
const opened = new Map<BackendKind, Promise<Backend>>();
const backend = (kind: BackendKind): Promise<Backend> => {
  let b = opened.get(kind);
  if (!b) opened.set(kind, (b = openers[kind]()));
  return b;
};
after(async () => {
  for (const b of opened.values()) await (await b).close();
});

/** What the three stores agree on (sources, run ids and timestamps belong to each store). */
function versionView(v: ModelVersion): unknown {
  return { name: v.name, version: v.version, stage: v.current_stage, status: v.status, description: v.description ?? '', aliases: v.aliases, tags: v.tags, hasRun: v.run_id !== undefined };
}

function modelView(m: RegisteredModel): unknown {
  return {
    name: m.name,
    description: m.description ?? '',
    tags: [...m.tags].sort((a, b) => (a.key < b.key ? -1 : 1)),
    aliases: [...m.aliases].sort((a, b) => (a.alias < b.alias ? -1 : 1)),
    latest: m.latest_versions.map((v) => `${v.version}:${v.current_stage}`).sort(),
  };
}

const kinds: BackendKind[] = ['file', 'sqlite', 'rest'];

void describe('registry listing over the three backends (same MLflow 2.12.2 data)', () => {
  void it('lists the same registered models with tags, aliases and latest versions', async () => {
    const views = new Map<BackendKind, unknown[]>();
    for (const kind of kinds) {
      const { store } = await backend(kind);
      const models = await collectPages((pageToken) => store.searchRegisteredModels!({ ...(pageToken && { pageToken }) }));
      views.set(kind, models.map(modelView).sort((a, b) => ((a as { name: string }).name < (b as { name: string }).name ? -1 : 1)));
    }
    const file = views.get('file') as { name: string; aliases: unknown }[];
    assert.deepEqual(file.map((m) => m.name), ['empty-model', 'iris-classifier', ODD_MODEL]);
    assert.deepEqual(file[1]?.aliases, [
      { alias: 'challenger', version: '2' },
      { alias: 'champion', version: '3' },
      { alias: 'old-but-gold', version: '1' },
    ]);
    assert.deepEqual(views.get('sqlite'), file);
    assert.deepEqual(views.get('rest'), file);
  });

  void it('lists every visible version with its aliases; deleted version 4 is hidden in all three', async () => {
    const expected = [
      { name: 'iris-classifier', version: '1', stage: 'Archived', status: 'READY', description: '', aliases: ['old-but-gold'], tags: [{ key: 'validated', value: 'false' }], hasRun: true },
      { name: 'iris-classifier', version: '2', stage: 'Staging', status: 'READY', description: '', aliases: ['challenger'], tags: [{ key: 'validated', value: 'true' }], hasRun: true },
      { name: 'iris-classifier', version: '3', stage: 'Production', status: 'READY', description: 'Best model; C=1.0', aliases: ['champion'], tags: [{ key: 'validated', value: 'true' }], hasRun: true },
    ];
    for (const kind of kinds) {
      const { store } = await backend(kind);
      const versions = await store.listModelVersions!('iris-classifier');
      assert.deepEqual(versions.map(versionView), expected, kind);
      assert.ok(!versions.some((v) => v.version === '4'), `${kind}: deleted version shown`);
    }
  });

  void it('finds the versions of the model whose name holds quotes, <script> and emoji', async () => {
    for (const kind of kinds) {
      const { store } = await backend(kind);
      const versions = await store.listModelVersions!(ODD_MODEL);
      assert.deepEqual(
        versions.map(versionView),
        [{ name: ODD_MODEL, version: '1', stage: 'None', status: 'READY', description: '', aliases: ['prod'], tags: [{ key: 'q', value: '"x"' }], hasRun: false }],
        kind,
      );
      assert.equal(versions[0]?.source, 's3://example-bucket/models/odd-model/1', kind);
    }
  });

  void it('filters models by a part of their name, ignoring case', async () => {
    for (const kind of kinds) {
      const { store } = await backend(kind);
      const page = await store.searchRegisteredModels!({ nameContains: '<script>' });
      assert.deepEqual(page.items.map((m) => m.name), [ODD_MODEL], kind);
    }
    for (const kind of ['file', 'sqlite'] as const) {
      const { store } = await backend(kind);
      assert.deepEqual((await store.searchRegisteredModels!({ nameContains: 'IRIS' })).items.map((m) => m.name), ['iris-classifier'], kind);
      assert.deepEqual((await store.searchRegisteredModels!({ nameContains: 'no such model' })).items, [], kind);
    }
  });

  void it('says notFound for a model that is not registered (file and SQLite)', async () => {
    for (const kind of ['file', 'sqlite'] as const) {
      const { store } = await backend(kind);
      await assert.rejects(store.listModelVersions!('no such model'), (e: unknown) => StoreError.is(e, 'notFound'), kind);
    }
  });

  void it('has no MLflow 3 logged models in a 2.12.2 store; the 2.12.2 server has no logged-models endpoint', async () => {
    for (const kind of kinds) {
      const { store } = await backend(kind);
      const page = await store.searchLoggedModels!({ experimentIds: ['0'] });
      assert.deepEqual(page.items, [], kind);
    }
  });

  void it('asked the replayed server only requests MLflow was recorded answering', async () => {
    const rest = await backend('rest');
    assert.ok(rest.replay && rest.replay.received.length > 0);
    assert.deepEqual(rest.replay.unmatched.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body ?? r.query)}`), []);
  });
});
