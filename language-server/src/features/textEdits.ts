// Edits the quick fixes share, written so the result keeps the document's own line endings and
// never leaves half a YAML line behind.
import { TextEdit, type Position, type WorkspaceEdit } from 'vscode-languageserver';
import type { Span, YMap, YNode, YPair } from '../../../src/core/mlproject/model';
import type { AnalyzedDocument } from '../documents';

export function eolOf(doc: AnalyzedDocument): string {
  return doc.text.includes('\r\n') ? '\r\n' : '\n';
}

export function workspaceEdit(doc: AnalyzedDocument, edits: TextEdit[]): WorkspaceEdit {
  return { changes: { [doc.uri]: edits } };
}

function lineStart(line: number): Position {
  return { line, character: 0 };
}

/**
 * Deletes the lines a block-style pair occupies (key line through the last line of its value).
 * Undefined when the pair shares a line with other content (flow mappings), where deleting lines
 * would cut through its neighbours.
 */
export function deletePairLines(doc: AnalyzedDocument, pair: YPair): TextEdit | undefined {
  const start = doc.lines.position(pair.span.start);
  const end = doc.lines.position(pair.span.end);
  const lineText = (line: number): string => doc.text.slice(doc.lines.offset({ line, character: 0 }), doc.lines.offset({ line: line + 1, character: 0 }));
  const before = lineText(start.line).slice(0, start.character);
  if (!/^\s*$/.test(before)) return undefined;
  const endsAtLineStart = end.character === 0 && end.line > start.line;
  if (!endsAtLineStart && !/^\s*(#.*)?$/.test(lineText(end.line).slice(end.character).replace(/\r?\n$/, ''))) return undefined;
  return TextEdit.del({ start: lineStart(start.line), end: endsAtLineStart ? end : lineStart(end.line + 1) });
}

/** Inserts a line above the line of `span`, indented like it. */
export function insertLineAbove(doc: AnalyzedDocument, span: Span, text: string): TextEdit {
  const at = doc.lines.position(span.start);
  return TextEdit.insert(lineStart(at.line), `${' '.repeat(at.character)}${text}${eolOf(doc)}`);
}

/** Inserts a line below the last line of `span`, with the given indentation. */
export function insertLineBelow(doc: AnalyzedDocument, span: Span, indent: number, text: string): TextEdit {
  const end = doc.lines.position(span.end);
  const atLineStart = end.character === 0 && span.end > span.start;
  const line = atLineStart ? end.line : end.line + 1;
  const insertion = `${' '.repeat(indent)}${text}${eolOf(doc)}`;
  // The last line of a file without a final newline: start a new line first.
  if (doc.lines.offset({ line, character: 0 }) >= doc.text.length && !/\r?\n$|^$/.test(doc.text)) {
    return TextEdit.insert(doc.lines.position(doc.text.length), `${eolOf(doc)}${insertion.slice(0, -eolOf(doc).length)}`);
  }
  return TextEdit.insert(lineStart(line), insertion);
}

/** The pair, in any mapping of the tree, whose key starts at `offset`. */
export function pairWithKeyAt(root: YNode | undefined, offset: number): { pair: YPair; map: YMap } | undefined {
  const seen = new Set<YNode>();
  const visit = (node: YNode | null | undefined): { pair: YPair; map: YMap } | undefined => {
    if (!node || node.kind === 'scalar' || seen.has(node)) return undefined;
    seen.add(node);
    if (node.kind === 'seq') {
      for (const item of node.items) {
        const found = visit(item);
        if (found) return found;
      }
      return undefined;
    }
    for (const pair of node.pairs) {
      if (pair.keyNode.span.start === offset) return { pair, map: node };
      const found = visit(pair.value);
      if (found) return found;
    }
    return undefined;
  };
  return visit(root);
}
