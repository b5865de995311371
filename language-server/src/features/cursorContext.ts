// Where the cursor is in YAML terms, read from indentation and from the `{…}` on the cursor's line, so
// it works while the user is typing (a half-written document often does not parse into the node the
// cursor belongs to).

export interface CursorContext {
  /** Keys of the enclosing mappings, outermost first (e.g. ['entry_points', 'main', 'parameters']). */
  path: string[];
  /** The cursor is where a key is written (start of a line or after `{`/`,` in a flow mapping). */
  inKey: boolean;
  /** The key whose value is being written, if any. */
  valueKey?: string;
  /** Text of the line before the cursor. */
  before: string;
  /** Partial word before the cursor, which a completion replaces. */
  word: string;
  /** Keys already written in the mapping the cursor is in, its own line or entry excluded. */
  siblings: Set<string>;
  /** The cursor is inside a `{…}` flow mapping. */
  inFlow: boolean;
}

const KEY_LINE = /^(\s*)(?:-\s+)?([^\s:#][^:#]*?)\s*:(?:\s|$)/;
const KEY_POSITION = /^\s*(?:-\s+)?[\w.-]*$/;

function indentOf(line: string): number {
  return /^\s*/.exec(line)![0].length;
}

function isBlank(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

export function cursorContext(text: string, offset: number): CursorContext {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const lineNo = text.slice(0, lineStart).split('\n').length - 1;
  const word = /[\w.-]*$/.exec(before)?.[0] ?? '';
  const context: CursorContext = { path: [], inKey: false, before, word, siblings: new Set(), inFlow: false };
  if (KEY_POSITION.test(before)) {
    const indent = indentOf(before);
    context.inKey = true;
    context.path = enclosingKeys(lines, lineNo, indent);
    context.siblings = blockSiblings(lines, lineNo, indent);
    return context;
  }
  const keyMatch = KEY_LINE.exec(before);
  if (!keyMatch) {
    context.path = enclosingKeys(lines, lineNo, indentOf(before));
    return context;
  }
  context.path = enclosingKeys(lines, lineNo, keyMatch[1]!.length);
  context.valueKey = keyMatch[2];
  const after = (lines[lineNo] ?? '').slice(before.length);
  const flow = flowPosition(before.slice(keyMatch[0].length), after);
  if (flow) {
    context.inFlow = true;
    context.path.push(keyMatch[2]!, ...flow.parents);
    context.inKey = flow.inKey;
    context.valueKey = flow.valueKey;
    context.siblings = flow.keys;
  }
  return context;
}

/** Keys of the block mappings that hold a line indented by `indent`, found by walking up. */
function enclosingKeys(lines: string[], lineNo: number, indent: number): string[] {
  const path: string[] = [];
  let limit = indent;
  for (let i = lineNo - 1; i >= 0 && limit > 0; i--) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    const lineIndent = indentOf(line);
    if (lineIndent >= limit) continue;
    const match = KEY_LINE.exec(line);
    if (match) path.unshift(match[2]!);
    limit = lineIndent;
  }
  return path;
}

/** Keys at exactly `indent` in the block around `lineNo`, up to the lines of a shallower indent. */
function blockSiblings(lines: string[], lineNo: number, indent: number): Set<string> {
  const keys = new Set<string>();
  for (const step of [-1, 1]) {
    for (let i = lineNo + step; i >= 0 && i < lines.length; i += step) {
      const line = lines[i]!;
      if (isBlank(line)) continue;
      const lineIndent = indentOf(line);
      if (lineIndent < indent) break;
      const match = lineIndent === indent ? KEY_LINE.exec(line) : null;
      if (match) keys.add(match[2]!);
    }
  }
  return keys;
}

interface FlowFrame {
  kind: '{' | '[';
  /** Key of this frame's value being written, once its colon is seen. */
  key?: string;
  keys: Set<string>;
  expectingKey: boolean;
  token: string;
  /** The frame is the value of its parent's key (so that key is on `parents`). */
  keyed: boolean;
}

interface FlowPosition {
  parents: string[];
  inKey: boolean;
  valueKey?: string;
  keys: Set<string>;
}

/**
 * The cursor's place inside flow collections that open on this line after `key:` (`{type: float, ‸}`),
 * or undefined when it is not inside one. Quoted text is skipped.
 */
function flowPosition(value: string, after: string): FlowPosition | undefined {
  const stack: FlowFrame[] = [];
  const parents: string[] = [];
  let quote: string | undefined;
  for (const ch of value) {
    const top = stack[stack.length - 1];
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if ((ch === '"' || ch === "'") && top && !top.token.trim()) quote = ch;
    else if (ch === '{' || ch === '[') {
      if (!top && value.trimStart()[0] !== ch) return undefined;
      const keyed = top?.key !== undefined;
      if (keyed) parents.push(top.key!);
      stack.push({ kind: ch, keys: new Set(), expectingKey: ch === '{', token: '', keyed });
    } else if (ch === '}' || ch === ']') {
      if (stack.pop()?.keyed) parents.pop();
      if (!stack.length) return undefined;
    } else if (!top) {
      if (ch.trim()) return undefined;
    } else if (ch === ',') {
      top.expectingKey = top.kind === '{';
      top.key = undefined;
      top.token = '';
    } else if (ch === ':' && top.kind === '{' && top.expectingKey) {
      top.key = top.token.trim();
      top.keys.add(top.key);
      top.expectingKey = false;
      top.token = '';
    } else top.token += ch;
  }
  const top = stack[stack.length - 1];
  if (!top || top.kind !== '{') return undefined;
  for (const key of keysAhead(after)) top.keys.add(key);
  return top.expectingKey ? { parents, inKey: true, keys: top.keys } : { parents, inKey: false, valueKey: top.key, keys: top.keys };
}

/** `key:` entries after the cursor in the same flow mapping (until its closing brace). */
function keysAhead(after: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  // The entry under the cursor is skipped: its key is the one being written.
  let segment: string | undefined;
  for (const ch of after) {
    if (ch === '{' || ch === '[') depth += 1;
    else if (ch === '}' || ch === ']') {
      if (depth === 0) break;
      depth -= 1;
    } else if (depth === 0 && ch === ',') segment = '';
    else if (depth === 0 && segment !== undefined && ch === ':' && segment.trim()) {
      keys.push(segment.trim());
      segment = undefined;
    } else if (depth === 0 && segment !== undefined) segment += ch;
  }
  return keys;
}
