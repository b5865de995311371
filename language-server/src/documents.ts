// Parse cache keyed by URI and version: every feature of one document version shares one parse.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../src/core/mlproject/lineIndex';
import { lintText, type LintResult } from '../../src/core/mlproject/lint';
import type { EntryPoint, FileKind } from '../../src/core/mlproject/model';
import { diskProjectFiles, noProjectFiles, type ProjectFiles } from '../../src/core/mlproject/projectFiles';
import { baseName, kindOfDocument } from './fileKinds';

export interface AnalyzedDocument {
  uri: string;
  version: number;
  kind: FileKind;
  /** The client's language id: `mlproject` is ours alone, `yaml` documents are shared with YAML servers. */
  languageId: string;
  fileName: string;
  text: string;
  lines: LineIndex;
  result: LintResult;
  files: ProjectFiles;
  /** Directory of the document on disk, when it has one. */
  dir?: string;
}

export class DocumentCache {
  private readonly entries = new Map<string, AnalyzedDocument>();

  get(document: TextDocument): AnalyzedDocument | undefined {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const kind = kindOfDocument(document.uri, document.languageId);
    if (!kind) return undefined;
    const dir = document.uri.startsWith('file:') ? path.dirname(fileURLToPath(document.uri)) : undefined;
    const files = dir ? diskProjectFiles(dir) : noProjectFiles;
    const text = document.getText();
    const fileName = baseName(document.uri);
    const analyzed: AnalyzedDocument = {
      uri: document.uri,
      version: document.version,
      kind,
      languageId: document.languageId,
      fileName,
      text,
      lines: new LineIndex(text),
      result: lintText({ text, kind, fileName, files }),
      files,
      dir,
    };
    this.entries.set(document.uri, analyzed);
    return analyzed;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  /** Forget every parse: files around the documents changed, so file checks must run again. */
  clear(): void {
    this.entries.clear();
  }
}

export function entryPointsOf(doc: AnalyzedDocument): EntryPoint[] {
  return doc.result.parsed.model.kind === 'mlproject' ? doc.result.parsed.model.entryPoints : [];
}
