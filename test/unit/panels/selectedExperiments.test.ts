/**
 * Which experiments Open Runs Table (and Export Runs) lists for the rows VS Code hands the command:
 * the rows are the real ones the Experiments view builds over the MLflow-written
 * test/fixtures/experiment-folders store (team/vision/resnet, team/nlp/bert, solo, …), passed as VS Code
 * passes them: the clicked row, then the whole selection in the order it was clicked.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Experiment } from '../../../src/core/model/entities';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { experimentIdsFrom } from '../../../src/panels/selectedExperiments';
import { FolderRows } from '../../../src/views/explorer/folderRows';
import { NodeRegistry } from '../../../src/views/explorer/nodeRegistry';
import { experimentNode, type ExplorerNode, type ExperimentNode, type FolderNode } from '../../../src/views/explorer/nodes';
import { repoRoot } from '../core/fixtures';

const store = new FileStore(path.join(repoRoot, 'test', 'fixtures', 'experiment-folders', 'mlruns'), { workerScript: false });

void describe('the experiments of the rows selected in the Experiments view', () => {
  let experiments: Experiment[];
  let rows: FolderRows;
  let root: ExplorerNode[];
  const idOf = (name: string) => experiments.find((e) => e.name === name)!.experiment_id;
  const namesOf = (ids: string[]) => ids.map((id) => experiments.find((e) => e.experiment_id === id)?.name ?? `?${id}`);
  const folder = (...path: string[]) => {
    let list = root;
    let found: FolderNode | undefined;
    for (const name of path) {
      found = list.find((n): n is FolderNode => n.kind === 'folder' && n.name === name);
      assert.ok(found, `no folder ${path.join('/')}`);
      list = rows.childrenOf(found);
    }
    return found!;
  };
  const experimentRow = (name: string) => {
    const found = allRows().find((n): n is ExperimentNode => n.kind === 'experiment' && n.experiment.name === name);
    assert.ok(found, `no experiment row ${name}`);
    return found;
  };
  const allRows = (): ExplorerNode[] => {
    const all: ExplorerNode[] = [];
    const visit = (list: ExplorerNode[]) => {
      for (const node of list) {
        all.push(node);
        if (node.kind === 'folder') visit(rows.childrenOf(node));
      }
    };
    visit(root);
    return all;
  };
  /** The tree's experiment rows top to bottom, every folder expanded. */
  const shownOrder = () => allRows().filter((n): n is ExperimentNode => n.kind === 'experiment').map((n) => n.experiment.name);

  before(async () => {
    experiments = (await store.searchExperiments({ viewType: 'ACTIVE_ONLY' })).items;
    const nodes = new NodeRegistry();
    rows = new FolderRows({ nodes, separator: () => '/', repaint: () => undefined });
    root = rows.rootRows(experiments.map((e) => nodes.intern(experimentNode(e))));
  });
  after(() => store.dispose());

  void it('a folder alone lists every experiment inside it, at any depth, in the order the tree shows them', () => {
    const team = folder('team');
    const listed = namesOf(experimentIdsFrom(team, [team]));
    assert.deepEqual(listed, shownOrder().filter((name) => name.startsWith('team/')));
    assert.equal(listed.length, 4);
    assert.deepEqual(namesOf(experimentIdsFrom(team, undefined)), namesOf(experimentIdsFrom(team, [team])), 'a right-click outside the selection acts on the clicked row');
    // Subfolders first (nlp before vision, by name), then the folder's own experiment.
    assert.equal(listed[0], 'team/nlp/bert');
    assert.equal(listed[3], 'team/notes');
  });

  void it('a folder selected with other experiments lists the union, each once, in the order shown whatever the click order', () => {
    const team = folder('team');
    const solo = experimentRow('solo');
    const expected = [...namesOf(experimentIdsFrom(team, [team])), 'solo'];
    // Clicked the experiment after selecting the folder, and the other way round.
    assert.deepEqual(namesOf(experimentIdsFrom(solo, [team, solo])), expected);
    assert.deepEqual(namesOf(experimentIdsFrom(team, [solo, team])), expected);

    // Overlaps: a folder, its subfolder and an experiment inside both.
    const vision = folder('team', 'vision');
    const resnet = experimentRow('team/vision/resnet');
    const overlapping = experimentIdsFrom(resnet, [resnet, vision, team]);
    assert.deepEqual(namesOf(overlapping), namesOf(experimentIdsFrom(team, [team])));
    assert.equal(new Set(overlapping).size, overlapping.length, 'no experiment twice');

    // Two folders of different branches and a root experiment, picked bottom-up.
    const users = folder('Users');
    const nlp = folder('team', 'nlp');
    const defaultRow = experimentRow('Default');
    const picked = namesOf(experimentIdsFrom(defaultRow, [defaultRow, users, nlp]));
    assert.deepEqual(new Set(picked), new Set(['Default', '/Users/someone@example.com/churn', 'team/nlp/bert']));
    assert.deepEqual(picked, [...picked].sort((a, b) => shownOrder().indexOf(a) - shownOrder().indexOf(b)));
    assert.deepEqual(picked, ['team/nlp/bert', '/Users/someone@example.com/churn', 'Default'], 'folders (team before Users) come before root experiments');
  });

  void it('rows the command cannot use are ignored; an id or { experimentIds } is taken as given', () => {
    const solo = experimentRow('solo');
    const runLike = { kind: 'run', runId: 'r1', experimentId: idOf('solo') };
    assert.deepEqual(namesOf(experimentIdsFrom(solo, [solo, runLike, null, 'text'])), ['solo']);
    assert.deepEqual(experimentIdsFrom('42'), ['42']);
    assert.deepEqual(experimentIdsFrom({ experimentIds: ['9', '3', '9'] }), ['9', '3']);
    assert.deepEqual(experimentIdsFrom({ kind: 'folder', experimentIds: ['x'.repeat(10_000)], experiments: [] }, undefined), []);
    assert.deepEqual(experimentIdsFrom(undefined, []), []);
  });
});
