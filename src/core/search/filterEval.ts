import type { Run } from '../model/entities';
import type { RunDataSelection } from '../store/trackingStore';
import type { Comparator, FilterAst, FilterClause } from './filterAst';
import { parseFilter } from './filterParser';
import {
  DATASET_CONTEXT_TAG,
  attributeValue,
  metricValue,
  paramValue,
  runTagValue,
} from './runFields';

/**
 * MLflow's run filter semantics (search-syntax.md §5): every clause must hold; a run lacking the
 * key never matches, not even `!=`; metrics compare their latest value as numbers; params, tags
 * and string attributes compare as case-sensitive text. `LIKE` follows SQL (what MLflow's SQL
 * stores do), not the file store's accidental regex.
 */

export type RunPredicate = (run: Run) => boolean;

const likeCache = new Map<string, RegExp>();

/** SQL LIKE: `%` any run of characters (newlines too), `_` one character; nothing else is special. */
export function likeToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const cacheKey = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  const cached = likeCache.get(cacheKey);
  if (cached) return cached;
  let source = '';
  for (const ch of pattern) {
    if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else source += ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  const re = new RegExp(`^${source}$`, caseInsensitive ? 'iu' : 'u');
  if (likeCache.size > 500) likeCache.clear();
  likeCache.set(cacheKey, re);
  return re;
}

function compareNumbers(actual: number, comparator: Comparator, expected: number): boolean {
  switch (comparator) {
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    default:
      return false;
  }
}

function compareText(actual: string, clause: FilterClause): boolean {
  const { comparator, value } = clause;
  if (value.kind === 'list') {
    const inList = value.values.includes(actual);
    return comparator === 'IN' ? inList : comparator === 'NOT IN' && !inList;
  }
  const expected = String(value.kind === 'number' ? value.text : value.value);
  switch (comparator) {
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case 'LIKE':
      return likeToRegExp(expected, false).test(actual);
    case 'ILIKE':
      return likeToRegExp(expected, true).test(actual);
    default:
      return false;
  }
}

function matchesValue(actual: string | number | undefined, clause: FilterClause): boolean {
  if (actual === undefined) return false;
  if (typeof actual === 'number') {
    return clause.value.kind === 'number' && compareNumbers(actual, clause.comparator, clause.value.value);
  }
  return compareText(actual, clause);
}

function datasetMatches(run: Run, clause: FilterClause): boolean {
  for (const input of run.inputs?.dataset_inputs ?? []) {
    let actual: string | undefined;
    if (clause.key === 'name') actual = input.dataset.name;
    else if (clause.key === 'digest') actual = input.dataset.digest;
    else actual = input.tags.find((t) => t.key === DATASET_CONTEXT_TAG)?.value;
    if (matchesValue(actual, clause)) return true;
  }
  return false;
}

export function clauseMatches(run: Run, clause: FilterClause): boolean {
  switch (clause.entity) {
    case 'metric':
      return matchesValue(metricValue(run, clause.key), clause);
    case 'parameter':
      return matchesValue(paramValue(run, clause.key), clause);
    case 'tag':
      return matchesValue(runTagValue(run, clause.key), clause);
    case 'attribute':
      return matchesValue(attributeValue(run, clause.key), clause);
    case 'dataset':
      return datasetMatches(run, clause);
  }
}

export function evaluateFilter(ast: FilterAst, run: Run): boolean {
  return ast.clauses.every((clause) => clauseMatches(run, clause));
}

/**
 * Parses `filter` once and returns a predicate over runs. Throws `FilterSyntaxError` for input
 * MLflow rejects; an empty or absent filter matches every run.
 */
export function compileRunFilter(filter: string | undefined): RunPredicate {
  const ast = parseFilter(filter);
  if (ast.clauses.length === 0) return () => true;
  return (run) => evaluateFilter(ast, run);
}

/** Which parts of `run.data` (and whether dataset inputs) the filter reads. */
export interface FilterNeeds extends Required<Omit<RunDataSelection, 'inputs'>> {
  datasets: boolean;
}

export function requiredData(ast: FilterAst): FilterNeeds {
  const has = (entity: FilterClause['entity']): boolean => ast.clauses.some((c) => c.entity === entity);
  return { params: has('parameter'), metrics: has('metric'), tags: has('tag'), datasets: has('dataset') };
}
