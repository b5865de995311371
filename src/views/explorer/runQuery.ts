/**
 * The explorer's run query as plain data: the active filter and sort, how they read in the view's
 * description, the filter history, and the sort choices offered from the runs loaded so far.
 * No `vscode` here (the commands live in `runQueryCommands.ts`); validation is core's MLflow grammar.
 */
import type { Run } from '../../core/model/entities';
import { FilterSyntaxError } from '../../core/search/filterAst';
import { parseFilter } from '../../core/search/filterParser';
import { naturalCompare, quoteKey } from '../../core/search/keySuggestions';
import { parseOrderByClause } from '../../core/search/orderBy';

export { quoteKey };

export type SortEntity = 'attribute' | 'metric' | 'param';

/** One sort key of MLflow's `order_by`: an attribute or a metric/param key, and a direction. */
export interface RunSort {
  entity: SortEntity;
  key: string;
  ascending: boolean;
}

/** What every experiment's run listing is searched with; both parts optional. */
export interface RunQuery {
  filter?: string;
  sort?: RunSort;
}

export const FILTER_HISTORY_LIMIT = 10;
const DESCRIPTION_FILTER_CHARS = 60;

/** The attributes the Sort quick pick offers, in MLflow's attribute names. */
export const SORT_ATTRIBUTES: readonly { key: string; label: string }[] = [
  { key: 'start_time', label: 'Start time' },
  { key: 'run_name', label: 'Run name' },
  { key: 'status', label: 'Status' },
  { key: 'end_time', label: 'End time' },
];

const ENTITY_PREFIX: Record<Exclude<SortEntity, 'attribute'>, string> = { metric: 'metrics', param: 'params' };

/**
 * The filter's error in MLflow's words, prefixed with its 1-based column, or undefined when MLflow
 * would accept it (the empty filter included). Used as the input box's `validateInput`.
 */
export function filterProblem(filter: string): string | undefined {
  try {
    parseFilter(filter);
    return undefined;
  } catch (err) {
    if (err instanceof FilterSyntaxError) return `Column ${err.column}: ${err.message}`;
    return err instanceof Error ? err.message : String(err);
  }
}

/** The history with `filter` moved to the front, without duplicates or blanks, at most `limit` long. */
export function rememberFilter(history: readonly string[], filter: string, limit = FILTER_HISTORY_LIMIT): string[] {
  const trimmed = filter.trim();
  const rest = history.filter((f) => f.trim() !== '' && f.trim() !== trimmed);
  return (trimmed ? [trimmed, ...rest] : rest).slice(0, limit);
}

/** Reads a stored history defensively: workspaceState may hold anything an older version wrote. */
export function readFilterHistory(stored: unknown): string[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter((f): f is string => typeof f === 'string' && f.trim() !== '').slice(0, FILTER_HISTORY_LIMIT);
}

/** The MLflow `order_by` clause for a sort (`metrics.\`val/loss\` ASC`, `attributes.start_time DESC`). */
export function orderByClause(sort: RunSort): string {
  const identifier = sort.entity === 'attribute' ? `attributes.${sort.key}` : `${ENTITY_PREFIX[sort.entity]}.${quoteKey(sort.key)}`;
  return `${identifier} ${sort.ascending ? 'ASC' : 'DESC'}`;
}

/** The `orderBy` of a store search: undefined keeps MLflow's default (newest first). */
export function orderByOf(query: RunQuery): string[] | undefined {
  return query.sort ? [orderByClause(query.sort)] : undefined;
}

/** The sort as a short phrase: `metrics.val/loss ↑`. */
export function describeSort(sort: RunSort): string {
  const name = sort.entity === 'attribute' ? sort.key : `${ENTITY_PREFIX[sort.entity]}.${sort.key}`;
  return `${name} ${sort.ascending ? '↑' : '↓'}`;
}

/** The view description for a query (`filter: metrics.acc > 0.9 · sort: start_time ↓`); undefined when none is active. */
export function describeQuery(query: RunQuery): string | undefined {
  const parts: string[] = [];
  const filter = query.filter?.replace(/\s+/g, ' ').trim();
  if (filter) {
    const shown = filter.length > DESCRIPTION_FILTER_CHARS ? `${filter.slice(0, DESCRIPTION_FILTER_CHARS - 1)}…` : filter;
    parts.push(`filter: ${shown}`);
  }
  if (query.sort) parts.push(`sort: ${describeSort(query.sort)}`);
  return parts.length ? parts.join(' · ') : undefined;
}

/** The metric and param keys present in these runs, each in natural order (`p2` before `p10`), for the Sort quick pick. */
export function sortKeysOf(runs: Iterable<Run>): { metrics: string[]; params: string[] } {
  const metrics = new Set<string>();
  const params = new Set<string>();
  for (const run of runs) {
    for (const m of run.data.metrics) metrics.add(m.key);
    for (const p of run.data.params) params.add(p.key);
  }
  return { metrics: [...metrics].sort(naturalCompare), params: [...params].sort(naturalCompare) };
}

/** Reads a stored query defensively (workspaceState survives versions); drops an invalid filter. */
export function readRunQuery(stored: unknown): RunQuery {
  if (typeof stored !== 'object' || stored === null) return {};
  const { filter, sort } = stored as { filter?: unknown; sort?: unknown };
  const query: RunQuery = {};
  if (typeof filter === 'string' && filter.trim() !== '' && filterProblem(filter) === undefined) query.filter = filter.trim();
  if (typeof sort === 'object' && sort !== null) {
    const { entity, key, ascending } = sort as Partial<Record<keyof RunSort, unknown>>;
    const validEntity = entity === 'attribute' || entity === 'metric' || entity === 'param';
    const validKey = typeof key === 'string' && key !== '' && (entity !== 'attribute' || SORT_ATTRIBUTES.some((a) => a.key === key));
    if (validEntity && validKey && typeof ascending === 'boolean') query.sort = { entity, key, ascending };
  }
  return query;
}

/**
 * One MLflow `order_by` clause (`metrics.\`val/loss\` DESC`) as a sort; '' gives undefined (the
 * default order). Throws MLflow's message for a malformed clause, and says which keys the view
 * sorts by for a valid clause on another attribute or a tag.
 */
export function sortFromOrderBy(text: string): RunSort | undefined {
  if (!text.trim()) return undefined;
  const parsed = parseOrderByClause(text.trim());
  if (parsed.entity === 'metric') return { entity: 'metric', key: parsed.key, ascending: parsed.ascending };
  if (parsed.entity === 'parameter') return { entity: 'param', key: parsed.key, ascending: parsed.ascending };
  if (parsed.entity === 'attribute' && SORT_ATTRIBUTES.some((a) => a.key === parsed.key)) {
    return { entity: 'attribute', key: parsed.key, ascending: parsed.ascending };
  }
  throw new Error(`Runs are sorted by ${SORT_ATTRIBUTES.map((a) => a.key).join(', ')}, a metric or a parameter, not by "${text.trim()}".`);
}
