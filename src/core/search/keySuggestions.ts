/**
 * "No run logs `acuracy`": the metric, parameter and tag keys a filter names that none of the given
 * runs has, with the nearest keys they do have. MLflow accepts such a filter and silently matches
 * nothing, so this is advice, never a validation error. Also the natural order the key lists use.
 */
import type { Run } from '../model/entities';
import { editDistance } from '../text/editDistance';
import type { EntityType, FilterAst } from './filterAst';
import type { Token } from './filterLexer';
import { tokenize } from './filterLexer';
import { parseFilter, parseIdentifier } from './filterParser';

export type KeyedEntity = Extract<EntityType, 'metric' | 'parameter' | 'tag'>;

/** The keys logged by some run, per entity. */
export type RunKeys = Record<KeyedEntity, ReadonlySet<string>>;

export interface KeySuggestion {
  entity: KeyedEntity;
  key: string;
  /** The identifier as it goes into a filter: `metrics.accuracy`, `` params.`batch size` ``. */
  identifier: string;
  /** The whole filter with the unknown identifier replaced by this one. */
  filter: string;
}

export interface UnknownKey {
  entity: KeyedEntity;
  key: string;
  /** Nearest first; empty when nothing logged is close. */
  suggestions: KeySuggestion[];
}

const ENTITY_PREFIX: Record<KeyedEntity, string> = { metric: 'metrics', parameter: 'params', tag: 'tags' };
const KEYED: readonly KeyedEntity[] = ['metric', 'parameter', 'tag'];
const MAX_SUGGESTIONS = 3;

/** `p2` before `p10`, case-insensitive first, then by code points so the order is total. */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function runKeysOf(runs: Iterable<Run>): RunKeys {
  const keys = { metric: new Set<string>(), parameter: new Set<string>(), tag: new Set<string>() };
  for (const run of runs) {
    for (const m of run.data.metrics) keys.metric.add(m.key);
    for (const p of run.data.params) keys.parameter.add(p.key);
    for (const t of run.data.tags) keys.tag.add(t.key);
  }
  return keys;
}

/**
 * A key as MLflow's filter and `order_by` grammar read it: bare when it is a plain identifier, else
 * in backticks, or in double quotes when it holds a backtick (the grammar has no escape).
 */
export function quoteKey(key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return key;
  return key.includes('`') && !key.includes('"') ? `"${key}"` : `\`${key}\``;
}

export function filterIdentifier(entity: KeyedEntity, key: string): string {
  return `${ENTITY_PREFIX[entity]}.${quoteKey(key)}`;
}

/**
 * Each metric/param/tag key of the filter that no run in `keys` logged (once per entity and key),
 * with the logged keys nearest to it. `filter` is the text `ast` was parsed from.
 */
export function unknownFilterKeys(filter: string, ast: FilterAst, keys: RunKeys): UnknownKey[] {
  const unknown: UnknownKey[] = [];
  const seen = new Set<string>();
  for (const clause of ast.clauses) {
    const entity = clause.entity;
    if (!isKeyed(entity) || keys[entity].has(clause.key)) continue;
    const id = `${entity}\u0000${clause.key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const suggestions = nearestKeys(entity, clause.key, keys)
      .map(({ entity: e, key }) => {
        const identifier = filterIdentifier(e, key);
        return { entity: e, key, identifier, filter: replaceIdentifiers(filter, entity, clause.key, identifier) };
      })
      // `params.accuracy = '1'` does not become `metrics.accuracy = '1'`, which MLflow refuses.
      .filter((s) => isValidFilter(s.filter));
    unknown.push({ entity, key: clause.key, suggestions });
  }
  return unknown;
}

/** One line for the user: `No listed run logs metric "acuracy" (nearest: accuracy).` */
export function describeUnknownKeys(unknown: readonly UnknownKey[]): string | undefined {
  if (unknown.length === 0) return undefined;
  const parts = unknown.map((u) => {
    const near = u.suggestions.length ? ` (nearest: ${u.suggestions.map((s) => (s.entity === u.entity ? s.key : s.identifier)).join(', ')})` : '';
    return `${ENTITY_NAME[u.entity]} "${u.key}"${near}`;
  });
  return `No listed run logs ${parts.join(', nor ')}, so the filter matches nothing.`;
}

const ENTITY_NAME: Record<KeyedEntity, string> = { metric: 'metric', parameter: 'parameter', tag: 'tag' };

function isValidFilter(filter: string): boolean {
  try {
    parseFilter(filter);
    return true;
  } catch {
    return false;
  }
}

function isKeyed(entity: EntityType): entity is KeyedEntity {
  return (KEYED as readonly EntityType[]).includes(entity);
}

/**
 * The logged keys nearest to `key`: the same key under another entity (`params.accuracy` when
 * accuracy is a metric), then keys of the same entity equal but for case, then within a few edits
 * (about one per four characters), nearest first.
 */
export function nearestKeys(entity: KeyedEntity, key: string, keys: RunKeys): { entity: KeyedEntity; key: string }[] {
  const lower = key.toLowerCase();
  const ranked: { entity: KeyedEntity; key: string; score: number }[] = [];
  for (const other of KEYED) {
    if (other !== entity && keys[other].has(key)) ranked.push({ entity: other, key, score: 0 });
  }
  const limit = Math.max(1, Math.min(3, Math.floor(key.length / 4)));
  for (const candidate of keys[entity]) {
    const candidateLower = candidate.toLowerCase();
    const distance = candidateLower === lower ? 0 : editDistance(lower, candidateLower);
    if (distance <= limit) ranked.push({ entity, key: candidate, score: 1 + distance });
  }
  ranked.sort((a, b) => a.score - b.score || naturalCompare(a.key, b.key));
  return ranked.slice(0, MAX_SUGGESTIONS).map(({ entity: e, key: k }) => ({ entity: e, key: k }));
}

/**
 * The filter with every identifier naming `entity` + `key` (however it is written: `metric.x`,
 * `` metrics.`x` ``) replaced by `replacement`; the rest of the text is kept byte for byte.
 */
function replaceIdentifiers(filter: string, entity: KeyedEntity, key: string, replacement: string): string {
  return tokenize(filter)
    .map((token) => (names(token, entity, key) ? replacement : token.raw))
    .join('');
}

function names(token: Token, entity: KeyedEntity, key: string): boolean {
  if (token.kind !== 'ident' && !(token.kind === 'string' && token.raw.startsWith('"'))) return false;
  try {
    const id = parseIdentifier([token]);
    return id.entity === entity && id.key === key;
  } catch {
    return false; // a word such as AND, or an identifier MLflow refuses
  }
}
