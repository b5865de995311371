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
/**
 * sqlparse's number rules, in its order: hexadecimal (never a comparison operand), float with an
 * exponent (no `+` in it), float, integer; a digit run glued to letters is a word, as there.
 */
const HEX = /-?0x[\dA-F]+/iy;
const EXPONENT = /-?\d+(?:\.\d+)?E-?\d+/iy;
const FLOAT = /-?(?:\d+\.\d*|\.\d+)(?![_A-Z\d])/iy;
const INTEGER = /-?\d+(?![_A-Z\d])/iy;
const DIGIT_WORD = /\d[\w$#]*/y;
/** sqlparse reads any run of these characters as one comparison operator (`>>`, `=<`, `!`). */
const COMPARE = /[<>=~!]+/y;
/** Comparison keywords, `NOT IN` and `NOT LIKE` each one operator as in sqlparse. */
const KEYWORD_COMPARE = /(?:NOT\s+)?(?:IN|LIKE|ILIKE|RLIKE)\b/iy;
const COMMENT = /(?:--|# )[^\r\n]*|\/\*[\s\S]*?\*\//y;

function matchAt(pattern: RegExp, text: string, at: number): number | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text) ? pattern.lastIndex : undefined;
}

/**
 * sqlparse's quoted runs (regular expressions with their backtracking): a doubled quote stays
 * inside, and in '…' and "…" so does a backslashed one; MLflow then strips only the outer quotes,
 * so such a value is literal text, backslashes and doubled quotes included.
 */
const QUOTED: Readonly<Record<string, RegExp>> = {
  "'": /'(?:''|\\'|[^'])*'/y,
  '"': /"(?:""|\\"|[^"])*"|"(?:"|.*?[^\\]")/y,
  '`': /`(?:``|[^`])*`/y,
};

/** The end offset of the quoted run starting at `start`; throws when it is never closed. */
function quotedEnd(text: string, start: number): number {
  const pattern = QUOTED[text[start] ?? ''];
  const end = pattern && matchAt(pattern, text, start);
  if (end === undefined) {
    throw new FilterSyntaxError(
      `Unterminated quoted text starting at column ${start + 1}: ${text.slice(start)}`,
      start,
      text.length - start,
    );
  }
  return end;
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
    const afterQuoted = text[i - 1] === '`' || text[i - 1] === '"';
    // A quoted segment continues the identifier only through a dot (`tags.`x`` or `` `params`.C ``).
    if (next === '`' || (next === '"' && text[i - 1] === '.')) continue;
    if (next === '.' && afterQuoted) {
      i++;
      continue;
    }
    if (next !== undefined && BARE.test(next) && !afterQuoted) continue;
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
    let end: number | undefined;
    if ((end = matchAt(COMMENT, text, i)) !== undefined) push('other', end);
    else if (/\s/.test(c)) {
      end = i;
      while (end < text.length && /\s/.test(text[end] ?? '')) end++;
      push('space', end);
    } else if ((end = matchAt(KEYWORD_COMPARE, text, i)) !== undefined && text[end] !== '.') push('compare', end);
    else if (c === "'" || (c === '"' && !/^"[^"]*"\.[A-Za-z_`"]/.test(text.slice(i)))) {
      push('string', quotedEnd(text, i));
    } else if (c === '`' || c === '"' || BARE_START.test(c)) push('ident', identifierEnd(text, i));
    else if ((end = matchAt(HEX, text, i)) !== undefined) push('other', end);
    else if ((end = matchAt(EXPONENT, text, i) ?? matchAt(FLOAT, text, i) ?? matchAt(INTEGER, text, i)) !== undefined) {
      push('number', end);
    } else if ((end = matchAt(DIGIT_WORD, text, i)) !== undefined) push('ident', end);
    else if ((end = matchAt(COMPARE, text, i)) !== undefined) push('compare', end);
    else if (c === '(') push('lparen', i + 1);
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
