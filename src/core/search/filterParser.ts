import {
  type Comparator,
  type EntityType,
  type FilterAst,
  type FilterClause,
  type FilterValue,
  FilterSyntaxError,
} from './filterAst';
import { isWord, type Token, tokenize, unquote } from './filterLexer';
import {
  ATTRIBUTE_ALIASES,
  DATASET_KEYS,
  NUMERIC_ATTRIBUTES,
  SEARCHABLE_ATTRIBUTE_KEYS,
  resolveEntity,
} from './runFields';

/**
 * MLflow's run filter grammar (search-syntax.md §1–4) → AST, rejecting what MLflow rejects with
 * MLflow's wording and the offset of the offending text. Errors come in MLflow's order: stray
 * clauses first, then per clause the identifier, the value, and last the comparator.
 */
export function parseFilter(filter: string | undefined): FilterAst {
  if (filter === undefined || filter.trim() === '') return { clauses: [] };
  const tokens = tokenize(filter);
  rejectMultipleStatements(filter, tokens);
  const raw = groupClauses(tokens);
  return { clauses: raw.map(validateClause) };
}

interface RawClause {
  left: Token[];
  comparator: Token[];
  value: Token[];
}

function tokensText(tokens: readonly Token[]): string {
  return tokens.map((t) => t.raw).join('');
}

export function errorAt(message: string, tokens: readonly Token[]): FilterSyntaxError {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (!first || !last) return new FilterSyntaxError(message, 0, 0);
  return new FilterSyntaxError(message, first.start, last.start + last.raw.length - first.start);
}

/**
 * sqlparse ends a statement after each `;`; text after the last `;` is another statement unless it
 * is only space (a lone trailing `;` stays in the one statement, where it is a stray clause). The
 * error points at the `;` that splits them, the token to replace with AND.
 */
function rejectMultipleStatements(filter: string, tokens: readonly Token[]): void {
  const firstSemicolon = tokens.findIndex((t) => t.kind === 'semicolon');
  const separator = tokens[firstSemicolon];
  if (!separator || tokens.slice(firstSemicolon + 1).every((t) => t.kind === 'space')) return;
  throw errorAt(`Search filter contained multiple expression '${filter}'. Provide AND-ed expression list.`, [separator]);
}

/** The comparator token at `i` (`=`, `>>`, `LIKE`, `NOT IN` …), or undefined. */
function comparatorAt(tokens: readonly Token[], i: number): Token[] | undefined {
  const t = tokens[i];
  return t?.kind === 'compare' ? [t] : undefined;
}

/** Whether sqlparse takes the token as the right side of a comparison (a `(` only when closed). */
function isOperand(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (t?.kind === 'lparen') return tokens[parenEnd(tokens, i) - 1]?.kind === 'rparen';
  return t?.kind === 'number' || t?.kind === 'string' || t?.kind === 'ident';
}

function skipSpace(tokens: readonly Token[], i: number): number {
  while (tokens[i]?.kind === 'space') i++;
  return i;
}

/** Index just past the `)` matching the `(` at `i` (or the end when unbalanced). */
function parenEnd(tokens: readonly Token[], i: number): number {
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    const kind = tokens[j]?.kind;
    if (kind === 'lparen') depth++;
    else if (kind === 'rparen' && --depth === 0) return j + 1;
  }
  return tokens.length;
}

/**
 * Splits the token stream into comparisons and stray text, as sqlparse groups it for MLflow. The
 * error lists every stray piece in MLflow's words but points at the first offending token: for
 * `metrics.a = = 1` or `metrics.a >` that is what stops the comparison (the second `=`, the
 * dangling `>`), not the identifier before it.
 */
function groupClauses(tokens: readonly Token[]): RawClause[] {
  const clauses: RawClause[] = [];
  const invalid: Token[][] = [];
  let culprit: Token[] | undefined;
  const stray = (chunk: Token[], blame: Token[] = chunk): void => {
    invalid.push(chunk);
    culprit ??= blame;
  };
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (!t || t.kind === 'space' || isWord(t, 'AND')) {
      i++;
      continue;
    }
    if (t.kind === 'lparen') {
      const end = parenEnd(tokens, i);
      stray(tokens.slice(i, end), [t]);
      i = end;
      continue;
    }
    const chunkStart = i;
    while (i < tokens.length) {
      const kind = tokens[i]?.kind;
      if (kind === 'space' || kind === 'lparen' || (i > chunkStart && comparatorAt(tokens, i))) break;
      i++;
    }
    if (i === chunkStart) i++;
    const left = tokens.slice(chunkStart, i);
    const compStart = skipSpace(tokens, i);
    const comparator = comparatorAt(tokens, compStart);
    if (!comparator || comparatorAt(tokens, chunkStart)) {
      stray(left);
      continue;
    }
    const valueStart = skipSpace(tokens, compStart + comparator.length);
    const valueToken = tokens[valueStart];
    if (!valueToken || !isOperand(tokens, valueStart)) {
      // The comparison stops here: what follows the comparator is marked, or the comparator at the end.
      stray(left, valueToken && valueToken.kind !== 'semicolon' ? [valueToken] : comparator);
      stray(comparator);
      i = valueStart;
      // An unclosed `(` is a stray piece of its own, as sqlparse leaves it, not the start of a group.
      if (valueToken?.kind === 'lparen') {
        stray([valueToken]);
        i++;
      }
      continue;
    }
    const valueEnd = valueToken.kind === 'lparen' ? parenEnd(tokens, valueStart) : valueStart + 1;
    clauses.push({ left, comparator, value: tokens.slice(valueStart, valueEnd) });
    i = valueEnd;
  }
  if (culprit) {
    const listed = invalid.map((chunk) => `'${tokensText(chunk)}'`).join(', ');
    throw errorAt(`Invalid clause(s) in filter string: ${listed}`, culprit);
  }
  return clauses;
}

/**
 * Splits `entity.key` on the first dot, quoted or not, as MLflow does (so `` `metrics.a` `` names
 * the entity `` `metrics ``); no dot means an attribute.
 */
function splitIdentifier(raw: string): { entity: string | undefined; key: string } {
  const dot = raw.indexOf('.');
  return dot < 0 ? { entity: undefined, key: raw } : { entity: raw.slice(0, dot), key: raw.slice(dot + 1) };
}

/** MLflow strips back-ticks (only) from the entity word, quotes then back-ticks from the key. */
function trimBackticks(text: string): string {
  return text.length >= 2 && text.startsWith('`') && text.endsWith('`') ? text.slice(1, -1) : text;
}

function trimKey(rawKey: string): string {
  const quoted = rawKey.length >= 2 && (rawKey[0] === "'" || rawKey[0] === '"') && rawKey.endsWith(rawKey[0]);
  return trimBackticks(quoted ? rawKey.slice(1, -1) : rawKey);
}

/** `created`, `Created` and the `run name` spellings listed once, beside the key they stand for. */
export function describeAttributeKeys(keys: readonly string[]): string {
  const asTyped = (k: string): string => (/^\w+$/.test(k) ? k : `\`${k}\``);
  const canonical = [...new Set(keys.map((k) => ATTRIBUTE_ALIASES[k] ?? k))].sort();
  return canonical
    .map((name) => {
      const aliases = keys.filter((k) => k !== name && ATTRIBUTE_ALIASES[k] === name).map(asTyped);
      return aliases.length === 0 ? name : `${name} (or ${aliases.join(', ')})`;
    })
    .join(', ');
}

export interface Identifier {
  entity: EntityType;
  /** The key as written, unquoted (error messages quote it so). */
  writtenKey: string;
  key: string;
}

/**
 * Checks one identifier token (`metrics.acc`, `` tags.`a b` ``, `status`) and resolves its entity
 * and key; `attributeKeys` lists the attribute keys valid where it appears (filter or order_by).
 */
export function parseIdentifier(
  left: readonly Token[],
  attributeKeys: readonly string[] = SEARCHABLE_ATTRIBUTE_KEYS,
): Identifier {
  const only = left[0];
  const isIdentifier =
    left.length === 1 && only && (only.kind === 'ident' || (only.kind === 'string' && only.raw.startsWith('"')));
  if (!isIdentifier) {
    throw errorAt(`Invalid comparison clause. Expected 'Identifier' found '${tokensText(left)}'`, left);
  }
  const { entity: writtenEntity, key: rawKey } = splitIdentifier(only.raw);
  let entity: EntityType = 'attribute';
  if (writtenEntity !== undefined) {
    const resolved = resolveEntity(trimBackticks(writtenEntity));
    if (!resolved) {
      throw errorAt(
        `Invalid entity type '${trimBackticks(writtenEntity)}'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']`,
        left,
      );
    }
    entity = resolved;
  }
  const writtenKey = trimKey(rawKey);
  let key = writtenKey;
  if (entity === 'attribute') {
    if (!attributeKeys.includes(writtenKey)) {
      throw errorAt(`Invalid attribute key '${writtenKey}' specified. Valid keys are ${describeAttributeKeys(attributeKeys)}.`, left);
    }
    key = ATTRIBUTE_ALIASES[writtenKey] ?? writtenKey;
  } else if (entity === 'dataset' && !DATASET_KEYS.includes(writtenKey)) {
    throw errorAt(`Invalid dataset key '${writtenKey}' specified. Valid keys are ${DATASET_KEYS.join(', ')}.`, left);
  }
  return { entity, writtenKey, key };
}

const METRIC_COMPARATORS: readonly Comparator[] = ['!=', '<', '<=', '=', '>', '>='];
const TEXT_COMPARATORS: readonly Comparator[] = ['!=', '=', 'ILIKE', 'LIKE'];
const LIST_TEXT_COMPARATORS: readonly Comparator[] = ['!=', '=', 'ILIKE', 'IN', 'LIKE', 'NOT IN'];

function allowedComparators(id: Identifier): readonly Comparator[] {
  switch (id.entity) {
    case 'metric':
      return METRIC_COMPARATORS;
    case 'parameter':
    case 'tag':
      return TEXT_COMPARATORS;
    case 'dataset':
      return LIST_TEXT_COMPARATORS;
    case 'attribute':
      return NUMERIC_ATTRIBUTES.includes(id.key) ? METRIC_COMPARATORS : LIST_TEXT_COMPARATORS;
  }
}

/**
 * `('a', 'b')` → its items, rejected as MLflow rejects them: empty; not a comma-separated list
 * (`('a' 'b')`, `("a")`, `('a',)`); or a list holding anything but single-quoted strings.
 */
function parseList(tokens: readonly Token[]): string[] {
  const inner = tokens.slice(1, -1).filter((t) => t.kind !== 'space');
  const prefix = 'While parsing a list in the query, expected';
  if (inner.length === 0) throw errorAt(`${prefix} a non-empty list of string values, but got empty list`, tokens);
  const singleQuoted = (t: Token | undefined): boolean => t?.kind === 'string' && t.raw.startsWith("'");
  if (inner.length === 1 && singleQuoted(inner[0])) return [unquote(inner[0]?.raw ?? '')];
  const items = inner.filter((_, i) => i % 2 === 0);
  // Items and commas alternate; a trailing comma is allowed after two or more items.
  const commasBetween = inner.every((t, i) => (i % 2 === 1) === (t.kind === 'comma'));
  if (!commasBetween || items.length < 2 || items.some((t) => t.kind === 'lparen' || t.kind === 'rparen')) {
    throw errorAt(`${prefix} a non-empty list of string values, but got ill-formed list.`, tokens);
  }
  const strange = items.find((t) => !singleQuoted(t));
  if (strange) {
    throw errorAt(
      `${prefix} string value, punctuation, or whitespace, but got different type in list: ${tokensText(tokens)}`,
      [strange],
    );
  }
  return items.map((t) => unquote(t.raw));
}

/** The value token(s) checked against the identifier's type, in MLflow's words. */
function parseValue(id: Identifier, tokens: readonly Token[]): FilterValue {
  const token = tokens[0];
  if (!token) throw errorAt('Invalid comparison clause. Expected value token', tokens);
  const numeric = id.entity === 'metric' || (id.entity === 'attribute' && NUMERIC_ATTRIBUTES.includes(id.key));
  if (numeric) {
    if (token.kind !== 'number') {
      const what = id.entity === 'metric' ? 'metric' : `numeric attribute: ${id.writtenKey}`;
      throw errorAt(`Expected numeric value type for ${what}. Found ${tokensText(tokens)}`, tokens);
    }
    return { kind: 'number', value: Number(token.raw), text: token.raw };
  }
  if (token.kind === 'string') return { kind: 'string', value: unquote(token.raw) };
  if (token.kind === 'ident') {
    throw errorAt(
      `Parameter value is either not quoted or unidentified quote types used for string value ${token.raw}. Use either single or double quotes.`,
      tokens,
    );
  }
  if (token.kind === 'lparen' && id.entity === 'attribute') {
    if (id.key !== 'run_id') {
      throw errorAt("Only the 'run_id' attribute supports comparison with a list of quoted string values.", tokens);
    }
    // Run ids are lower-case hex; MLflow drops any other item rather than failing.
    return { kind: 'list', values: parseList(tokens).filter((v) => !/[A-Z]/.test(v)) };
  }
  if (token.kind === 'lparen' && id.entity === 'dataset') return { kind: 'list', values: parseList(tokens) };
  const label = id.entity === 'parameter' || id.entity === 'tag' ? id.entity : `${id.entity === 'dataset' ? 'dataset' : ''} attributes`.trim();
  const example = id.entity === 'parameter' || id.entity === 'tag' ? " (e.g. 'my-value')" : '';
  throw errorAt(`Expected a quoted string value for ${label}${example}. Got value ${tokensText(tokens)}`, tokens);
}

function validateClause(raw: RawClause): FilterClause {
  const id = parseIdentifier(raw.left);
  const value = parseValue(id, raw.value);
  const written = raw.comparator.map((t) => t.raw).join('');
  // Upper-cased but not re-spaced: MLflow refuses `not  in` as the comparator 'NOT  IN'.
  const comparator = written.toUpperCase() as Comparator;
  const allowed = allowedComparators(id);
  if (!allowed.includes(comparator)) {
    throw errorAt(
      `Invalid comparator '${comparator}' not one of '{${allowed.map((c) => `'${c}'`).join(', ')}}'`,
      raw.comparator,
    );
  }
  const isList = comparator === 'IN' || comparator === 'NOT IN';
  if (isList !== (value.kind === 'list')) {
    throw errorAt(
      isList
        ? `'${written}' needs a parenthesised list of quoted strings, e.g. ('a', 'b'). Got ${tokensText(raw.value)}`
        : `A list of values can only be compared with 'IN' or 'NOT IN', not '${written}'.`,
      isList ? raw.value : raw.comparator,
    );
  }
  const first = raw.left[0];
  const lastValue = raw.value[raw.value.length - 1];
  const span = { start: first?.start ?? 0, end: lastValue ? lastValue.start + lastValue.raw.length : 0 };
  return { entity: id.entity, key: id.key, comparator, value, span };
}
