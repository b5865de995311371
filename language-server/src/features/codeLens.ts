// "Run" above each entry point. The command belongs to the extension (src/language registers it);
// its arguments are the plain facts a launcher needs.
import type { CodeLens } from 'vscode-languageserver';
/** Registered by the extension (src/language); listed in src/shared/commandIds.ts when the launch command lands. */
export const RUN_ENTRY_POINT_COMMAND = 'mlflowLens.runEntryPoint';
import { isDiscoverableName } from '../../../src/core/mlproject/rules/notDiscovered';
import { entryPointsOf, type AnalyzedDocument } from '../documents';
import { toRange } from '../ranges';

/** Arguments of `mlflowLens.runEntryPoint` as sent by the lens. */
export interface RunEntryPointArgs {
  /** URI of the MLproject file. */
  uri: string;
  entryPoint: string;
}

export function computeCodeLenses(doc: AnalyzedDocument): CodeLens[] {
  if (doc.kind !== 'mlproject' || !isDiscoverableName(doc.fileName)) return [];
  return entryPointsOf(doc)
    .filter((entry) => entry.pair.value?.kind === 'map')
    .map((entry) => {
      const args: RunEntryPointArgs = { uri: doc.uri, entryPoint: entry.name };
      const count = entry.parameters.length;
      return {
        range: toRange(doc.lines, entry.pair.keyNode.span),
        command: { title: `$(play) Run${count ? ` (${count} parameter${count > 1 ? 's' : ''})` : ''}`, command: RUN_ENTRY_POINT_COMMAND, arguments: [args] },
      };
    });
}
