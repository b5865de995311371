// Entry point structure: shapes that make MLflow crash on load or at run time.
import type { MlprojectModel, Problem } from '../model';
import { findPair, problem } from '../parse';
import { ENTRY_POINT_KEYS } from '../schema';
import { defineRule } from './rule';
import { describeNode, isNullish } from './yamlHelpers';

export const entryPointsRule = defineRule<'mlproject'>({
  kind: 'mlproject',
  codes: ['mlproject.entry-points-invalid', 'mlproject.command-missing', 'mlproject.parameters-null', 'mlproject.no-main', 'mlproject.unknown-param-key'],
  check({ file }) {
    const model = file.model as MlprojectModel;
    const pair = model.entryPointsPair;
    if (!pair) {
      const anchor = model.root?.pairs[0]?.keyNode.span;
      if (!anchor || model.databricksPair) return [];
      return [problem('mlproject.no-main', 'hint', 'No entry_points: `mlflow run` needs -e with a .py or .sh script.', anchor)];
    }
    const value = pair.value;
    if (value?.kind !== 'map') {
      return [problem('mlproject.entry-points-invalid', 'error', `entry_points must be a mapping of entry point names, not ${describeNode(value)}: MLflow crashes on load.`, isNullish(value) ? pair.keyNode.span : pair.valueSpan)];
    }
    const problems: Problem[] = [];
    for (const entry of model.entryPoints) {
      const body = entry.pair.value;
      if (body?.kind !== 'map') {
        problems.push(problem('mlproject.entry-points-invalid', 'error', `Entry point '${entry.name}' must be a mapping with \`command\` (and optional \`parameters\`), not ${describeNode(body)}: MLflow crashes on load.`, isNullish(body) ? entry.pair.keyNode.span : entry.pair.valueSpan));
        continue;
      }
      const command = entry.commandPair;
      if (!command) {
        problems.push(problem('mlproject.command-missing', 'error', `Entry point '${entry.name}' has no command: MLflow crashes when it is run ("'NoneType' object has no attribute 'format'").`, entry.pair.keyNode.span));
      } else if (!entry.command) {
        problems.push(problem('mlproject.command-missing', 'error', `The command of '${entry.name}' must be a string, not ${describeNode(command.value)}.`, isNullish(command.value) ? command.keyNode.span : command.valueSpan));
      }
      const params = entry.parametersPair;
      if (params && params.value?.kind !== 'map') {
        problems.push(problem('mlproject.parameters-null', 'error', `parameters of '${entry.name}' must be a mapping, not ${describeNode(params.value)}: MLflow crashes ("'NoneType' object has no attribute 'items'"). Remove the key or declare parameters.`, isNullish(params.value) ? params.keyNode.span : params.valueSpan));
      }
      for (const key of body.pairs) {
        if (!ENTRY_POINT_KEYS.some((k) => k.key === key.key)) {
          problems.push(problem('mlproject.unknown-param-key', 'hint', `'${key.key}' is ignored by MLflow in an entry point (only parameters and command are used).`, key.keyNode.span));
        }
      }
    }
    if (!findPair(value, 'main')) {
      const names = model.entryPoints.map((e) => e.name).join(', ');
      problems.push(problem('mlproject.no-main', 'hint', `No 'main' entry point: \`mlflow run\` without -e fails (entry points: ${names || 'none'}).`, pair.keyNode.span));
    }
    return problems;
  },
});
