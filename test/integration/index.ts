// Loaded by VS Code in the extension host through `extensionTestsPath` (the @vscode/test-electron
// contract, also honoured by code-server): runs every *.test.js next to this file with mocha and
// writes a JSON summary to $MLFLOW_LENS_TEST_RESULTS for the runner's closing line.
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const onlyFiles = (process.env.MLFLOW_LENS_TEST_FILES ?? '').split(',').filter(Boolean);
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const files = fs
    .readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    // `--files a,b` on the runner: only the test files whose path contains one of the parts (for working on one suite).
    .filter((f) => !onlyFiles.length || onlyFiles.some((part) => f.includes(part)))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  const results: { passed: string[]; failed: { title: string; error: string }[]; skipped: string[] } = { passed: [], failed: [], skipped: [] };
  console.log('[mlflow-lens] integration tests start');
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log('[mlflow-lens] integration tests end');
      const out = process.env.MLFLOW_LENS_TEST_RESULTS;
      if (out) fs.writeFileSync(out, JSON.stringify(results, null, 2));
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => results.passed.push(t.fullTitle()));
    // `this.skip()` and pending tests: reported so the runner's closing line counts them.
    runner.on('pending', (t) => results.skipped.push(t.fullTitle()));
    runner.on('fail', (t, err: unknown) =>
      results.failed.push({ title: t.fullTitle(), error: err instanceof Error ? err.message : String(err) }),
    );
  });
}
