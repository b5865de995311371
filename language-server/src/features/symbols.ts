// Outline: entry points with their parameters and command, plus the other top-level keys.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { YPair } from '../../../src/core/mlproject/model';
import type { AnalyzedDocument } from '../documents';
import { toRange } from '../ranges';

export function computeSymbols(doc: AnalyzedDocument): DocumentSymbol[] {
  const model = doc.result.parsed.model;
  const root = model.root;
  if (!root) return [];
  return root.pairs.map((pair) => {
    const symbol = symbolFor(doc, pair, pair.key === 'entry_points' ? SymbolKind.Module : SymbolKind.Property);
    if (model.kind === 'mlproject' && pair === model.entryPointsPair) {
      symbol.children = model.entryPoints.map((entry) => {
        const child = symbolFor(doc, entry.pair, SymbolKind.Function);
        child.detail = entry.parameters.length ? `${entry.parameters.length} parameter(s)` : undefined;
        child.children = entry.parameters.map((p) => ({ ...symbolFor(doc, p.pair, SymbolKind.Variable), detail: `${p.type}${p.required ? ', required' : ''}` }));
        if (entry.commandPair) child.children.push(symbolFor(doc, entry.commandPair, SymbolKind.String));
        return child;
      });
    }
    return symbol;
  });
}

function symbolFor(doc: AnalyzedDocument, pair: YPair, kind: SymbolKind): DocumentSymbol {
  return {
    name: pair.key || '(empty key)',
    kind,
    range: toRange(doc.lines, pair.span),
    selectionRange: toRange(doc.lines, pair.keyNode.span),
  };
}
