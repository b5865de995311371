import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Experiment, Run } from '../../../src/core/model/entities';
import { changedRunIds, experimentListingKey, runListingKey } from '../../../src/views/explorer/liveListing';

function run(id: string, status: Run['info']['status'] = 'RUNNING', tags: Run['data']['tags'] = []): Run {
  return {
    info: { run_id: id, run_uuid: id, run_name: `run ${id}`, experiment_id: '1', user_id: 'u', status, start_time: 1, artifact_uri: 'x', lifecycle_stage: 'active' },
    data: { metrics: [], params: [], tags },
  };
}

function experiment(id: string, name: string, lastUpdate: number): Experiment {
  return { experiment_id: id, name, artifact_location: 'x', lifecycle_stage: 'active', last_update_time: lastUpdate, tags: [] };
}

const page = <T>(items: T[], nextPageToken?: string) => ({ items, problems: [], ...(nextPageToken ? { nextPageToken } : {}) });

void describe('live listing comparison', () => {
  void it('a new run, a changed status or a changed tag changes the run listing; the same data does not', () => {
    const before = page([run('a'), run('b', 'FINISHED')]);
    assert.equal(runListingKey(page([run('a'), run('b', 'FINISHED')])), runListingKey(before));
    assert.notEqual(runListingKey(page([run('c'), run('a'), run('b', 'FINISHED')])), runListingKey(before));
    assert.notEqual(runListingKey(page([run('a', 'FINISHED'), run('b', 'FINISHED')])), runListingKey(before));
    assert.notEqual(runListingKey(page([run('a', 'RUNNING', [{ key: 'k', value: 'v' }]), run('b', 'FINISHED')])), runListingKey(before));
    assert.notEqual(runListingKey(page([run('a'), run('b', 'FINISHED')], 'next')), runListingKey(before));
  });

  void it('the experiment list ignores last_update_time (logging a run is not a change of the list)', () => {
    assert.equal(experimentListingKey(page([experiment('1', 'a', 1)])), experimentListingKey(page([experiment('1', 'a', 99)])));
    assert.notEqual(experimentListingKey(page([experiment('1', 'a', 1)])), experimentListingKey(page([experiment('1', 'b', 1)])));
    assert.notEqual(experimentListingKey(page([experiment('1', 'a', 1)])), experimentListingKey(page([experiment('1', 'a', 1), experiment('2', 'c', 1)])));
  });

  void it("a RUNNING run's new metric value or param changes the listing (in any order); a finished run's data is not compared", () => {
    const withData = (status: Run['info']['status'], metrics: [string, number][], params: [string, string][] = []) => {
      const r = run('a', status);
      r.data.metrics = metrics.map(([key, value]) => ({ key, value, timestamp: 1, step: 0 }));
      r.data.params = params.map(([key, value]) => ({ key, value }));
      return page([r]);
    };
    const before = withData('RUNNING', [['loss', 1], ['acc', 0.5]]);
    assert.equal(runListingKey(withData('RUNNING', [['acc', 0.5], ['loss', 1]])), runListingKey(before));
    assert.notEqual(runListingKey(withData('RUNNING', [['loss', 0.5], ['acc', 0.5]])), runListingKey(before));
    assert.notEqual(runListingKey(withData('RUNNING', [['loss', 1], ['acc', 0.5]], [['lr', '0.1']])), runListingKey(before));
    assert.deepEqual([...changedRunIds(before.items, withData('RUNNING', [['loss', 0.5], ['acc', 0.5]]).items)], ['a']);
    assert.equal(runListingKey(withData('FINISHED', [['loss', 0.5]])), runListingKey(withData('FINISHED', [['loss', 1]])));
  });

  void it('names the runs whose cached details are out of date: new, changed and gone', () => {
    const changed = changedRunIds([run('a'), run('b'), run('gone')], [run('new'), run('a', 'FINISHED'), run('b')]);
    assert.deepEqual([...changed].sort(), ['a', 'gone', 'new']);
  });
});
