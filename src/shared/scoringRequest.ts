/**
 * Checks of a Try It request body, shared by the webview (which refuses to send invalid JSON) and
 * the host (which checks again before it POSTs). Pure, no imports: it runs in the browser too.
 */

/** The top-level keys MLflow's scoring server accepts for the input (one of them, plus `params`). */
export const SCORING_INPUT_KEYS = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'] as const;

export type BodyCheck = { ok: true; value: unknown; warning?: string } | { ok: false; error: string };

/** Line and column (1-based) of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/**
 * The offset of the first character a JSON parser refuses (the text's length when it ends too early).
 * `JSON.parse` says where only in some engines' messages, so the place is found here, the same in
 * the webview and the host.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const ch = text.charCodeAt(i);
      if (ch < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          for (let digit = 0; digit < 4; digit++) {
            i++;
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
          }
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x') || i >= text.length) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === '' || match[0] === '-') fail();
    i += (match as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    return number();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return -1;
  } catch (offset) {
    return typeof offset === 'number' ? Math.min(offset, text.length) : -1;
  }
}

/** What the refused character is, for the message. */
function describeAt(text: string, offset: number): string {
  if (offset >= text.length) return 'the text ends too early';
  const ch = text[offset] as string;
  return `unexpected ${ch === '\n' ? 'line break' : JSON.stringify(ch)}`;
}

/**
 * The request as JSON, or why it cannot be sent. A body without one of MLflow's input keys is still
 * sent (a chat model takes `messages`), with a warning naming the keys MLflow's pyfunc server expects.
 */
export function checkRequestBody(text: string): BodyCheck {
  if (text.trim() === '') return { ok: false, error: 'The request is empty: write a JSON object such as {"inputs": [...]}.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    if (offset < 0) return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
    const { line, column } = lineAndColumn(text, offset);
    return { ok: false, error: `Not valid JSON at line ${line}, column ${column}: ${describeAt(text, offset)}.` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'The request must be a JSON object, such as {"dataframe_split": {...}} or {"inputs": [...]}.' };
  }
  const keys = SCORING_INPUT_KEYS.filter((k) => k in value);
  if (keys.length === 1) return { ok: true, value };
  const expected = SCORING_INPUT_KEYS.join(', ');
  return {
    ok: true,
    value,
    warning: keys.length === 0 ? `MLflow's scoring server expects one of ${expected} at the top level.` : `MLflow's scoring server takes only one of ${keys.join(', ')}.`,
  };
}
