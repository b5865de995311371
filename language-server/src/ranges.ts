import type { Range } from 'vscode-languageserver';
import type { LineIndex } from '../../src/core/mlproject/lineIndex';
import type { Span } from '../../src/core/mlproject/model';

export function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.position(span.start), end: lines.position(span.end) };
}

export function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}
