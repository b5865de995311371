// The counts a test run's closing lines give: node's test runner (`ℹ pass N`, `ℹ fail N`, `ℹ skipped N`,
// `ℹ cancelled N`) or the plain `N passed, N failed[, N skipped]` that this project's other runners print.
// The last report in the output wins; undefined when there is none.

/** @returns {{ passed: number, failed: number, skipped: number } | undefined} */
export function countsFromOutput(output) {
  const nodeRunner = (key) => {
    const all = [...output.matchAll(new RegExp(`^ℹ ${key} (\\d+)\\s*$`, 'gm'))];
    return all.length ? Number(all.at(-1)[1]) : undefined;
  };
  const pass = nodeRunner('pass');
  const fail = nodeRunner('fail');
  if (pass !== undefined && fail !== undefined) {
    return {
      passed: pass,
      failed: fail + (nodeRunner('cancelled') ?? 0),
      skipped: (nodeRunner('skipped') ?? 0) + (nodeRunner('todo') ?? 0),
    };
  }
  const plain = [...output.matchAll(/^(?:[\w -]+: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\b/gm)].at(-1);
  if (!plain) return undefined;
  return { passed: Number(plain[1]), failed: Number(plain[2]), skipped: Number(plain[3] ?? 0) };
}
