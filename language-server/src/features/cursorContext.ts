// Where the cursor is in YAML terms, read from indentation so it works while the user is typing
// (the half-written document often does not parse into the node the cursor belongs to).

export interface CursorContext {
  /** Keys of the enclosing mappings, outermost first (e.g. ['entry_points', 'main', 'parameters']). */
  path: string[];
  /** The cursor is where a key is written (start of a line, before any colon). */
  inKey: boolean;
  /** The key whose value is being written on this line, if any. */
  valueKey?: string;
  /** Text of the line before the cursor. */
  before: string;
  /** Partial word before the cursor, for the completion range. */
  word: string;
}

const KEY_LINE = /^(\s*)(?:-\s+)?([^\s:#][^:#]*?)\s*:(?:\s|$)/;

function indentOf(line: string): number {
  return /^\s*/.exec(line)![0].length;
}

export function cursorContext(text: string, offset: number): CursorContext {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const word = /[\w.-]*$/.exec(before)?.[0] ?? '';
  const keyMatch = KEY_LINE.exec(before);
  const inKey = /^\s*(?:-\s+)?[\w.-]*$/.test(before);
  let indent = indentOf(before);
  const context: CursorContext = { path: [], inKey, before, word };
  if (!inKey && keyMatch) {
    context.valueKey = keyMatch[2];
    indent = keyMatch[1]!.length;
  }
  const previous = text.slice(0, lineStart).split(/\r?\n/);
  previous.pop();
  let limit = indent;
  for (let i = previous.length - 1; i >= 0 && limit > 0; i--) {
    const line = previous[i]!;
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const lineIndent = indentOf(line);
    if (lineIndent >= limit) continue;
    const match = KEY_LINE.exec(line);
    if (match) context.path.unshift(match[2]!);
    limit = lineIndent;
  }
  return context;
}
