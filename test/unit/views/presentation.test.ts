import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Experiment, Run } from '../../../src/core/model/entities';
import { buildRunForest, experimentNode, metricNodes, problemNodes } from '../../../src/views/explorer/nodes';
import { escapeMarkdown, present, runDescription, runTooltip } from '../../../src/views/explorer/presentation';

// The hostile names of ../shared/fixtures/generated (README.md), as MLflow wrote them.
const ODD_EXPERIMENT = 'Ünïcödé 実験 🚀 "double" ’curly’ `tick` <script>alert(1)</script> & spaces   end';
const ODD_RUN = `run with spaces, "quotes", 'apostrophes', <b>html</b> & emoji 🎉🔥`;
const now = Date.UTC(2026, 10, 24, 12, 0, 0);

function run(id: string, overrides: Partial<Run['info']> = {}, tags: Record<string, string> = {}): Run {
  return {
    info: {
      run_id: id,
      run_uuid: id,
      run_name: id,
      experiment_id: '1',
      user_id: 'alice',
      status: 'FINISHED',
      start_time: now - 3 * 86_400_000,
      end_time: now - 3 * 86_400_000 + 65_000,
      artifact_uri: `file:///home/dev/mlflow-demo/mlruns/1/${id}/artifacts`,
      lifecycle_stage: 'active',
      ...overrides,
    },
    data: { params: [], metrics: [], tags: Object.entries(tags).map(([key, value]) => ({ key, value })) },
  };
}

/** Every character that could open a tag, a link or a code span is backslash-escaped. */
function assertNoMarkup(markdown: string, hostile: string) {
  const unescaped = /(^|[^\\])[<>[\]()`]/.exec(markdown);
  assert.equal(unescaped, null, `unescaped markup character in ${markdown}`);
  assert.ok(markdown.includes(escapeMarkdown(hostile)), `escaped value missing in ${markdown}`);
}

void describe('explorer nodes and their presentation', () => {
  void it('escapeMarkdown backslash-escapes HTML, links, emphasis and code ticks', () => {
    assert.equal(escapeMarkdown('<b>x</b>'), '\\<b\\>x\\<\\/b\\>');
    assert.equal(escapeMarkdown('[a](command:evil)'), '\\[a\\]\\(command\\:evil\\)');
    assert.equal(escapeMarkdown('*_`#'), '\\*\\_\\`\\#');
    assert.equal(escapeMarkdown('Ünïcödé 実験 🚀'), 'Ünïcödé 実験 🚀');
  });

  void it('hostile experiment and run names are escaped in tooltips and kept as plain labels', () => {
    const exp: Experiment = {
      experiment_id: '364507864911754211',
      name: ODD_EXPERIMENT,
      artifact_location: 'file:///home/dev/mlflow-demo/mlruns/364507864911754211',
      lifecycle_stage: 'active',
      tags: [{ key: 'html', value: '<img src=x onerror=alert(1)>' }],
    };
    const p = present(experimentNode(exp), now);
    assert.equal(p.label, ODD_EXPERIMENT);
    assertNoMarkup(p.tooltipMarkdown ?? '', ODD_EXPERIMENT);

    const hostile = run('235b9d8bdd5f436493fc6978fb02bffe', { run_name: ODD_RUN }, {
      'mlflow.source.name': '[Click](command:workbench.action.terminal.new)',
    });
    const tip = runTooltip(hostile, now);
    assertNoMarkup(tip, ODD_RUN);
    assert.ok(tip.includes(escapeMarkdown('[Click](command:workbench.action.terminal.new)')));
  });

  void it('run tooltip names ids, times, source and git commit', () => {
    const r = run('4f8f8c9a6060467380b30d1d74496d18', {}, {
      'mlflow.source.name': 'train.py',
      'mlflow.source.type': 'LOCAL',
      'mlflow.source.git.commit': '0123abcd',
    });
    const tip = runTooltip(r, now);
    for (const expected of ['4f8f8c9a6060467380b30d1d74496d18', 'train.py (LOCAL)', '0123abcd', '3 days ago', '1m 5s']) {
      assert.ok(tip.includes(escapeMarkdown(expected)), `${expected} missing in ${tip}`);
    }
  });

  void it('run descriptions: finished, running, scheduled, deleted', () => {
    assert.equal(runDescription(run('a'), now), '3 days ago · 1m 5s');
    const running = run('b', { status: 'RUNNING', start_time: now - 125_000, end_time: undefined });
    assert.equal(runDescription(running, now), '2 minutes ago · running 2m 5s');
    const scheduled = run('c', { status: 'SCHEDULED', end_time: undefined });
    assert.equal(runDescription(scheduled, now), '3 days ago · scheduled');
    assert.equal(runDescription(run('d', { lifecycle_stage: 'deleted' }), now), '3 days ago · 1m 5s · deleted');
  });

  void it('status icons and context values distinguish run states', () => {
    const icons = (['FINISHED', 'FAILED', 'KILLED', 'RUNNING', 'SCHEDULED'] as const).map(
      (status) => present(buildRunForest([run(status, { status })])[0]!, now).icon?.id,
    );
    assert.deepEqual(icons, ['pass', 'error', 'circle-slash', 'sync~spin', 'clock']);
    const deleted = present(buildRunForest([run('x', { lifecycle_stage: 'deleted' })])[0]!, now);
    assert.equal(deleted.icon?.id, 'trash');
    assert.equal(deleted.contextValue, 'run.deleted');
  });

  void it('runs nest under their parents, grandchildren included, in store order', () => {
    const runs = [
      run('fold0', {}, { 'mlflow.parentRunId': 'c1' }),
      run('c1', {}, { 'mlflow.parentRunId': 'parent' }),
      run('c2', {}, { 'mlflow.parentRunId': 'parent' }),
      run('parent'),
      run('orphan', {}, { 'mlflow.parentRunId': 'not-loaded' }),
    ];
    const roots = buildRunForest(runs);
    assert.deepEqual(roots.map((r) => r.runId), ['parent', 'orphan']);
    const parent = roots[0]!;
    assert.deepEqual(parent.childRuns.map((r) => r.runId), ['c1', 'c2']);
    assert.deepEqual(parent.childRuns[0]!.childRuns.map((r) => r.runId), ['fold0']);
    assert.equal(parent.id, 'run:parent');
  });

  void it('a parent cycle does not lose runs', () => {
    const roots = buildRunForest([run('a', {}, { 'mlflow.parentRunId': 'b' }), run('b', {}, { 'mlflow.parentRunId': 'a' })]);
    const all = (nodes: typeof roots): string[] => nodes.flatMap((n) => [n.runId, ...all(n.childRuns)]);
    assert.deepEqual(all(roots).sort(), ['a', 'b']);
  });

  void it('metrics show the latest value and its step; NaN stays readable', () => {
    const nodes = metricNodes('r', [
      { key: 'val/accuracy', value: 0.91, timestamp: now, step: 89 },
      { key: 'loss', value: Number.NaN, timestamp: now, step: 9 },
    ]);
    assert.deepEqual(nodes.map((n) => [present(n, now).label, present(n, now).description]), [
      ['loss', 'NaN · step 9'],
      ['val/accuracy', '0.91 · step 89'],
    ]);
  });

  void it('store problems become warning items carrying the file path', () => {
    const [problem] = problemNodes('exp:1', [
      { location: '/data/mlruns/1/abc/meta.yaml', message: 'meta.yaml is not valid YAML', scope: 'run' },
    ]);
    const p = present(problem!, now);
    assert.equal(p.icon?.id, 'warning');
    assert.equal(p.description, '/data/mlruns/1/abc/meta.yaml');
    assert.ok(p.tooltipMarkdown?.includes(escapeMarkdown('/data/mlruns/1/abc/meta.yaml')));
  });
});
