import type { FileKind, FileModel, ParsedFile, Problem } from '../model';
import type { ProjectFiles } from '../projectFiles';

export interface RuleContext<M extends FileModel = FileModel> {
  file: ParsedFile<M>;
  /** Base name of the checked file (`MLproject`, `conda.yml`…). */
  fileName: string;
  files: ProjectFiles;
}

/**
 * One check. `codes` lists every stable code the rule can emit (a rule may own a small family, e.g.
 * the `docker_env` shape checks), so tests and quick fixes can be traced back to one file.
 */
export interface Rule<M extends FileModel = FileModel> {
  kind: M['kind'];
  codes: readonly string[];
  check(context: RuleContext<M>): Problem[];
}

export type AnyRule = Rule<FileModel>;

export function defineRule<K extends FileKind>(rule: Rule<Extract<FileModel, { kind: K }>>): AnyRule {
  return rule as unknown as AnyRule;
}
