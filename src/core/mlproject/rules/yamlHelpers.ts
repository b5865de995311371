import type { YNode, YPair, YScalar } from '../model';

export function isNullish(node: YNode | null | undefined): node is null | undefined | (YScalar & { type: 'null' }) {
  return node === null || node === undefined || (node.kind === 'scalar' && node.type === 'null');
}

export function describeNode(node: YNode | null | undefined): string {
  if (isNullish(node)) return 'empty (null)';
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  return node.type === 'str' ? `the string "${node.text}"` : `the ${node.type} ${node.pythonStr}`;
}

/** Every map pair of the tree, depth-first (nodes shared through aliases visited once). */
export function* walkPairs(node: YNode | null | undefined, seen = new Set<YNode>()): Generator<YPair> {
  if (!node || seen.has(node)) return;
  seen.add(node);
  if (node.kind === 'map') {
    for (const pair of node.pairs) {
      yield pair;
      yield* walkPairs(pair.value, seen);
    }
  } else if (node.kind === 'seq') {
    for (const item of node.items) yield* walkPairs(item, seen);
  }
}

export function stringValue(node: YNode | null | undefined): string | undefined {
  return node?.kind === 'scalar' && node.type === 'str' ? node.text : undefined;
}
