/**
 * How much of an artifact the editors may read. Above `PREVIEW_LIMIT_BYTES` a file is never read
 * whole to be shown: the user chooses to open its first `HEAD_BYTES` (with a note) or to download it.
 */

/** Files up to this size open whole in VS Code's editors. */
export const PREVIEW_LIMIT_BYTES = 16 * 1024 * 1024;
/** What "Open Anyway" reads of a larger file: its first bytes only. */
export const HEAD_BYTES = 4 * 1024 * 1024;

export type OpenDecision = { kind: 'whole' } | { kind: 'guarded'; size: number; headBytes: number };

/** Whole when the size is known and within the limit; guarded otherwise (an unknown size is not trusted). */
export function openDecision(size: number | undefined, limit = PREVIEW_LIMIT_BYTES, headBytes = HEAD_BYTES): OpenDecision {
  if (size !== undefined && Number.isFinite(size) && size >= 0 && size <= limit) return { kind: 'whole' };
  return { kind: 'guarded', size: size ?? Number.NaN, headBytes: Math.min(headBytes, limit) };
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** `2147483648` → `2.0 GB` (binary multiples, as file managers show them); `1` → `1 byte`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'an unknown size';
  if (bytes === 1) return '1 byte';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${UNITS[unit]}`;
}
