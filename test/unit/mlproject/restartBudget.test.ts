import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RestartBudget } from '../../../src/language/restartBudget';

void test('a crashing server is restarted 4 times within 3 minutes, then given up on', () => {
  const budget = new RestartBudget();
  const verdicts = [0, 1000, 2000, 3000, 4000].map((t) => budget.recordCrash(t));
  assert.deepEqual(verdicts, [true, true, true, true, false]);
});

void test('crashes older than the window no longer count', () => {
  const budget = new RestartBudget(2, 60_000);
  assert.equal(budget.recordCrash(0), true);
  assert.equal(budget.recordCrash(10_000), true);
  assert.equal(budget.recordCrash(65_000), true, 'the crash at 0 left the window');
  assert.equal(budget.recentCrashes, 2);
  assert.equal(budget.recordCrash(65_001), false);
});
