import type { YNode, YPair } from '../../../src/core/mlproject/model';
import { contains } from '../ranges';

/** The chain of pairs from the root down to the innermost pair whose key or value holds `offset`. */
export function pairChainAt(root: YNode | undefined, offset: number): YPair[] {
  const chain: YPair[] = [];
  let node: YNode | null | undefined = root;
  const seen = new Set<YNode>();
  while (node && !seen.has(node)) {
    seen.add(node);
    let next: YNode | null | undefined;
    if (node.kind === 'map') {
      const pair: YPair | undefined = node.pairs.find((p) => contains(p.keyNode.span, offset) || contains(p.valueSpan, offset));
      if (pair) {
        chain.push(pair);
        next = contains(pair.keyNode.span, offset) ? undefined : pair.value;
      }
    } else if (node.kind === 'seq') {
      next = node.items.find((item) => contains(item.span, offset));
    }
    node = next;
  }
  return chain;
}
