// Go to definition: {placeholder} → its parameter; env file reference → the file; command → script;
// `-r requirements.txt` in python_env.yaml → that file.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, Position } from 'vscode-languageserver';
import { findPair } from '../../../src/core/mlproject/parse';
import { findScript } from '../../../src/core/mlproject/rules/commandScript';
import { requirementFileOf } from '../../../src/core/mlproject/rules/requirementsFiles';
import { entryPointsOf, type AnalyzedDocument } from '../documents';
import { contains, toRange } from '../ranges';

const FILE_START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function computeDefinition(doc: AnalyzedDocument, position: Position): Location[] {
  const offset = doc.lines.offset(position);
  for (const entry of entryPointsOf(doc)) {
    const placeholder = entry.placeholders.find((p) => p.exact && contains(p.span, offset));
    if (placeholder) {
      const parameter = entry.parameters.find((p) => p.name === placeholder.name);
      return parameter ? [{ uri: doc.uri, range: toRange(doc.lines, parameter.pair.keyNode.span) }] : [];
    }
    if (entry.command && contains(entry.command.span, offset)) {
      const script = findScript(entry.command, doc.text);
      if (script && contains(script.span, offset)) return fileLocation(doc, script.path);
    }
  }
  const model = doc.result.parsed.model;
  if (model.kind === 'pythonEnv') {
    for (const key of ['build_dependencies', 'dependencies']) {
      const list = findPair(model.root, key)?.value;
      const item = list?.kind === 'seq' ? list.items.find((i) => contains(i.span, offset)) : undefined;
      const target = item?.kind === 'scalar' ? requirementFileOf(item.text) : undefined;
      if (target) return fileLocation(doc, target);
    }
  }
  if (model.kind === 'mlproject') {
    for (const pair of model.envPairs) {
      if (pair.key !== 'docker_env' && pair.value?.kind === 'scalar' && contains(pair.value.span, offset)) return fileLocation(doc, pair.value.text);
    }
  }
  return [];
}

function fileLocation(doc: AnalyzedDocument, relativePath: string): Location[] {
  if (!doc.dir || !doc.files.exists(relativePath)) return [];
  return [{ uri: pathToFileURL(path.resolve(doc.dir, relativePath)).toString(), range: FILE_START }];
}
