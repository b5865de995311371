import { fileKindOf } from '../../src/core/mlproject/fileKind';
import type { FileKind } from '../../src/core/mlproject/model';

/** The checked file kind of a document: language `mlproject`, else by file name. */
export function kindOfDocument(uri: string, languageId: string): FileKind | undefined {
  if (languageId === 'mlproject') return 'mlproject';
  return fileKindOf(baseName(uri));
}

export function baseName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  return decodeURIComponent(path.slice(Math.max(path.lastIndexOf('/'), path.indexOf(':')) + 1));
}
