// The closing-line reader of scripts/test-all.mjs: what each tier's runner really prints.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

void describe('countsFromOutput', async () => {
  // An ES module shared with scripts/test-all.mjs (plain Node), hence the dynamic import.
  const { countsFromOutput } = await import('../../../scripts/testCounts.mjs');

  void it("reads node's test runner summary (spec reporter), skipped and todo as skipped, cancelled as failed", () => {
    const out = '▶ suite\n  ✔ a (1ms)\nℹ tests 9\nℹ suites 2\nℹ pass 6\nℹ fail 1\nℹ cancelled 1\nℹ skipped 1\nℹ todo 0\nℹ duration_ms 12\n';
    assert.deepEqual(countsFromOutput(out), { passed: 6, failed: 2, skipped: 1 });
  });

  void it('reads the plain closing line of the webview and real-VS-Code tiers, the last one winning', () => {
    assert.deepEqual(countsFromOutput('3 passed, 0 failed; screenshot\nwebview tier: 23 passed, 1 failed, 2 skipped\n'), { passed: 23, failed: 1, skipped: 2 });
    assert.deepEqual(countsFromOutput('real VS Code tier in 80 s\n39 passed, 0 failed\n'), { passed: 39, failed: 0, skipped: 0 });
  });

  void it('gives nothing for output without a closing line, so a crashed runner cannot read as clean', () => {
    assert.equal(countsFromOutput('Error: Cannot find module\n    at x\n'), undefined);
    assert.equal(countsFromOutput('ℹ pass 3\n'), undefined);
  });
});
