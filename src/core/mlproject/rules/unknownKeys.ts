// Keys MLflow ignores without a word: a typo such as `entry_point` silently drops every entry point.
import { problem } from '../parse';
import type { MlprojectModel, Problem } from '../model';
import { MLPROJECT_KEYS, suggestKey } from '../schema';
import { defineRule } from './rule';
import { allMaps } from './yamlHelpers';

export const unknownKeysRule = defineRule<'mlproject'>({
  kind: 'mlproject',
  codes: ['mlproject.unknown-key', 'mlproject.duplicate-key', 'mlproject.non-string-key'],
  check({ file }) {
    const root = (file.model as MlprojectModel).root;
    if (!root) return [];
    const problems: Problem[] = [];
    for (const pair of root.pairs) {
      if (MLPROJECT_KEYS.some((k) => k.key === pair.key)) continue;
      const suggestion = suggestKey(pair.key, MLPROJECT_KEYS);
      problems.push(
        suggestion
          ? problem('mlproject.unknown-key', 'warning', `Unknown key '${pair.key}': MLflow ignores it. Did you mean '${suggestion}'?`, pair.keyNode.span, { replacement: suggestion })
          : problem('mlproject.unknown-key', 'hint', `Key '${pair.key}' is not an MLproject key: MLflow ignores it.`, pair.keyNode.span),
      );
    }
    for (const map of allMaps(root)) {
      const firstByKey = new Map<string, number>();
      map.pairs.forEach((pair, index) => {
        const first = firstByKey.get(pair.key);
        firstByKey.set(pair.key, index);
        if (first !== undefined) {
          const earlier = map.pairs[first]!;
          problems.push(problem('mlproject.duplicate-key', 'warning', `Duplicate key '${pair.key}': PyYAML keeps only the last one, so the earlier one is silently dropped.`, earlier.keyNode.span));
        }
        const key = pair.keyNode;
        if (key.style === 'plain' && key.type !== 'str' && key.text !== '') {
          problems.push(problem('mlproject.non-string-key', 'warning', `Key '${key.text}' is read by YAML 1.1 as the ${key.type} ${key.pythonStr}, not as text: quote it.`, key.span, { replacement: `"${key.text}"` }));
        }
      });
    }
    return problems;
  },
});
