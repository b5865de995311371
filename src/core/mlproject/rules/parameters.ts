// Parameter declarations: shapes that crash MLflow, and the ones it silently reads differently
// (missing-colon flow mappings, unvalidated types, defaults that Python's str() rewrites).
import type { MlprojectModel, Problem, YPair, YScalar } from '../model';
import { effectivePairs, findPair, problem } from '../parse';
import { isMlflowUri } from '../parameterValues';
import { typoDistance } from '../../text/editDistance';
import { PARAMETER_KEYS, suggestKey } from '../schema';
import { defineRule } from './rule';
import { describeNode, isNullish } from './yamlHelpers';

const KNOWN_TYPES = ['string', 'float', 'int', 'path', 'uri'];
const TYPE_FIXES: Record<string, string> = { str: 'string', text: 'string', integer: 'int', number: 'float', double: 'float', url: 'uri', file: 'path' };
const DEFAULT_TYPES: Partial<Record<string, string>> = { int: 'int', float: 'float' };
const MISSING_COLON = /^(type|default)(\s+|:)(\S.*)$/;

export const parametersRule = defineRule<'mlproject'>({
  kind: 'mlproject',
  codes: [
    'mlproject.parameter-invalid',
    'mlproject.param-missing-colon',
    'mlproject.param-type-unvalidated',
    'mlproject.default-null-required',
    'mlproject.default-coerced',
    'mlproject.uri-default-invalid',
    'mlproject.path-default-relative',
    'mlproject.unknown-param-key',
  ],
  check({ file }) {
    const model = file.model as MlprojectModel;
    const problems: Problem[] = [];
    for (const entry of model.entryPoints) {
      const params = entry.parametersPair?.value;
      if (params?.kind !== 'map') continue;
      for (const pair of effectivePairs(params)) problems.push(...checkParameter(pair));
    }
    return problems;
  },
});

function checkParameter(pair: YPair): Problem[] {
  const spec = pair.value;
  const name = pair.key;
  if (spec?.kind === 'scalar' && spec.type === 'str') return checkType(name, spec.text, pair.valueSpan);
  if (spec?.kind !== 'map') {
    const message = `Parameter '${name}' must be a type name (\`${name}: float\`) or a mapping (\`{type: float, default: 0.1}\`), not ${describeNode(spec)}: MLflow crashes on load.`;
    if (isNullish(spec)) return [problem('mlproject.parameter-invalid', 'error', message, pair.keyNode.span, { insert: ' string' })];
    // A bare number or boolean is almost always a default written without its mapping.
    const asDefault = spec.kind === 'scalar' ? { replacement: `{type: ${DEFAULT_TYPES[spec.type] ?? 'string'}, default: ${spec.text === spec.pythonStr || spec.style !== 'plain' ? sourceOf(spec) : `"${spec.text}"`}}` } : undefined;
    return [problem('mlproject.parameter-invalid', 'error', message, pair.valueSpan, asDefault)];
  }
  const problems: Problem[] = [];
  for (const key of spec.pairs) {
    const trap = MISSING_COLON.exec(key.key);
    if (trap && isNullish(key.value)) {
      problems.push(
        problem('mlproject.param-missing-colon', 'warning', `'${key.key}' is one key with no value (a colon needs a space after it): MLflow ignores it and treats '${name}' as ${trap[1] === 'type' ? 'a string' : 'having no default'}. Did you mean '${trap[1]}: ${trap[3]}'?`, key.keyNode.span, { replacement: `${trap[1]}: ${trap[3]}` }),
      );
    } else if (!PARAMETER_KEYS.some((k) => k.key === key.key)) {
      const suggestion = suggestKey(key.key, PARAMETER_KEYS, new Set(spec.pairs.map((p) => p.key)));
      problems.push(
        suggestion
          ? problem('mlproject.unknown-param-key', 'warning', `'${key.key}' is ignored by MLflow in a parameter (only type and default are used). Did you mean '${suggestion}'?`, key.keyNode.span, { replacement: suggestion })
          : problem('mlproject.unknown-param-key', 'hint', `'${key.key}' is ignored by MLflow in a parameter (only type and default are used).`, key.keyNode.span),
      );
    }
  }
  const typePair = findPair(spec, 'type');
  const type = typePair ? (typePair.value?.kind === 'scalar' ? typePair.value.pythonStr : 'None') : 'string';
  if (typePair) problems.push(...checkType(name, type, typePair.valueSpan));
  const defaultPair = findPair(spec, 'default');
  if (!defaultPair) return problems;
  const value = defaultPair.value;
  if (isNullish(value)) {
    problems.push(problem('mlproject.default-null-required', 'warning', `The default of '${name}' is null, so the parameter is required: \`mlflow run\` fails unless -P ${name}=… is given.`, defaultPair.keyNode.span));
    return problems;
  }
  if (value.kind !== 'scalar') return problems;
  if (value.style === 'plain' && (value.type === 'bool' || value.pythonStr !== value.text)) {
    const message =
      value.type === 'bool'
        ? `'${value.text}' is a YAML boolean: MLflow substitutes the text '${value.pythonStr}' (and 'False' is a non-empty, truthy string for argparse).`
        : `YAML reads '${value.text}' as a ${value.type}: MLflow substitutes the text '${value.pythonStr}'. Quote it to keep '${value.text}'.`;
    problems.push(problem('mlproject.default-coerced', 'warning', message, value.span, { replacement: `"${value.text}"` }));
  }
  if (type === 'uri' && !isMlflowUri(value.pythonStr)) {
    problems.push(problem('mlproject.uri-default-invalid', 'error', `Default '${value.pythonStr}' of uri parameter '${name}' has no scheme: MLflow fails with "Expected URI for parameter ${name} but got ${value.pythonStr}". Use e.g. file:///…, s3://…`, value.span));
  }
  if (type === 'path' && !isMlflowUri(value.pythonStr) && !value.pythonStr.startsWith('/')) {
    problems.push(problem('mlproject.path-default-relative', 'warning', `Relative path default '${value.pythonStr}' is resolved from the directory \`mlflow run\` is started in, not from the project directory.`, value.span));
  }
  return problems;
}

/** The MLflow type a misspelt or synonymous type name most likely meant (`flaot`, `Float`, `str`). */
export function suggestType(type: string): string | undefined {
  const lower = type.toLowerCase();
  if (KNOWN_TYPES.includes(lower)) return lower;
  if (TYPE_FIXES[lower]) return TYPE_FIXES[lower];
  const near = KNOWN_TYPES.filter((t) => typoDistance(lower, t) <= 1);
  return near.length === 1 ? near[0] : undefined;
}

function checkType(name: string, type: string, span: { start: number; end: number }): Problem[] {
  if (KNOWN_TYPES.includes(type)) return [];
  const fix = suggestType(type);
  return [
    problem('mlproject.param-type-unvalidated', 'warning', `Type '${type}' of '${name}' is not one of MLflow's types (string, float, int, path, uri): MLflow treats it as plain text${fix ? `. Did you mean '${fix}'?` : '.'}`, span, fix ? { replacement: fix } : undefined),
  ];
}

/** The scalar as written, quotes included, so the edit keeps what the user typed. */
function sourceOf(scalar: YScalar): string {
  return scalar.style === 'double' ? JSON.stringify(scalar.text) : scalar.style === 'single' ? `'${scalar.text.replace(/'/g, "''")}'` : scalar.text;
}
