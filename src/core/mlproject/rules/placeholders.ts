// `command.format(**params)`: every `{name}` must be a declared parameter of that entry point, the
// format string must be valid Python, and a declared parameter missing from the command is unused.
import type { MlprojectModel, Problem, Span, YScalar } from '../model';
import { problem } from '../parse';
import { defineRule } from './rule';

export const placeholdersRule = defineRule<'mlproject'>({
  kind: 'mlproject',
  codes: ['mlproject.placeholder-undeclared', 'mlproject.format-syntax', 'mlproject.param-unused', 'mlproject.placeholder-quoted', 'mlproject.format-spec'],
  check({ file }) {
    const model = file.model as MlprojectModel;
    const problems: Problem[] = [];
    for (const entry of model.entryPoints) {
      if (!entry.command) continue;
      const declared = new Set(entry.parameters.map((p) => p.name));
      const invalidDeclared = entry.parametersPair?.value?.kind === 'map' ? entry.parametersPair.value.pairs.map((p) => p.key) : [];
      for (const name of invalidDeclared) declared.add(name);
      for (const error of entry.formatErrors) {
        const replacement = error.exact ? formatRepair(file.text.slice(error.span.start, error.span.end), declared) : undefined;
        problems.push(problem('mlproject.format-syntax', 'error', error.message, error.span, replacement === undefined ? undefined : { replacement }));
      }
      for (const placeholder of entry.placeholders) {
        if (!declared.has(placeholder.name)) {
          problems.push(
            problem('mlproject.placeholder-undeclared', 'error', `'{${placeholder.name}}' is not a parameter of entry point '${entry.name}': MLflow fails with KeyError: '${placeholder.name}' (-P values do not fill placeholders).`, placeholder.span, { name: placeholder.name, entryPoint: entry.name }),
          );
        }
        if (placeholder.field !== placeholder.name) {
          problems.push(problem('mlproject.format-spec', 'hint', `'{${placeholder.field}}' applies to the already shell-quoted value, not to the raw parameter.`, placeholder.span));
        }
        if (placeholder.exact && isQuoted(file.text, placeholder.span, entry.command)) {
          problems.push(problem('mlproject.placeholder-quoted', 'warning', `MLflow already shell-quotes '{${placeholder.name}}': quoting it again splits values with spaces ('hello world' becomes ''hello world'').`, placeholder.span));
        }
      }
      const used = new Set(entry.placeholders.map((p) => p.name));
      for (const parameter of entry.parameters) {
        if (!used.has(parameter.name)) {
          problems.push(problem('mlproject.param-unused', 'hint', `Parameter '${parameter.name}' is not used in the command of '${entry.name}': MLflow logs it but does not pass it.`, parameter.pair.keyNode.span));
        }
      }
    }
    return problems;
  },
});

function isQuoted(text: string, span: Span, command: YScalar): boolean {
  const quotedScalar = command.style === 'single' || command.style === 'double';
  // The YAML quotes around the whole command are not shell quotes.
  if (quotedScalar && (span.start - 1 <= command.span.start || span.end >= command.span.end - 1)) return false;
  const before = text[span.start - 1];
  const after = text[span.end];
  return (before === "'" || before === '"') && before === after;
}

/**
 * The text the message asks for: literal braces doubled (`}` → `}}`, JSON `{"a": 1}` → `{{"a": 1}}`),
 * or `{ name }` without the spaces when `name` is a parameter. Positional and attribute fields have
 * no single right answer.
 */
function formatRepair(source: string, declared: ReadonlySet<string>): string | undefined {
  if (source === '{' || source === '}') return source + source;
  const spaced = /^\{\s+([\w-]+)\s*\}$|^\{\s*([\w-]+)\s+\}$/.exec(source);
  if (spaced) {
    const name = spaced[1] ?? spaced[2]!;
    return declared.has(name) ? `{${name}}` : undefined;
  }
  if (/^\{[\s\S]*["'\s][\s\S]*\}$/.test(source)) return source.replace(/[{}]/g, '$&$&');
  return undefined;
}
