import { FilterSyntaxError } from './filterAst';

/**
 * Tokens of MLflow's SQL-like filter language. Identifiers keep their raw text (quotes and all)
 * because MLflow splits `entity.key` on the first dot of the raw text and strips quotes after.
 */
export type TokenKind =
  | 'space'
  | 'ident'
  | 'string'
  | 'number'
  | 'compare'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'semicolon'
  | 'other';

export interface Token {
  kind: TokenKind;
  /** Exactly as written. */
  raw: string;
  /** 0-based offset of `raw` in the filter text. */
  start: number;
}

const BARE = /[A-Za-z0-9_.]/;
const BARE_START = /[A-Za-z_]/;
const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/;
const COMPARE = /^(?:!=|>=|<=|==|<>|=|>|<)/;

/**
 * Returns the end offset of a quoted run starting at `start`. Doubled quotes stay inside, and in
 * '…' and "…" so do `\'`, `\"` and `\\`, as sqlparse (MLflow's tokenizer) reads them; MLflow
 * then strips only the outer quotes, so such a value is literal text with its backslashes.
 */
function quotedEnd(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  for (;;) {
    const close = text.indexOf(quote ?? '', i);
    if (quote !== '`') {
      const backslash = text.indexOf('\\', i);
      if (backslash >= 0 && (close < 0 || backslash < close)) {
        const next = text[backslash + 1];
        i = next === quote || next === '\\' ? backslash + 2 : backslash + 1;
        continue;
      }
    }
    if (close < 0) {
      throw new FilterSyntaxError(
        `Unterminated quoted text starting at column ${start + 1}: ${text.slice(start)}`,
        start,
        text.length - start,
      );
    }
    // SQL writes a quote inside quoted text by doubling it; MLflow keeps both characters.
    if (quote !== '`' && text[close + 1] === quote) {
      i = close + 2;
      continue;
    }
    return close + 1;
  }
}

/** Reads `a.b`, `` `a b`.c ``, `a."b/c"` … as one identifier; returns its end offset. */
function identifierEnd(text: string, start: number): number {
  let i = start;
  for (;;) {
    const c = text[i];
    if (c === '`') i = quotedEnd(text, i);
    else if (c === '"' && (i === start || text[i - 1] === '.')) i = quotedEnd(text, i);
    else if (c !== undefined && BARE.test(c)) {
      while (i < text.length && BARE.test(text[i] ?? '')) i++;
    } else return i;
    const next = text[i];
    // A quoted segment continues the identifier only through a dot (`tags.`x`` or `` `params`.C ``).
    if (next === '`' || (next === '"' && text[i - 1] === '.')) continue;
    if (next === '.' && (text[i - 1] === '`' || text[i - 1] === '"')) {
      i++;
      continue;
    }
    if (next !== undefined && BARE.test(next)) continue;
    return i;
  }
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number): void => {
    tokens.push({ kind, raw: text.slice(i, end), start: i });
    i = end;
  };
  while (i < text.length) {
    const c = text[i] ?? '';
    const rest = text.slice(i, i + 40);
    if (/\s/.test(c)) {
      let end = i;
      while (end < text.length && /\s/.test(text[end] ?? '')) end++;
      push('space', end);
    } else if (c === "'" || (c === '"' && !/^"[^"]*"\.[A-Za-z_`"]/.test(text.slice(i)))) {
      push('string', quotedEnd(text, i));
    } else if (c === '`' || c === '"' || BARE_START.test(c)) {
      push('ident', identifierEnd(text, i));
    } else if (NUMBER.test(rest) && (c !== '-' || /^-\.?\d/.test(rest))) {
      const m = NUMBER.exec(text.slice(i));
      push('number', i + (m?.[0].length ?? 1));
    } else if (COMPARE.test(rest)) {
      push('compare', i + (COMPARE.exec(rest)?.[0].length ?? 1));
    } else if (c === '(') push('lparen', i + 1);
    else if (c === ')') push('rparen', i + 1);
    else if (c === ',') push('comma', i + 1);
    else if (c === ';') push('semicolon', i + 1);
    else push('other', i + 1);
  }
  return tokens;
}

/** Strips one pair of outer quotes or back-ticks. */
export function unquote(raw: string): string {
  const first = raw[0];
  if (raw.length >= 2 && (first === '`' || first === '"' || first === "'") && raw.endsWith(first)) {
    return raw.slice(1, -1);
  }
  return raw;
}

export function isWord(token: Token | undefined, word: string): boolean {
  return token?.kind === 'ident' && token.raw.toUpperCase() === word;
}
