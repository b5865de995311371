/**
 * Experiment folders: the naming rule (empty pieces never make a folder, a name of separators only stays
 * a plain experiment), the rows built from what real stores list (the MLflow-written
 * test/fixtures/experiment-folders in a file and a SQLite store, the real-world stores of ../shared),
 * and generated names that try to break it: every short name over separators and blanks, 500-level deep
 * names, 10,000 experiments in one folder.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Experiment } from '../../../src/core/model/entities';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { SqliteStore } from '../../../src/core/store/sqlite/sqliteStore';
import type { TrackingStore } from '../../../src/core/store/trackingStore';
import { MAX_FOLDER_DEPTH, groupExperiments, placeExperiment, type FolderSeparator } from '../../../src/views/explorer/experimentFolders';
import { FolderRows } from '../../../src/views/explorer/folderRows';
import { NodeRegistry } from '../../../src/views/explorer/nodeRegistry';
import { experimentNode, type ExplorerNode, type FolderNode } from '../../../src/views/explorer/nodes';
import { present } from '../../../src/views/explorer/presentation';
import { findStores, realMlruns, repoRoot } from '../core/fixtures';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'experiment-folders');
const now = Date.UTC(2026, 0, 1);

function experiment(id: string, name: string): Experiment {
  return { experiment_id: id, name, artifact_location: `file:///tmp/${id}`, lifecycle_stage: 'active', tags: [] };
}

/** The view's rows over a store's experiment list: the real row builder, with the store's run counts filled in. */
function rowsOver(experiments: readonly Experiment[], separator: FolderSeparator, counts = new Map<string, number>()) {
  const nodes = new NodeRegistry();
  const repainted: string[] = [];
  const rows = new FolderRows({ nodes, separator: () => separator, repaint: (node) => repainted.push(node.id) });
  const experimentRows = experiments.map((e) => nodes.intern(experimentNode(e, counts.get(e.experiment_id))));
  const root = rows.rootRows(experimentRows);
  const children = (node: ExplorerNode) => (node.kind === 'folder' ? rows.childrenOf(node) : []);
  const label = (node: ExplorerNode) => present(node, now).label;
  /** The tree as `label (description)` lines, two spaces per level. */
  const outline = (list: ExplorerNode[] = root, depth = 0): string[] =>
    list.flatMap((n) => [`${'  '.repeat(depth)}${label(n)}${n.kind === 'folder' ? ` (${present(n, now).description})` : ''}`, ...outline(children(n), depth + 1)]);
  return { nodes, rows, root, children, outline, repainted };
}

void describe('the folder rule', () => {
  const cases: [string, FolderSeparator, string[], string][] = [
    ['team/project/exp', '/', ['team', 'project'], 'exp'],
    ['solo', '/', [], 'solo'],
    ['/', '/', [], '/'],
    ['///', '/', [], '///'],
    ['a/', '/', [], 'a/'],
    ['/a', '/', [], '/a'],
    ['a//b', '/', ['a'], 'b'],
    ['team/a/', '/', ['team'], 'a/'],
    ['a/ /b', '/', ['a'], 'b'],
    [' / ', '/', [], ' / '],
    ['/Users/me@example.com/churn', '/', ['Users', 'me@example.com'], 'churn'],
    ['v1.2.3', '/', [], 'v1.2.3'],
    ['v1.2.3', '.', ['v1', '2'], '3'],
    ['team/project/exp', '', [], 'team/project/exp'],
  ];
  for (const [name, separator, folders, label] of cases) {
    void it(`${JSON.stringify(name)} with ${JSON.stringify(separator)} → ${JSON.stringify([...folders, label])}`, () => {
      assert.deepEqual(placeExperiment(name, separator), { folders, label });
    });
  }

  void it('over every name of up to 6 pieces from "/", " ", "a", "b": no empty folder, each experiment once, a name of separators stays whole', () => {
    const alphabet = ['/', ' ', 'a', 'b'];
    let names = [''];
    const all: string[] = [];
    for (let length = 1; length <= 6; length++) {
      names = names.flatMap((n) => alphabet.map((c) => n + c));
      all.push(...names);
    }
    const experiments = all.map((name, i) => experiment(String(i), name));
    const tree = groupExperiments(experiments, '/');
    for (const folder of tree.byId.values()) assert.notEqual(folder.name.trim(), '', `folder ${JSON.stringify(folder.path)}`);
    const placed = [...tree.experiments, ...[...tree.byId.values()].flatMap((f) => f.experiments)].map((e) => e.experiment_id);
    assert.equal(placed.length, experiments.length);
    assert.equal(new Set(placed).size, experiments.length);
    for (const e of experiments) {
      const label = tree.labels.get(e.experiment_id)!;
      if (tree.folderOf.has(e.experiment_id)) assert.notEqual(label.trim(), '', `label of ${JSON.stringify(e.name)}`);
      if (e.name.replace(/[/ ]/g, '') === '') {
        assert.ok(!tree.folderOf.has(e.experiment_id), `${JSON.stringify(e.name)} is in a folder`);
        assert.equal(label, e.name);
      }
      // The folders and the label give back the name's non-empty pieces, in order.
      const pieces = (s: string) => s.split('/').filter((p) => p.trim() !== '');
      const folder = tree.folderOf.get(e.experiment_id);
      assert.deepEqual([...(folder ? pieces(folder.path) : []), ...pieces(label)], pieces(e.name), e.name);
    }
  });
});

for (const [kind, open] of [
  ['file', async (): Promise<TrackingStore> => new FileStore(path.join(fixture, 'mlruns'), { workerScript: false })],
  ['SQLite', async (): Promise<TrackingStore> => SqliteStore.open(path.join(fixture, 'mlflow.db'))],
] as const) {
  void describe(`folders over the ${kind} store MLflow 2.12.2 wrote (test/fixtures/experiment-folders)`, () => {
    let store: TrackingStore;
    let experiments: Experiment[];
    let counts: Map<string, number>;
    before(async () => {
      store = await open();
      experiments = (await store.searchExperiments({ viewType: 'ACTIVE_ONLY' })).items;
      counts = await store.countRuns!({ experimentIds: experiments.map((e) => e.experiment_id), viewType: 'ACTIVE_ONLY' });
    });
    after(() => store.dispose());

    void it('names with "/" make folders with run counts; "/", "//" and "trailing/" stay plain experiments', () => {
      const { outline, root } = rowsOver(experiments, '/', counts);
      const rootExperiments = root.filter((n) => n.kind === 'experiment').map((n) => present(n, now).label);
      const folderRows = root.filter((n) => n.kind === 'folder').map((n) => `${present(n, now).label} (${present(n, now).description})`);
      assert.deepEqual(folderRows, [
        'double (1 experiment · 1 run)',
        'team (4 experiments · 6 runs)',
        'Users (1 experiment · 1 run)',
      ]);
      assert.deepEqual(new Set(rootExperiments), new Set(['Default', 'solo', '/', '//', 'trailing/', 'v1.2.3']));
      const text = outline().join('\n');
      // Inside a folder, experiments keep the store's order (subfolders come first, by name).
      const vision = experiments.filter((e) => e.name.startsWith('team/vision/')).map((e) => `    ${e.name.slice('team/vision/'.length)}`);
      assert.deepEqual(new Set(vision), new Set(['    resnet', '    vit']));
      assert.ok(
        text.includes(['team (4 experiments · 6 runs)', '  nlp (1 experiment · 2 runs)', '    bert', '  vision (2 experiments · 4 runs)', ...vision, '  notes'].join('\n')),
        text,
      );
      const storeOrder = experiments.map((e) => e.name).filter((name) => rootExperiments.includes(name));
      assert.deepEqual(rootExperiments, storeOrder);
      assert.ok(text.includes(['Users (1 experiment · 1 run)', '  someone@example.com (1 experiment · 1 run)', '    churn'].join('\n')), text);
      assert.ok(text.includes(['double (1 experiment · 1 run)', '  slash'].join('\n')), text);
    });

    void it('a folder opens the runs table of every experiment inside, and its ids stay the same when listed again', () => {
      const first = rowsOver(experiments, '/', counts);
      const team = first.root.find((n): n is FolderNode => n.kind === 'folder' && n.name === 'team')!;
      const teamIds = experiments.filter((e) => e.name.startsWith('team/')).map((e) => e.experiment_id);
      assert.deepEqual([...team.experimentIds].sort(), [...teamIds].sort());
      assert.equal(present(team, now).contextValue, 'experimentFolder');
      assert.equal(team.id, 'folder:team');
      const vision = first.children(team).find((n) => n.kind === 'folder')!;
      assert.equal(first.nodes.parentOf(vision), team);
      const again = rowsOver([...experiments].reverse(), '/', counts);
      assert.deepEqual(again.root.map((n) => n.id).filter((id) => id.startsWith('folder:')), first.root.map((n) => n.id).filter((id) => id.startsWith('folder:')));
    });

    void it('with "." as the separator, v1.2.3 is the folder v1 → 2 and "/" names are plain', () => {
      const { outline } = rowsOver(experiments, '.', counts);
      const text = outline().join('\n');
      assert.ok(text.includes(['v1 (1 experiment · 1 run)', '  2 (1 experiment · 1 run)', '    3'].join('\n')), text);
      assert.ok(outline().includes('team/vision/resnet'), text);
    });
  });
}

void describe('folders over the real-world stores of ../shared/fixtures/real-mlruns', { skip: fs.existsSync(realMlruns) ? false : `SKIPPED: ${realMlruns} is missing` }, () => {
  void it('"Lost/Found message classifier of VK messages" is a folder Lost; no store makes an empty folder or loses an experiment', async () => {
    let folders = 0;
    for (const root of findStores(realMlruns)) {
      const store = new FileStore(root, { workerScript: false });
      try {
        const experiments = (await store.searchExperiments({ viewType: 'ALL', maxResults: 50000 })).items;
        const tree = groupExperiments(experiments, '/');
        folders += tree.byId.size;
        for (const folder of tree.byId.values()) assert.notEqual(folder.name.trim(), '', root);
        const placed = tree.experiments.length + [...tree.byId.values()].reduce((sum, f) => sum + f.experiments.length, 0);
        assert.equal(placed, experiments.length, root);
        if (experiments.some((e) => e.name === 'Lost/Found message classifier of VK messages')) {
          const { outline } = rowsOver(experiments, '/');
          assert.ok(outline().join('\n').includes('Lost (1 experiment)\n  Found message classifier of VK messages'), outline().join('\n'));
        }
      } finally {
        store.dispose();
      }
    }
    assert.equal(folders, 1, 'one real store names an experiment with a "/"');
  });
});

void describe('names that try to break the folders', () => {
  void it('a 500-level deep name nests MAX_FOLDER_DEPTH folders and keeps the rest in its label; 500 separators stay one plain row', () => {
    const deep = Array.from({ length: 500 }, (_, i) => `level${i}`).join('/');
    const { root, children, rows } = rowsOver([experiment('1', deep), experiment('2', '/'.repeat(500))], '/');
    assert.equal(present(root[0]!, now).label, 'level0');
    assert.equal(root[1]!.kind === 'experiment' && root[1].shortName === undefined && root[1].experiment.name, '/'.repeat(500));
    let node: ExplorerNode = root[0]!;
    let depth = 0;
    while (node.kind === 'folder') {
      depth++;
      const inside = children(node);
      assert.equal(inside.length, 1);
      node = inside[0]!;
    }
    assert.equal(depth, MAX_FOLDER_DEPTH);
    assert.equal(node.kind, 'experiment');
    assert.equal(present(node, now).label.startsWith(`level${MAX_FOLDER_DEPTH}/level${MAX_FOLDER_DEPTH + 1}/`), true);
    assert.ok(rows.childrenOf(root[0] as FolderNode).length === 1);
  });

  void it('10,000 experiments in one folder: all listed in the store order, the folder counts them, a batch of counts repaints it once', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => experiment(String(i + 1), `big/exp-${i}`));
    const { root, children, rows, repainted, nodes } = rowsOver(many, '/');
    assert.equal(root.length, 1);
    const folder = root[0] as FolderNode;
    const inside = children(folder);
    assert.equal(inside.length, 10_000);
    assert.deepEqual(
      inside.slice(0, 3).map((n) => present(n, now).label),
      ['exp-0', 'exp-1', 'exp-2'],
    );
    assert.equal(present(folder, now).description, '10000 experiments');
    for (const node of inside) {
      if (node.kind === 'experiment') node.runCount = 2;
      rows.experimentCountChanged((node as { experimentId: string }).experimentId);
    }
    await Promise.resolve();
    assert.deepEqual(repainted, [folder.id]);
    assert.equal(present(folder, now).description, '10000 experiments · 20000 runs');
    assert.equal(nodes.parentOf(inside[9_999]!), folder);
  });

  void it('grouping work grows with the names, not with their square: each experiment is listed once per folder around it', () => {
    // 200 folders of 50 experiments, 3 levels deep: the folder lists hold 3 entries per experiment.
    const experiments = Array.from({ length: 10_000 }, (_, i) => experiment(String(i), `org/team${i % 200}/exp${i}`));
    const tree = groupExperiments(experiments, '/');
    const entries = [...tree.byId.values()].reduce((sum, f) => sum + f.allExperiments.length + f.experiments.length + f.folders.length, 0);
    assert.equal(tree.byId.size, 201);
    assert.equal(entries, 10_000 * 2 + 10_000 + 200);
  });

  void it('a folder sums its counts only once every experiment inside is counted; with a filter it sums the matches', () => {
    const { root } = rowsOver([experiment('1', 'team/a'), experiment('2', 'team/b'), experiment('3', 'team/deep/c')], '/', new Map([['1', 4], ['2', 1]]));
    const team = root[0] as FolderNode;
    assert.equal(present(team, now).description, '3 experiments', 'c is not counted yet: no partial sum');
    team.experiments[2]!.runCount = 0;
    assert.equal(present(team, now).description, '3 experiments · 5 runs');
    team.experiments[0]!.matches = { count: 2, more: false };
    team.experiments[1]!.matches = { count: 0, more: false };
    assert.equal(present(team, now).description, '3 experiments · 5 runs', 'one match count still missing');
    team.experiments[2]!.matches = { count: 0, more: false };
    assert.equal(present(team, now).description, '3 experiments · 2 of 5 runs');
    team.experiments[1]!.matches = { count: 1, more: true };
    assert.equal(present(team, now).description, '3 experiments · 3+ of 5 runs');
  });

  void it('a hostile folder name is text in the row and escaped in the hover', () => {
    const { root } = rowsOver([experiment('1', '<img src=x onerror=alert(1)>/**bold**')], '/');
    const row = present(root[0]!, now);
    assert.equal(row.label, '<img src=x onerror=alert(1)>');
    assert.doesNotMatch(row.tooltipMarkdown!, /(^|[^\\])</, 'every < of the name is escaped');
    assert.ok(row.tooltipMarkdown!.includes('\\<img'), row.tooltipMarkdown);
  });
});
