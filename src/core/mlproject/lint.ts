// The check engine shared by the language server and `mlflow-lens lint`: parse, then run every rule
// for the file's kind. A rule that throws is reported as a problem, never as a crash.
import type { FileKind, ParsedFile, Problem } from './model';
import { parseFile } from './parse';
import { noProjectFiles, type ProjectFiles } from './projectFiles';
import { commandScriptRule } from './rules/commandScript';
import { condaEnvRule } from './rules/condaEnv';
import { databricksRule } from './rules/databricks';
import { dockerEnvRule } from './rules/dockerEnv';
import { entryPointsRule } from './rules/entryPoints';
import { condaFileNameRule, pythonEnvFileNameRule } from './rules/envFileNames';
import { environmentsRule } from './rules/environments';
import { notDiscoveredRule } from './rules/notDiscovered';
import { parametersRule } from './rules/parameters';
import { placeholdersRule } from './rules/placeholders';
import { pythonEnvKeysRule } from './rules/pythonEnvKeys';
import { requirementsFilesRule } from './rules/requirementsFiles';
import type { AnyRule } from './rules/rule';
import { unknownKeysRule } from './rules/unknownKeys';

export const RULES: readonly AnyRule[] = [
  notDiscoveredRule,
  unknownKeysRule,
  environmentsRule,
  dockerEnvRule,
  entryPointsRule,
  parametersRule,
  placeholdersRule,
  commandScriptRule,
  databricksRule,
  pythonEnvKeysRule,
  requirementsFilesRule,
  pythonEnvFileNameRule,
  condaEnvRule,
  condaFileNameRule,
];

export interface LintInput {
  text: string;
  kind: FileKind;
  /** Base name of the file, e.g. `MLproject`. */
  fileName: string;
  files?: ProjectFiles;
}

export interface LintResult {
  parsed: ParsedFile;
  problems: Problem[];
}

export function lintText(input: LintInput): LintResult {
  const parsed = parseFile(input.text, input.kind);
  const problems = [...parsed.problems];
  const context = { file: parsed, fileName: input.fileName, files: input.files ?? noProjectFiles };
  for (const rule of RULES) {
    if (rule.kind !== input.kind) continue;
    if (rule.codes.some((c) => c === 'mlproject.not-discovered') || parsed.model.root) {
      try {
        problems.push(...rule.check(context));
      } catch (error) {
        problems.push({
          code: 'internal.rule-failed',
          severity: 'information',
          message: `Check ${rule.codes[0] ?? '?'} failed: ${error instanceof Error ? error.message : String(error)}`,
          span: { start: 0, end: 0 },
        });
      }
    }
  }
  problems.sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
  return { parsed, problems };
}
