/**
 * Milliseconds since an arbitrary start, never going back (for time slices and quiet periods).
 * `performance.now()` is the same clock, but the global's first use loads Node's perf_hooks, a few
 * ms of every CLI command.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
