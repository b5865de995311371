// Entry point structure: shapes that make MLflow crash on load or at run time.
import type { MlprojectModel, Problem, YPair } from '../model';
import { findPair, problem } from '../parse';
import { ENTRY_POINT_KEYS, MLPROJECT_KEYS, suggestKey } from '../schema';
import { defineRule } from './rule';
import { describeNode, isNullish } from './yamlHelpers';

export const entryPointsRule = defineRule<'mlproject'>({
  kind: 'mlproject',
  codes: ['mlproject.entry-points-missing', 'mlproject.entry-points-invalid', 'mlproject.command-missing', 'mlproject.parameters-null', 'mlproject.no-main', 'mlproject.unknown-param-key'],
  check({ file }) {
    const model = file.model as MlprojectModel;
    const pair = model.entryPointsPair;
    if (!pair) return model.databricksPair ? [] : missingEntryPoints(model);
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
        problems.push(problem('mlproject.parameters-null', 'error', `parameters of '${entry.name}' must be a mapping, not ${describeNode(params.value)}: MLflow crashes ("'NoneType' object has no attribute 'items'"). Remove the key or declare parameters.`, isNullish(params.value) ? params.keyNode.span : params.valueSpan, { entryPoint: entry.name }));
      }
      const taken = new Set(body.pairs.map((p) => p.key));
      for (const key of body.pairs) {
        if (ENTRY_POINT_KEYS.some((k) => k.key === key.key)) continue;
        const suggestion = suggestKey(key.key, ENTRY_POINT_KEYS, taken);
        problems.push(
          suggestion
            ? problem('mlproject.unknown-param-key', 'warning', `'${key.key}' is ignored by MLflow in an entry point (only parameters and command are used). Did you mean '${suggestion}'?`, key.keyNode.span, { replacement: suggestion })
            : problem('mlproject.unknown-param-key', 'hint', `'${key.key}' is ignored by MLflow in an entry point (only parameters and command are used).`, key.keyNode.span),
        );
      }
    }
    if (!findPair(value, 'main')) {
      const names = model.entryPoints.map((e) => e.name).join(', ');
      problems.push(problem('mlproject.no-main', 'hint', `No 'main' entry point: \`mlflow run\` without -e fails (entry points: ${names || 'none'}).`, pair.keyNode.span));
    }
    return problems;
  },
});

/**
 * No `entry_points` key: MLflow knows no entry point, so `mlflow run` (entry point `main` unless -e
 * names a script) fails. Entry points written under a misspelt key are reported one by one, since
 * each of them is what the user will try to run.
 */
function missingEntryPoints(model: MlprojectModel): Problem[] {
  const root = model.root;
  const anchor = root?.pairs[0];
  if (!root || !anchor) return [];
  const misplaced = root.pairs.find((p) => looksLikeEntryPoints(p));
  const rename = misplaced ? { key: misplaced.key, replacement: 'entry_points' } : undefined;
  const names = misplaced?.value?.kind === 'map' ? misplaced.value.pairs : [];
  if (misplaced && names.length) {
    return names.map((entry) =>
      problem(
        'mlproject.entry-points-missing',
        'error',
        `MLflow does not see entry point '${entry.key}': it is under '${misplaced.key}', which MLflow ignores, and the file has no entry_points. \`mlflow run -e ${entry.key}\` fails with "Could not find ${entry.key} among entry points []". Rename '${misplaced.key}' to entry_points.`,
        entry.keyNode.span,
        rename,
      ),
    );
  }
  const message = `No entry_points: \`mlflow run\` runs entry point main and fails with "Could not find main among entry points [] or interpret main as a runnable script"; only -e with a .py or .sh script works.${misplaced ? ` Rename '${misplaced.key}' to entry_points.` : ''}`;
  // With no misspelt key this may be deliberate (a project run only as `-e train.py`): a warning, not an error.
  return [problem('mlproject.entry-points-missing', misplaced ? 'error' : 'warning', message, (misplaced ?? anchor).keyNode.span, rename)];
}

/** A top-level key that was meant to be `entry_points`: a near spelling, or a mapping of commands. */
function looksLikeEntryPoints(pair: YPair): boolean {
  if (MLPROJECT_KEYS.some((k) => k.key === pair.key)) return false;
  if (suggestKey(pair.key, MLPROJECT_KEYS) === 'entry_points') return true;
  const value = pair.value;
  return value?.kind === 'map' && value.pairs.length > 0 && value.pairs.every((p) => p.value?.kind === 'map' && p.value.pairs.some((k) => k.key === 'command'));
}
