/**
 * Judges what MLflow's sampled chart endpoint (`get-history-bulk-interval`) answers for a step
 * window. MLflow 2.12.2 keeps a sampled index only while it is below the number of steps in the
 * window (an absolute index compared with a relative count), so a window wider than `max_results`
 * that does not start near the first step comes back as its last step alone. Two facts make an
 * answer trustworthy: a window at most `EXACT_WINDOW_STEPS` integer steps wide holds at most that
 * many steps, which the server returns all of; and a correct sample of a wider window has at least
 * `max_results` distinct steps. Anything else is checked against steps known to exist in the window.
 */
import type { Metric } from '../../model/entities';

/** The most points per run the endpoint samples (`max_results` 1–2500 on MLflow 2.x/3.x). */
export const EXACT_WINDOW_STEPS = 2_500;

export interface StepWindow {
  /** Inclusive integer step bounds. */
  startStep: number;
  endStep: number;
  /**
   * Steps known to be logged in this history (from an earlier correct answer, such as the chart's
   * overview): an answer that claims to hold every step of the window must hold these.
   */
  knownSteps?: ArrayLike<number>;
}

export type WindowVerdict =
  /** Every point of the window. */
  | { kind: 'all' }
  /** An evenly spaced sample the server computed correctly. */
  | { kind: 'sample' }
  /** The answer cannot be right; `reason` says why, for the user. */
  | { kind: 'wrong'; reason: string };

/** Points of `metrics` inside the window (the endpoint adds nothing outside it, but a faulty server may). */
export function insideWindow(metrics: readonly Metric[], window: StepWindow): Metric[] {
  return metrics.filter((m) => m.step >= window.startStep && m.step <= window.endStep);
}

/**
 * The verdict on an answer (already limited to the window) to a window request made with
 * `maxResults` points.
 */
export function judgeWindowAnswer(answer: readonly Metric[], window: StepWindow, maxResults: number): WindowVerdict {
  const steps = new Set(answer.map((m) => m.step));
  const width = window.endStep - window.startStep + 1;
  const missing = knownMissing(steps, window);
  if (width <= maxResults) {
    if (missing.inWindow > 0 && missing.count > 0) return wrong(answer, window, missing, 'should hold every step of the window');
    return { kind: 'all' };
  }
  if (steps.size >= maxResults) return { kind: 'sample' };
  // Fewer steps than asked for: right only if the window holds just these steps. Known steps are
  // the only evidence of that; without them the answer is not trusted.
  if (missing.inWindow === 0) {
    return { kind: 'wrong', reason: `the server sampled ${countText(steps.size, 'step')} of steps ${window.startStep}–${window.endStep} (asked for ${maxResults}) and nothing tells whether the window holds more` };
  }
  if (missing.count > 0) return wrong(answer, window, missing, `was sampled to ${countText(steps.size, 'step')} of ${maxResults} asked for`);
  return { kind: 'all' };
}

function knownMissing(steps: ReadonlySet<number>, window: StepWindow): { inWindow: number; count: number } {
  let inWindow = 0;
  let count = 0;
  const known = window.knownSteps ?? [];
  let previous = NaN;
  for (let i = 0; i < known.length; i++) {
    const step = known[i] as number;
    if (step < window.startStep || step > window.endStep || step === previous) continue;
    previous = step;
    inWindow++;
    if (!steps.has(step)) count++;
  }
  return { inWindow, count };
}

function wrong(answer: readonly Metric[], window: StepWindow, missing: { inWindow: number; count: number }, what: string): WindowVerdict {
  return {
    kind: 'wrong',
    reason: `the server's answer for steps ${window.startStep}–${window.endStep} ${what}, but has ${countText(answer.length, 'point')} and lacks ${missing.count} of the ${countText(missing.inWindow, 'step')} known to be there`,
  };
}

export function countText(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
