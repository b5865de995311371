/** Pure text formatting for the explorer: relative times, durations, metric values. No `vscode`. */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const RELATIVE_UNITS: readonly [number, string][] = [
  [365 * DAY, 'year'],
  [30 * DAY, 'month'],
  [7 * DAY, 'week'],
  [DAY, 'day'],
  [HOUR, 'hour'],
  [MINUTE, 'minute'],
];

/** "3 days ago", "in 2 hours", "just now"; `now` is passed in so the result is testable. */
export function formatRelativeTime(epochMs: number, now: number): string {
  const delta = now - epochMs;
  const abs = Math.abs(delta);
  if (abs < MINUTE) return 'just now';
  for (const [size, unit] of RELATIVE_UNITS) {
    if (abs >= size) {
      const n = Math.floor(abs / size);
      const words = `${n} ${unit}${n === 1 ? '' : 's'}`;
      return delta >= 0 ? `${words} ago` : `in ${words}`;
    }
  }
  return 'just now';
}

/** "850ms", "42s", "1m 5s", "2h 3m", "3d 4h": two units at most, largest first. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < SECOND) return `${Math.round(ms)}ms`;
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)}s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m ${Math.floor((ms % MINUTE) / SECOND)}s`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h ${Math.floor((ms % HOUR) / MINUTE)}m`;
  return `${Math.floor(ms / DAY)}d ${Math.floor((ms % DAY) / HOUR)}h`;
}

/** Metric values as MLflow's JSON writes the non-finite ones; finite ones in full precision. */
export function formatMetricValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return String(value);
}

/** ISO-like local-independent timestamp for tooltips: "2026-10-25 14:03:44 UTC". */
export function formatTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return String(epochMs);
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "12.3 KB"; bytes for small files. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
