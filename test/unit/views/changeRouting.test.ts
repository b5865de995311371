import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { routeChanges } from '../../../src/views/explorer/changeRouting';

const root = path.resolve('/data/project/mlruns');
const at = (...segments: string[]) => path.join(root, ...segments);

void describe('file-store change routing', () => {
  void it('a metric written in a run refreshes only its experiment', () => {
    const affected = routeChanges(root, [
      at('868010962877203020', 'af80339dc3494aeb8bf956205a9e76cd', 'metrics', 'train', 'loss'),
      at('868010962877203020', 'af80339dc3494aeb8bf956205a9e76cd', 'meta.yaml'),
    ]);
    assert.equal(affected.root, false);
    assert.deepEqual([...affected.experimentIds], ['868010962877203020']);
  });

  void it('changes in two experiments refresh both, once each', () => {
    const affected = routeChanges(root, [at('0', 'r1', 'meta.yaml'), at('0', 'r2', 'params', 'lr'), at('5', 'meta.yaml')]);
    assert.equal(affected.root, false);
    assert.deepEqual([...affected.experimentIds].sort(), ['0', '5']);
  });

  void it('a new or trashed experiment folder refreshes the experiment list', () => {
    assert.equal(routeChanges(root, [at('123')]).root, true);
    assert.equal(routeChanges(root, [at('.trash', '252589920961103671', 'meta.yaml')]).root, true);
    assert.equal(routeChanges(root, [root]).root, true);
  });

  void it('registry changes and paths outside the store are ignored', () => {
    const affected = routeChanges(root, [
      at('models', 'iris-classifier', 'version-1', 'meta.yaml'),
      path.resolve('/data/project/train.py'),
      path.resolve('/data/project/mlruns-old/0/meta.yaml'),
    ]);
    assert.equal(affected.root, false);
    assert.equal(affected.experimentIds.size, 0);
  });
});
