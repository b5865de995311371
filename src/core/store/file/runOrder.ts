/**
 * Run ordering for the file store until the shared `src/core/search` order_by comparator is wired
 * in: MLflow's default (`start_time DESC`, then `run_id ASC`) and `order_by` clauses on run
 * attributes. Clauses on metrics, params or tags need that module and are `unsupported` here.
 */
import type { RunInfo } from '../../model/entities';
import { StoreError } from '../storeErrors';

export type RunComparator = (a: RunInfo, b: RunInfo) => number;

type AttributeKey = 'start_time' | 'end_time' | 'run_name' | 'status' | 'run_id' | 'user_id' | 'artifact_uri' | 'lifecycle_stage' | 'experiment_id';

const ATTRIBUTES: Record<string, AttributeKey> = {
  start_time: 'start_time',
  end_time: 'end_time',
  run_name: 'run_name',
  status: 'status',
  run_id: 'run_id',
  user_id: 'user_id',
  artifact_uri: 'artifact_uri',
  lifecycle_stage: 'lifecycle_stage',
  experiment_id: 'experiment_id',
  created: 'start_time',
  Created: 'start_time',
};

function compareValues(a: string | number | undefined, b: string | number | undefined): number {
  // Missing values sort last in both directions, as MLflow does.
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** MLflow's default order: newest start first, then run id. */
export const defaultRunOrder: RunComparator = (a, b) => {
  if (a.start_time !== b.start_time) {
    if (a.start_time === undefined) return 1;
    if (b.start_time === undefined) return -1;
    return b.start_time - a.start_time;
  }
  return compareValues(a.run_id, b.run_id);
};

const CLAUSE = /^\s*(?:(attribute|attributes|attr|run)\.)?(`[^`]+`|"[^"]+"|[\w.]+)\s*(ASC|DESC)?\s*$/i;

/** Compiles `order_by` clauses on attributes; the default order breaks ties. */
export function compileRunOrder(orderBy: readonly string[]): RunComparator {
  const clauses = orderBy.filter((c) => c.trim() !== '').map((clause) => {
    const m = CLAUSE.exec(clause);
    const raw = m?.[2]?.replace(/^[`"]|[`"]$/g, '');
    const key = raw === undefined ? undefined : ATTRIBUTES[raw];
    if (!m || !key) {
      throw new StoreError('unsupported', `order_by '${clause}' is not supported by the file store yet (attributes only).`);
    }
    return { key, desc: (m[3] ?? 'ASC').toUpperCase() === 'DESC' };
  });
  if (clauses.length === 0) return defaultRunOrder;
  return (a, b) => {
    for (const c of clauses) {
      const x = a[c.key];
      const y = b[c.key];
      if (x === undefined || y === undefined) {
        const r = compareValues(x, y);
        if (r !== 0) return r;
        continue;
      }
      const r = compareValues(x, y);
      if (r !== 0) return c.desc ? -r : r;
    }
    return defaultRunOrder(a, b);
  };
}
