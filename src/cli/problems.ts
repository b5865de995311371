/** Per-entry store problems go to stderr, one line each, after the JSON (which stays parseable). */
import type { StoreProblem } from '../core/store/storeErrors';
import type { CliIo } from './context';

export function reportProblems(problems: readonly StoreProblem[], io: CliIo): void {
  const seen = new Set<string>();
  for (const p of problems) {
    const line = `mlflow-lens: warning: ${p.message.replace(/\s*\n\s*/g, ' ')} (${p.location})`;
    if (seen.has(line)) continue;
    seen.add(line);
    io.stderr(`${line}\n`);
  }
}
