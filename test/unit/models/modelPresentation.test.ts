/** The URIs the copy commands put on the clipboard, and how versions and hostile names are shown. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelVersion, RegisteredModel } from '../../../src/core/model/entities';
import { aliasUri, exactNameFilter, nameFilter, runsUri, versionUri, withAliases } from '../../../src/core/registry/registryFacts';
import { modelNode, rootNodes, versionChildren, versionNodes } from '../../../src/views/models/modelNodes';
import { presentModelNode, versionContext } from '../../../src/views/models/modelPresentation';

const RUN = '0964dfe2b5064779959b3a31c26e1186';
const ODD = `Ünïcödé model 🚀 "q" 'sq' <script>x<script> & amp`;

function version(overrides: Partial<ModelVersion>): ModelVersion {
  return { name: 'iris-classifier', version: '3', current_stage: 'Production', source: '', status: 'READY', tags: [], aliases: [], ...overrides };
}

void describe('model URIs', () => {
  void it('runs:/ from the sources the file, SQLite and server stores wrote', () => {
    const sources = [
      `file:///home/dev/mlflow-demo/mlruns/1/${RUN}/artifacts/model`,
      `/home/dev/mlflow-demo/mlartifacts/1/${RUN}/artifacts/model`,
      `mlflow-artifacts:/1/${RUN}/artifacts/model`,
      `runs:/${RUN}/model`,
    ];
    for (const source of sources) assert.equal(runsUri(version({ run_id: RUN, source })), `runs:/${RUN}/model`, source);
    assert.equal(runsUri(version({ source: 's3://example-bucket/models/odd-model/1' })), undefined, 'no run');
    assert.equal(runsUri(version({ run_id: RUN, source: 'mlflow-artifacts:/1/models/m-1/artifacts' })), undefined, 'MLflow 3 logged model');
  });

  void it('models:/ by version and by alias, names as they are', () => {
    assert.equal(versionUri('iris-classifier', '3'), 'models:/iris-classifier/3');
    assert.equal(aliasUri('iris-classifier', 'champion'), 'models:/iris-classifier@champion');
    assert.equal(aliasUri(ODD, 'prod'), `models:/${ODD}@prod`);
  });

  void it('server filters never carry a quote (MLflow 2.x then matches nothing)', () => {
    assert.equal(exactNameFilter('iris-classifier'), "name='iris-classifier'");
    assert.equal(exactNameFilter(ODD), "name LIKE 'Ünïcödé model%'");
    assert.equal(nameFilter('<script>'), "name ILIKE '%<script>%'");
    assert.equal(nameFilter(`a'longer part"b`), "name ILIKE '%longer part%'");
  });

  void it('versions take their aliases from the registered model', () => {
    const aliases = [{ alias: 'champion', version: '3' }, { alias: 'best', version: '3' }, { alias: 'old', version: '1' }];
    assert.deepEqual(withAliases([version({}), version({ version: '2' })], aliases).map((v) => v.aliases), [['best', 'champion'], []]);
  });
});

void describe('Models view presentation', () => {
  void it('a version shows aliases, legacy stage and a status other than READY', () => {
    const v = version({ aliases: ['champion'], run_id: RUN, source: `mlflow-artifacts:/1/${RUN}/artifacts/model`, status: 'FAILED_REGISTRATION' });
    const shown = presentModelNode(versionNodes([v])[0]!);
    assert.equal(shown.label, 'Version 3');
    assert.equal(shown.description, '@champion · Production · FAILED_REGISTRATION');
    assert.equal(shown.contextValue, 'modelVersion.run.aliased');
    assert.equal(versionContext(version({ current_stage: 'None' })), 'modelVersion');
    assert.equal(presentModelNode(versionNodes([version({ current_stage: 'None' })])[0]!).description, undefined);
  });

  void it('a version lists its aliases, tags and source run', () => {
    const children = versionChildren(version({ aliases: ['champion'], tags: [{ key: 'validated', value: 'true' }], run_id: RUN }));
    assert.deepEqual(children.map((n) => [n.kind, presentModelNode(n).label, presentModelNode(n).description]), [
      ['alias', '@champion', 'version 3'],
      ['tag', 'validated', 'true'],
      ['sourceRun', 'Source run', RUN],
    ]);
  });

  void it('hostile names and tags are text in tooltips, the description stays Markdown without images', () => {
    const model: RegisteredModel = {
      name: ODD,
      description: 'Odd **name** <i>test</i> ![x](https://example.com/a.png)',
      latest_versions: [version({ name: ODD, version: '1', current_stage: 'None' })],
      tags: [{ key: 'html', value: '<img src=x onerror=alert(1)>' }],
      aliases: [{ alias: 'prod', version: '1' }],
    };
    const shown = presentModelNode(modelNode(model));
    assert.equal(shown.label, ODD);
    assert.equal(shown.description, 'latest v1 · @prod');
    const tooltip = shown.tooltipMarkdown ?? '';
    assert.ok(tooltip.includes('\\<script\\>x\\<script\\>'), tooltip);
    assert.ok(tooltip.includes('\\<img src\\=x onerror\\=alert\\(1\\)\\>'), tooltip);
    assert.ok(tooltip.includes('Odd **name**'), 'the description keeps its Markdown');
    assert.ok(!tooltip.includes('![x]'), 'images are not fetched on hover');
  });

  void it('an empty registry and a filter without matches say so', () => {
    const empty = rootNodes({ models: [], problems: [], hasMore: false, loggedModels: [] });
    assert.deepEqual(empty.map((n) => presentModelNode(n).label), ['No registered models in this store']);
    const none = rootNodes({ models: [], problems: [], hasMore: false, loggedModels: [], filter: 'xyz' });
    assert.deepEqual(none.map((n) => presentModelNode(n).label), ['No registered model name contains "xyz"']);
  });
});
