// conda.yaml: what conda and MLflow's conversion to a virtualenv (--env-manager virtualenv|uv) need.
import type { CondaModel, Problem, YNode } from '../model';
import { findPair, problem } from '../parse';
import { defineRule } from './rule';
import { describeNode } from './yamlHelpers';

const CONVERTIBLE = /^(python|pip|setuptools|wheel)(<|>|<=|>=|=|==|!=)?([\d.]+)?$/;

export const condaEnvRule = defineRule<'conda'>({
  kind: 'conda',
  codes: ['conda.invalid-structure', 'conda.name-ignored', 'conda.python-unpinned', 'conda.dropped-by-conversion', 'conda.pip-section-without-pip'],
  check({ file, files }) {
    const root = (file.model as CondaModel).root;
    if (!root) return [];
    // MLflow-specific advice only where MLflow uses the file (next to an MLproject or an MLmodel);
    // any other environment.yml gets the structure checks alone.
    const forMlflow = !files.available || files.siblings().some((n) => n.toLowerCase() === 'mlproject' || n === 'MLmodel');
    const problems: Problem[] = [];
    const advise = (p: Problem): void => {
      if (forMlflow) problems.push(p);
    };
    const name = findPair(root, 'name');
    if (name) advise(problem('conda.name-ignored', 'hint', 'MLflow ignores `name`: the environment is named mlflow-<sha1 of this file>.', name.keyNode.span));
    const deps = findPair(root, 'dependencies');
    if (!deps || deps.value === null) return problems;
    if (deps.value.kind !== 'seq') {
      problems.push(problem('conda.invalid-structure', 'error', `dependencies must be a list, not ${describeNode(deps.value)}.`, deps.valueSpan));
      return problems;
    }
    let hasPip = false;
    let pipSection: YNode | undefined;
    for (const item of deps.value.items) {
      if (item.kind === 'scalar' && item.type === 'str') {
        const spec = item.text.trim().replace(/\s+/g, '');
        if (/^pip([<>=!]|$)/.test(spec)) hasPip = true;
        if (spec === 'python') {
          advise(problem('conda.python-unpinned', 'warning', 'python is not pinned: running with --env-manager virtualenv or uv fails ("It must be pinned (e.g. python=3.8.13)").', item.span));
        } else if (!CONVERTIBLE.test(spec)) {
          advise(problem('conda.dropped-by-conversion', 'hint', `'${item.text}' is dropped when MLflow converts this file for --env-manager virtualenv/uv (only python, pip, setuptools, wheel and the pip list are kept).`, item.span));
        }
      } else if (item.kind === 'map' && item.pairs.length === 1 && item.pairs[0]!.key === 'pip') {
        pipSection = item;
        const list = item.pairs[0]!.value;
        if (list?.kind !== 'seq' || list.items.some((i) => i.kind !== 'scalar')) {
          problems.push(problem('conda.invalid-structure', 'error', 'The pip: section must be a list of requirement strings.', item.pairs[0]!.valueSpan));
        }
      } else {
        problems.push(problem('conda.invalid-structure', 'error', `A dependency must be a string or {pip: [...]}, not ${describeNode(item)}: MLflow fails with "Invalid conda dependency".`, item.span));
      }
    }
    if (pipSection && !hasPip) {
      advise(problem('conda.pip-section-without-pip', 'hint', 'A pip: sub-list without a `pip` dependency: conda warns and may use a pip outside the environment.', pipSection.span));
    }
    return problems;
  },
});
