// The verdict on a sampled-endpoint answer: trusted only when it must be right.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeWindowAnswer } from '../../../src/core/store/rest/stepWindow';

const points = (steps: number[]) => steps.map((step) => ({ key: 'loss', value: step / 10, timestamp: step, step }));
const range = (from: number, to: number, every = 1) => Array.from({ length: Math.floor((to - from) / every) + 1 }, (_, i) => from + i * every);

void describe('judgeWindowAnswer', () => {
  void it('takes a window of at most max_results steps as whole unless a known step is missing', () => {
    assert.deepEqual(judgeWindowAnswer(points(range(0, 2399)), { startStep: 0, endStep: 2399 }, 2500), { kind: 'all' });
    assert.deepEqual(judgeWindowAnswer(points([10, 20]), { startStep: 0, endStep: 100 }, 2500), { kind: 'all' }, 'sparse logging is legitimate');
    const verdict = judgeWindowAnswer(points([0, 100]), { startStep: 0, endStep: 100, knownSteps: [0, 40, 80, 100] }, 2500);
    assert.equal(verdict.kind, 'wrong');
    assert.match(verdict.kind === 'wrong' ? verdict.reason : '', /lacks 2 of the 4 steps known to be there/);
  });

  void it("accepts a full sample of a wide window and rejects MLflow 2.12.2's last-step-only answer", () => {
    const sample = range(50_000, 59_996, 4);
    assert.deepEqual(judgeWindowAnswer(points([...sample.slice(0, 2500), 60_000]), { startStep: 50_000, endStep: 60_000 }, 2500), { kind: 'sample' });
    const blind = judgeWindowAnswer(points([60_000]), { startStep: 50_000, endStep: 60_000 }, 2500);
    assert.equal(blind.kind, 'wrong');
    assert.match(blind.kind === 'wrong' ? blind.reason : '', /sampled 1 step of steps 50000–60000 \(asked for 2500\)/);
    const known = judgeWindowAnswer(points([60_000]), { startStep: 50_000, endStep: 60_000, knownSteps: range(0, 99_960, 40) }, 2500);
    assert.equal(known.kind, 'wrong');
  });

  void it('trusts a short answer to a wide window only when it holds every step known there', () => {
    const logged = [5_000, 9_000, 15_000];
    assert.deepEqual(judgeWindowAnswer(points(logged), { startStep: 0, endStep: 20_000, knownSteps: [5_000, 15_000, 30_000] }, 2500), { kind: 'all' });
  });
});
