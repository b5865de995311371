/** A minimal sequential test registry for the Chromium tier (one browser shared by every test). */

export interface TestContext {
  /** Marks the test skipped with a reason printed in the report. */
  skip(reason: string): never;
}

interface Registered {
  name: string;
  fn: (t: TestContext) => Promise<void> | void;
}

const registered: Registered[] = [];

export function test(name: string, fn: (t: TestContext) => Promise<void> | void): void {
  registered.push({ name, fn });
}

class Skip extends Error {}

export interface TestReport {
  passed: number;
  failed: number;
  skipped: number;
}

export async function runRegistered(filter?: string): Promise<TestReport> {
  const report: TestReport = { passed: 0, failed: 0, skipped: 0 };
  const context: TestContext = {
    skip(reason) {
      throw new Skip(reason);
    },
  };
  for (const t of registered) {
    if (filter && !t.name.includes(filter)) continue;
    const started = Date.now();
    try {
      await t.fn(context);
      report.passed++;
      console.log(`ok   ${t.name} (${Date.now() - started} ms)`);
    } catch (error) {
      if (error instanceof Skip) {
        report.skipped++;
        console.log(`SKIPPED ${t.name}: ${error.message}`);
        continue;
      }
      report.failed++;
      console.log(`FAIL ${t.name}`);
      console.log(String(error instanceof Error ? (error.stack ?? error.message) : error).replace(/^/gm, '     '));
    }
  }
  return report;
}
