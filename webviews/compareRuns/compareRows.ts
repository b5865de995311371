/** Row logic of the comparison table, kept apart from rendering. */
import { fromWireNumber, type CompareRow, type WireNumber } from '../../src/shared/webviewProtocol';

/** True when the runs do not all hold the same value (a missing value counts as different). */
export function differs<V>(row: CompareRow<V>): boolean {
  const first = JSON.stringify(row.values[0] ?? null);
  return row.values.some((v) => JSON.stringify(v ?? null) !== first);
}

/** Indices of the runs holding the best finite value (ties all win); none when fewer than two have one. */
export function bestIndices(row: CompareRow<WireNumber> & { better: 'lower' | 'higher' }): Set<number> {
  const numbers = row.values.map((v) => (v === null ? NaN : fromWireNumber(v)));
  const finite = numbers.filter(Number.isFinite);
  if (finite.length < 2) return new Set();
  const best = row.better === 'lower' ? Math.min(...finite) : Math.max(...finite);
  return new Set(numbers.flatMap((n, i) => (n === best ? [i] : [])));
}
