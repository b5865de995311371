/**
 * `mlflow-lens lint PATH…`: the language server's checks on the command line, for CI and pre-commit.
 * Prints `path:line:col: severity code message` (or `--format json`); exit 1 when any error is found.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileKindOf } from '../../core/mlproject/fileKind';
import { LineIndex } from '../../core/mlproject/lineIndex';
import { lintText } from '../../core/mlproject/lint';
import type { Problem, Severity } from '../../core/mlproject/model';
import { diskProjectFiles } from '../../core/mlproject/projectFiles';
import { MAX_TEXT_LENGTH } from '../../core/mlproject/yamlTree';
import { UsageError } from '../args';
import type { CliIo, Command } from '../context';

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'mlruns', 'mlartifacts', '.venv', 'venv', '__pycache__', '.tox', 'dist', 'out']);
const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

export interface LintFinding {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

/** Files to check under the given paths: named files as given, folders walked for the three kinds. */
export function collectFiles(paths: readonly string[], cwd: string): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(full);
      } else if (entry.isFile() && fileKindOf(entry.name)) files.push(full);
    }
  };
  for (const given of paths) {
    const full = path.resolve(cwd, given);
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (!stat) missing.push(given);
    else if (stat.isDirectory()) walk(full);
    else files.push(full);
  }
  return { files: [...new Set(files)], missing };
}

/** Lints one file from disk; unreadable, huge and non-UTF-8 files become findings, never exceptions. */
export function lintFile(file: string): { problems: Problem[]; lines: LineIndex } {
  const kind = fileKindOf(path.basename(file)) ?? 'mlproject';
  const span = { start: 0, end: 0 };
  let bytes: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_TEXT_LENGTH * 2) {
      return { problems: [{ code: 'file.too-large', severity: 'warning', message: `File is ${Math.round(size / 1024)} KB: not checked.`, span }], lines: new LineIndex('') };
    }
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { problems: [{ code: 'file.unreadable', severity: 'error', message: `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, span }], lines: new LineIndex('') };
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  const { problems } = lintText({ text, kind, fileName: path.basename(file), files: diskProjectFiles(path.dirname(file)) });
  return { problems, lines: new LineIndex(text) };
}

export function lintPaths(paths: readonly string[], cwd: string, minimum: Severity): { findings: LintFinding[]; files: number; missing: string[] } {
  const { files, missing } = collectFiles(paths, cwd);
  const findings: LintFinding[] = [];
  for (const file of files) {
    const { problems, lines } = lintFile(file);
    const shown = path.relative(cwd, file) || file;
    for (const p of problems) {
      if (RANK[p.severity] > RANK[minimum]) continue;
      const start = lines.position(p.span.start);
      const end = lines.position(p.span.end);
      findings.push({ path: shown, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, severity: p.severity, code: p.code, message: p.message });
    }
  }
  return { findings, files: files.length, missing };
}

/** The command's work, separate from argument dispatch so tests can call it with paths. */
export async function runLint(paths: readonly string[], options: Record<string, string | boolean | undefined>, io: CliIo): Promise<number> {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got '${String(format)}')`);
  if (paths.length === 0) throw new UsageError('give at least one file or folder to check');
  const { findings, files, missing } = lintPaths(paths, io.cwd, options.hints === true ? 'hint' : 'information');
  for (const m of missing) io.stderr(`mlflow-lens lint: ${m}: no such file or directory\n`);
  if (format === 'json') io.stdout(`${JSON.stringify(findings, null, 2)}\n`);
  else {
    for (const f of findings) io.stdout(`${f.path}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}\n`);
    const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
    io.stderr(`${files} file(s) checked: ${count('error')} error(s), ${count('warning')} warning(s)\n`);
  }
  return findings.some((f) => f.severity === 'error') || missing.length > 0 ? 1 : 0;
}

export const lintCommand: Command = {
  name: 'lint',
  summary: 'check MLproject, conda.yaml and python_env.yaml files as the language server does',
  usage: '[--format text|json] [--hints] PATH…',
  options: {
    format: { type: 'string', value: 'text|json', description: 'output format (default text: path:line:col: severity code message)' },
    hints: { type: 'boolean', description: 'also print hints (information MLflow users may want, e.g. unused parameters)' },
  },
  details: 'PATH is a file or a folder (searched for MLproject, python_env.y(a)ml and conda/environment*.y(a)ml files).\nExit codes: 0 no error, 1 an error was found (or a path does not exist).',
  run: (options, io, paths: readonly string[] = []) => runLint(paths, options, io),
};

