/**
 * Reading dataset inputs as text: the source reduced to where the data lives, the schema's columns,
 * the profile, a stable order, and hostile values kept as text in the explorer's hover.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { datasetLabel, profileText, runDatasetLabels, runDatasets, schemaColumns, sourceLocation } from '../../../src/core/datasets/datasetInputs';
import type { DatasetInput, Run } from '../../../src/core/model/entities';
import { RunsTableModel } from '../../../src/core/table/runsTableModel';
import { datasetNodes, runChildNodes, type RunNode } from '../../../src/views/explorer/nodes';
import { present } from '../../../src/views/explorer/presentation';

function input(name: string, digest: string, extra: Partial<DatasetInput['dataset']> = {}, tags: [string, string][] = []): DatasetInput {
  return { tags: tags.map(([key, value]) => ({ key, value })), dataset: { name, digest, source_type: 'local', source: '{"uri": "file:///d.csv"}', ...extra } };
}

function run(id: string, inputs?: DatasetInput[]): Run {
  return {
    info: { run_id: id, run_uuid: id, run_name: id, experiment_id: '1', user_id: 'u', status: 'FINISHED', artifact_uri: '', lifecycle_stage: 'active', start_time: 1 },
    data: { params: [], metrics: [{ key: 'acc', value: Number(id.slice(1)), timestamp: 1, step: 0 }], tags: [] },
    ...(inputs ? { inputs: { dataset_inputs: inputs } } : {}),
  };
}

void describe('dataset input text', () => {
  void it('names where the data lives from the JSON MLflow stores, else shows the source as stored', () => {
    assert.equal(sourceLocation({ source_type: 'local', source: '{"uri": "file:///data/iris/train.csv"}' }), 'file:///data/iris/train.csv');
    assert.equal(sourceLocation({ source_type: 'http', source: '{"url": "https://example.com/x.parquet"}' }), 'https://example.com/x.parquet');
    assert.equal(sourceLocation({ source_type: 'delta_table', source: '{"delta_table_name": "main.db.t", "delta_table_version": 3}' }), 'main.db.t');
    assert.equal(
      sourceLocation({ source_type: 'code', source: '{"tags": {"mlflow.user": "root", "mlflow.source.name": "/home/dev/gen.py", "mlflow.source.type": "LOCAL"}}' }),
      '/home/dev/gen.py',
    );
    assert.equal(sourceLocation({ source_type: 'x', source: 'not json {' }), 'not json {');
    assert.equal(sourceLocation({ source_type: 'x', source: '{"other": 1}' }), '{"other": 1}');
    assert.equal(sourceLocation({ source_type: 'x', source: '["a"]' }), '["a"]');
  });

  void it("lists a colspec or tensor spec schema's columns and leaves other schemas unread", () => {
    const colspec = '{"mlflow_colspec": [{"type": "double", "name": "sepal length (cm)", "required": true}, {"type": "string", "name": "label", "required": false}, {"type": "long"}]}';
    assert.deepEqual(schemaColumns(colspec), ['sepal length (cm): double', 'label: string (optional)', '#2: long']);
    const tensor = JSON.stringify({ mlflow_tensorspec: { features: JSON.stringify([{ name: 'image', type: 'float32', shape: [-1, 28, 28] }]), targets: null } });
    assert.deepEqual(schemaColumns(tensor), ['image: float32 [-1, 28, 28]']);
    assert.equal(schemaColumns('{"something": []}'), undefined);
    assert.equal(schemaColumns('garbage'), undefined);
    assert.equal(schemaColumns(undefined), undefined);
  });

  void it('shows a flat profile as pairs, any other profile as stored', () => {
    assert.equal(profileText('{"num_rows": 105, "num_elements": 525}'), 'num_rows: 105, num_elements: 525');
    assert.equal(profileText('{"nested": {"a": 1}}'), '{"nested": {"a": 1}}');
    assert.equal(profileText('plain words'), 'plain words');
    assert.equal(profileText(''), undefined);
  });

  void it('orders inputs by name, digest and context, whatever order the store gave', () => {
    const r = run('r1', [input('b', '2'), input('a', '9', {}, [['mlflow.data.context', 'training']]), input('a', '1'), input('b', '2', {}, [['mlflow.data.context', 'eval']])]);
    assert.deepEqual(runDatasets(r).map((d) => [d.name, d.digest, d.context ?? '']), [['a', '1', ''], ['a', '9', 'training'], ['b', '2', ''], ['b', '2', 'eval']]);
    // The same dataset in two contexts is one label.
    assert.deepEqual(runDatasetLabels(r), ['a (1)', 'a (9)', 'b (2)']);
    assert.equal(datasetLabel({ name: 'no digest', digest: '' }), 'no digest');
    assert.deepEqual(runDatasets(run('r2')), []);
  });
});

void describe('dataset inputs in the explorer', () => {
  const hostile = input('<img src=x onerror=alert(1)> **bold**', 'd1', { source: '{"uri": "[link](command:evil)"}', profile: '{"num_rows": 3}' }, [
    ['mlflow.data.context', 'training'],
    ['note', '<script>x</script>'],
  ]);

  void it('lists a Datasets section only for a run whose listing carries inputs', () => {
    const node = (r: Run): RunNode => ({ kind: 'run', id: `run:${r.info.run_id}`, runId: r.info.run_id, experimentId: '1', run: r, childRuns: [] });
    const sections = (r: Run) => runChildNodes(node(r)).map((n) => (n.kind === 'section' ? n.section : n.kind));
    assert.deepEqual(sections(run('r1', [hostile])), ['params', 'metrics', 'tags', 'datasets', 'artifacts']);
    assert.deepEqual(sections(run('r2', [])), ['params', 'metrics', 'tags', 'artifacts']);
    assert.deepEqual(sections(run('r3')), ['params', 'metrics', 'tags', 'artifacts']);
  });

  void it('shows a hostile dataset as escaped text: no link, no HTML', () => {
    const [node] = datasetNodes(run('r1', [hostile]));
    const p = present(node!, 0);
    assert.equal(p.label, '<img src=x onerror=alert(1)> **bold**');
    assert.equal(p.description, 'training · d1');
    assert.equal(p.contextValue, 'dataset');
    const tooltip = p.tooltipMarkdown ?? '';
    assert.ok(tooltip.includes('\\<img src\\=x onerror\\=alert\\(1\\)\\> \\*\\*bold\\*\\*'), tooltip);
    assert.ok(tooltip.includes('\\[link\\]\\(command\\:evil\\)'), tooltip);
    assert.ok(tooltip.includes('\\<script\\>x\\<\\/script\\>'), tooltip);
    assert.ok(!/[^\\]<script/.test(tooltip) && !/[^\\]\[link\]/.test(tooltip), tooltip);
    assert.ok(tooltip.includes('**Profile:** num\\_rows\\: 3'), tooltip);
  });
});

void describe('grouping the runs table by dataset', () => {
  const runs = [
    run('r1', [input('train', 'a', {}, [['mlflow.data.context', 'training']]), input('test', 'b', {}, [['mlflow.data.context', 'evaluation']])]),
    run('r2', [input('train', 'a')]),
    run('r3', [input('train', 'c')]),
    run('r4'),
  ];

  void it('offers a Datasets column only when a listed run logged one', () => {
    const model = new RunsTableModel(runs);
    assert.ok(model.columns.some((c) => c.id === 'attr:datasets'));
    assert.equal(model.value(runs[0]!, 'attr:datasets'), 'test (b), train (a)');
    assert.equal(model.value(runs[3]!, 'attr:datasets'), undefined);
    assert.ok(!new RunsTableModel([run('r5')]).columns.some((c) => c.id === 'attr:datasets'));
  });

  void it('lists a run under each dataset it logged, runs without one last, with group metric stats', () => {
    const model = new RunsTableModel(runs);
    const rows = model.rows({ groupBy: 'attr:datasets', expanded: new Set(['group:=train (a)']) });
    const shape = rows.map((r) => (r.kind === 'group' ? `${r.value ?? '(none)'}: ${r.runs.map((x) => x.info.run_id).join(' ')}` : `  ${r.id}`));
    assert.deepEqual(shape, ['test (b): r1', 'train (a): r1 r2', '  r1', '  r2', 'train (c): r3', '(none): r4']);
    const trainA = rows.find((r) => r.kind === 'group' && r.value === 'train (a)');
    assert.ok(trainA?.kind === 'group');
    assert.deepEqual(model.groupStats(trainA.runs, 'metric:acc', 'latest'), { count: 2, mean: 1.5, min: 1, max: 2 });
  });

  void it('a re-read run that newly logged a dataset brings the column', () => {
    const model = new RunsTableModel([run('r1')]);
    assert.ok(!model.columns.some((c) => c.id === 'attr:datasets'));
    model.replaceRun(run('r1', [input('late', 'z')]));
    assert.ok(model.columns.some((c) => c.id === 'attr:datasets'));
  });
});
