import type { Run } from '../model/entities';
import type { EntityType } from './filterAst';
import { errorAt, parseIdentifier } from './filterParser';
import { tokenize } from './filterLexer';
import { ORDERABLE_ATTRIBUTE_KEYS, attributeValue, metricValue, paramValue, runTagValue } from './runFields';

/**
 * MLflow's run `order_by` (search-syntax.md §6): clauses `<identifier> [ASC|DESC]` applied in
 * order on top of the base order `start_time DESC, run_id ASC`. Missing values sort last in both
 * directions, NaN metrics just before them; params and tags sort as text.
 */

export interface OrderClause {
  entity: Exclude<EntityType, 'dataset'>;
  key: string;
  ascending: boolean;
}

export type RunComparator = (a: Run, b: Run) => number;

/** Parses one `order_by` string; throws `FilterSyntaxError` in MLflow's words. */
export function parseOrderByClause(clause: string): OrderClause {
  const tokens = tokenize(clause).filter((t) => t.kind !== 'space');
  const [identifier, direction, extra] = tokens;
  if (!identifier || extra || (identifier.kind !== 'ident' && !(identifier.kind === 'string' && identifier.raw.startsWith('"')))) {
    throw errorAt(`Invalid order_by clause '${clause}'. Could not be parsed.`, tokens);
  }
  let ascending = true;
  if (direction) {
    const word = direction.raw.toUpperCase();
    if (direction.kind !== 'ident' || (word !== 'ASC' && word !== 'DESC')) {
      throw errorAt(`Invalid ordering key in order_by clause '${clause}'.`, [direction]);
    }
    ascending = word === 'ASC';
  }
  const id = parseIdentifier([identifier], ORDERABLE_ATTRIBUTE_KEYS);
  if (id.entity === 'dataset') throw errorAt('Invalid order_by entity: dataset', [identifier]);
  return { entity: id.entity, key: id.key, ascending };
}

/** The clauses MLflow applies: the caller's, then `start_time DESC` and `run_id ASC` unless given. */
export function parseOrderBy(orderBy: readonly string[] | undefined): OrderClause[] {
  const clauses = (orderBy ?? []).filter((c) => c.trim() !== '').map(parseOrderByClause);
  const hasAttribute = (key: string): boolean => clauses.some((c) => c.entity === 'attribute' && c.key === key);
  if (!hasAttribute('start_time')) clauses.push({ entity: 'attribute', key: 'start_time', ascending: false });
  if (!hasAttribute('run_id')) clauses.push({ entity: 'attribute', key: 'run_id', ascending: true });
  return clauses;
}

function sortValue(run: Run, clause: OrderClause): string | number | undefined {
  switch (clause.entity) {
    case 'metric':
      return metricValue(run, clause.key);
    case 'parameter':
      return paramValue(run, clause.key);
    case 'tag':
      return runTagValue(run, clause.key);
    case 'attribute':
      return attributeValue(run, clause.key);
  }
}

/** 0 for a real value, 1 for NaN, 2 for a missing value: ranks that sort last in both directions. */
function rank(value: string | number | undefined): number {
  if (value === undefined) return 2;
  return typeof value === 'number' && Number.isNaN(value) ? 1 : 0;
}

/** Code-point order, as SQLite's BINARY collation and Python's `<` on str. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const ca = a.codePointAt(i) ?? 0;
    const cb = b.codePointAt(i) ?? 0;
    if (ca !== cb) return ca < cb ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  return compareText(String(a), String(b));
}

export function compileOrderClauses(clauses: readonly OrderClause[]): RunComparator {
  return (a, b) => {
    for (const clause of clauses) {
      const va = sortValue(a, clause);
      const vb = sortValue(b, clause);
      const ra = rank(va);
      const rb = rank(vb);
      if (ra !== rb) return ra - rb;
      if (ra !== 0 || va === undefined || vb === undefined) continue;
      const c = compareValues(va, vb);
      if (c !== 0) return clause.ascending ? c : -c;
    }
    return 0;
  };
}

/** Parses `orderBy` once and returns a comparator for `Array.prototype.sort`. */
export function compileRunOrder(orderBy: readonly string[] | undefined): RunComparator {
  return compileOrderClauses(parseOrderBy(orderBy));
}

/** Which parts of `run.data` the ordering reads. */
export function orderRequiredData(clauses: readonly OrderClause[]): { params: boolean; metrics: boolean; tags: boolean } {
  const has = (entity: OrderClause['entity']): boolean => clauses.some((c) => c.entity === entity);
  return { params: has('parameter'), metrics: has('metric'), tags: has('tag') };
}
