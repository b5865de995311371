import type { YMap, YNode, YScalar } from '../model';

export function isNullish(node: YNode | null | undefined): node is null | undefined | (YScalar & { type: 'null' }) {
  return node === null || node === undefined || (node.kind === 'scalar' && node.type === 'null');
}

export function describeNode(node: YNode | null | undefined): string {
  if (isNullish(node)) return 'empty (null)';
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  return node.type === 'str' ? `the string "${node.text}"` : `the ${node.type} ${node.pythonStr}`;
}

/** Every map of the tree, depth-first (nodes shared through aliases visited once). */
export function allMaps(node: YNode | null | undefined, into: YMap[] = [], seen = new Set<YNode>()): YMap[] {
  if (!node || node.kind === 'scalar' || seen.has(node)) return into;
  seen.add(node);
  if (node.kind === 'map') {
    into.push(node);
    for (const pair of node.pairs) allMaps(pair.value, into, seen);
  } else {
    for (const item of node.items) allMaps(item, into, seen);
  }
  return into;
}

export function stringValue(node: YNode | null | undefined): string | undefined {
  return node?.kind === 'scalar' && node.type === 'str' ? node.text : undefined;
}
