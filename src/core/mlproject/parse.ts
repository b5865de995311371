// Text → typed model + problems for the three file kinds. The structure checks that decide whether a
// model can be built at all (empty file, top level not a mapping) live here; every other check is a
// rule in rules/.
import { scanFormatString } from './formatString';
import type {
  CondaModel,
  EntryPoint,
  FileKind,
  FileModel,
  MlprojectModel,
  Parameter,
  ParsedFile,
  Placeholder,
  Problem,
  PythonEnvModel,
  Span,
  YMap,
  YPair,
  YScalar,
} from './model';
import { readYaml, type CodePrefix } from './yamlTree';

export const ENV_KEYS = ['docker_env', 'python_env', 'conda_env'] as const;

export function codePrefix(kind: FileKind): CodePrefix {
  return kind === 'pythonEnv' ? 'python-env' : kind;
}

export function parseFile(text: string, kind: 'mlproject'): ParsedFile<MlprojectModel>;
export function parseFile(text: string, kind: 'pythonEnv'): ParsedFile<PythonEnvModel>;
export function parseFile(text: string, kind: 'conda'): ParsedFile<CondaModel>;
export function parseFile(text: string, kind: FileKind): ParsedFile;
export function parseFile(text: string, kind: FileKind): ParsedFile {
  const prefix = codePrefix(kind);
  const { root, problems } = readYaml(text, prefix);
  const readable = !problems.some((p) => p.severity === 'error' || p.code === 'file.too-large');
  let rootMap: YMap | undefined;
  if (readable) {
    if (!root || (root.kind === 'scalar' && root.type === 'null')) {
      problems.push({ code: `${prefix}.empty`, severity: 'error', message: emptyMessage(kind), span: { start: 0, end: 0 } });
    } else if (root.kind !== 'map') {
      problems.push({
        code: kind === 'conda' ? 'conda.invalid-structure' : `${prefix}.not-mapping`,
        severity: 'error',
        message: `The file must be a YAML mapping (key: value lines), not a ${root.kind === 'seq' ? 'list' : 'single value'}.`,
        span: root.span,
      });
    } else rootMap = root;
  }
  const model: FileModel =
    kind === 'mlproject' ? buildMlproject(rootMap, text) : kind === 'pythonEnv' ? { kind, root: rootMap } : { kind, root: rootMap };
  return { kind, text, root, model, problems };
}

function emptyMessage(kind: FileKind): string {
  if (kind === 'mlproject') return "MLproject is empty: MLflow fails with \"'NoneType' object has no attribute 'keys'\".";
  if (kind === 'pythonEnv') return 'python_env.yaml is empty: MLflow fails with a TypeError.';
  return 'conda environment file is empty.';
}

/** The last pair with this key (PyYAML keeps the last duplicate). */
export function findPair(map: YMap | undefined, key: string): YPair | undefined {
  if (!map) return undefined;
  for (let i = map.pairs.length - 1; i >= 0; i--) if (map.pairs[i]!.key === key) return map.pairs[i];
  return undefined;
}

/** The pairs PyYAML keeps: for duplicate keys only the last one. */
export function effectivePairs(map: YMap): YPair[] {
  const last = new Map<string, YPair>();
  for (const pair of map.pairs) {
    last.delete(pair.key);
    last.set(pair.key, pair);
  }
  return [...last.values()];
}

function buildMlproject(root: YMap | undefined, text: string): MlprojectModel {
  const model: MlprojectModel = { kind: 'mlproject', root, entryPoints: [], envPairs: [] };
  if (!root) return model;
  model.name = findPair(root, 'name');
  model.databricksPair = findPair(root, 'databricks_spark_job');
  model.envPairs = effectivePairs(root).filter((p) => (ENV_KEYS as readonly string[]).includes(p.key));
  model.entryPointsPair = findPair(root, 'entry_points');
  const entries = model.entryPointsPair?.value;
  if (entries?.kind === 'map') {
    for (const pair of effectivePairs(entries)) model.entryPoints.push(buildEntryPoint(pair, text));
  }
  return model;
}

function buildEntryPoint(pair: YPair, text: string): EntryPoint {
  const entry: EntryPoint = { name: pair.key, pair, parameters: [], placeholders: [], formatErrors: [] };
  if (pair.value?.kind !== 'map') return entry;
  entry.parametersPair = findPair(pair.value, 'parameters');
  const params = entry.parametersPair?.value;
  if (params?.kind === 'map') {
    for (const paramPair of effectivePairs(params)) {
      const parameter = buildParameter(paramPair);
      if (parameter) entry.parameters.push(parameter);
    }
  }
  entry.commandPair = findPair(pair.value, 'command');
  const command = entry.commandPair?.value;
  if (command?.kind === 'scalar' && command.type === 'str') {
    entry.command = command;
    const scan = scanFormatString(command.text);
    const verbatim = verbatimStart(command, text);
    const locate = sourceLocator(command, text);
    entry.placeholders = scan.fields.map((f): Placeholder => {
      const span = verbatim !== undefined ? { start: verbatim + f.start, end: verbatim + f.end } : locate(`{${f.field}}`);
      return { name: f.name, field: f.field, span: span ?? command.span, exact: span !== undefined };
    });
    const problemLocate = sourceLocator(command, text);
    entry.formatErrors = scan.problems.map((p) => {
      const span = verbatim !== undefined ? { start: verbatim + p.start, end: verbatim + p.end } : problemLocate(command.text.slice(p.start, p.end));
      return { message: p.message, span: span ?? command.span, exact: span !== undefined };
    });
  }
  return entry;
}

/**
 * Where the scalar's value starts in the source when the source holds it character for character
 * (a plain or quoted one-line command without escapes): offsets then map one to one.
 */
function verbatimStart(scalar: YScalar, text: string): number | undefined {
  const start = scalar.style === 'single' || scalar.style === 'double' ? scalar.span.start + 1 : scalar.style === 'plain' ? scalar.span.start : undefined;
  if (start === undefined || start + scalar.text.length > scalar.span.end) return undefined;
  return text.slice(start, start + scalar.text.length) === scalar.text ? start : undefined;
}

/**
 * Finds successive snippets of a scalar's value in its source text. Braces and names survive YAML
 * quoting and folding unchanged, so searching forward in order recovers exact spans.
 */
function sourceLocator(scalar: YScalar, text: string): (snippet: string) => Span | undefined {
  let cursor = scalar.span.start;
  return (snippet) => {
    let at = text.indexOf(snippet, cursor);
    // Skip matches inside a doubled brace (`{{x}}` is a literal, not the field `{x}`).
    while (at >= 0 && at < scalar.span.end && snippet.startsWith('{') && text[at - 1] === '{' && text[at - 2] !== '{') {
      at = text.indexOf(snippet, at + 1);
    }
    if (at < 0 || at + snippet.length > scalar.span.end) return undefined;
    cursor = at + snippet.length;
    return { start: at, end: at + snippet.length };
  };
}

function buildParameter(pair: YPair): Parameter | undefined {
  const spec = pair.value;
  if (spec?.kind === 'scalar' && spec.type === 'str') {
    return { name: pair.key, pair, type: spec.text, required: true };
  }
  if (spec?.kind !== 'map') return undefined;
  const typePair = findPair(spec, 'type');
  const defaultPair = findPair(spec, 'default');
  const typeNode = typePair?.value;
  const type = typeNode === undefined ? 'string' : typeNode === null ? 'None' : typeNode.kind === 'scalar' ? typeNode.pythonStr : '<non-scalar>';
  const defaultValue = defaultPair?.value;
  const required = defaultValue === undefined || defaultValue === null || (defaultValue.kind === 'scalar' && defaultValue.type === 'null');
  return { name: pair.key, pair, type, typePair, defaultPair, required };
}

export function problem(code: string, severity: Problem['severity'], message: string, span: Span, data?: Record<string, string>): Problem {
  return data ? { code, severity, message, span, data } : { code, severity, message, span };
}
