export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}
export function countsFromOutput(output: string): TestCounts | undefined;
