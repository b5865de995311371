// The script a command runs (`python train.py …`, `Rscript x.R`, `bash run.sh`) should exist in the
// project directory; MLflow only finds out when the shell does.
import type { MlprojectModel, Problem, Span, YScalar } from '../model';
import { problem } from '../parse';
import { defineRule } from './rule';

const INTERPRETERS = /^(?:python[0-9.]*|Rscript|bash|sh|zsh|uv run|poetry run python)$/;
const SCRIPT = /\.(?:py|R|r|sh)$/;

export interface ScriptReference {
  path: string;
  span: Span;
}

/** The script file the first command line starts, when it can be told from the text. */
export function findScript(command: YScalar, text: string): ScriptReference | undefined {
  const firstLine = command.text.trimStart().split('\n')[0] ?? '';
  const tokens = firstLine.split(/\s+/).filter(Boolean);
  let candidate: string | undefined;
  if (tokens[0] && SCRIPT.test(tokens[0])) candidate = tokens[0];
  else if (tokens[0] && INTERPRETERS.test(tokens[0])) {
    for (const token of tokens.slice(1)) {
      if (token === '-m' || token === '-c' || token === '-e') return undefined;
      if (token.startsWith('-')) continue;
      candidate = SCRIPT.test(token) ? token : undefined;
      break;
    }
  }
  if (!candidate || /[{}$`'"*?]/.test(candidate)) return undefined;
  const at = text.indexOf(candidate, command.span.start);
  if (at < 0 || at >= command.span.end) return undefined;
  return { path: candidate.replace(/^\.\//, ''), span: { start: at, end: at + candidate.length } };
}

export const commandScriptRule = defineRule<'mlproject'>({
  kind: 'mlproject',
  codes: ['mlproject.script-missing'],
  check({ file, files }) {
    if (!files.available) return [];
    const model = file.model as MlprojectModel;
    const problems: Problem[] = [];
    for (const entry of model.entryPoints) {
      if (!entry.command) continue;
      const script = findScript(entry.command, file.text);
      if (script && !files.exists(script.path)) {
        problems.push(problem('mlproject.script-missing', 'warning', `${script.path} does not exist in the project directory: the command of '${entry.name}' will fail when run.`, script.span));
      }
    }
    return problems;
  },
});
