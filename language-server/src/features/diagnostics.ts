import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { Severity } from '../../../src/core/mlproject/model';
import type { AnalyzedDocument } from '../documents';
import { toRange } from '../ranges';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const UNNECESSARY = new Set(['mlproject.param-unused', 'mlproject.unknown-param-key', 'conda.name-ignored']);

export interface DiagnosticOptions {
  /**
   * True when another YAML language server (Red Hat's vscode-yaml) is installed: it validates every
   * document of language `yaml` (conda, python_env, a stray MLproject.yaml), so YAML syntax errors in
   * those are left to it. Documents of language `mlproject` are ours alone and keep them.
   */
  yamlServerPresent: boolean;
}

export function computeDiagnostics(doc: AnalyzedDocument, options: DiagnosticOptions): Diagnostic[] {
  const problems = doc.result.problems.filter((p) => !(options.yamlServerPresent && doc.languageId !== 'mlproject' && p.code.endsWith('.yaml-syntax')));
  return problems.map((p) => {
    const diagnostic: Diagnostic = {
      range: toRange(doc.lines, p.span),
      severity: SEVERITY[p.severity],
      code: p.code,
      source: 'mlflow-lens',
      message: p.message,
    };
    if (p.data) diagnostic.data = p.data;
    if (UNNECESSARY.has(p.code)) diagnostic.tags = [DiagnosticTag.Unnecessary];
    return diagnostic;
  });
}
