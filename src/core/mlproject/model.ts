/**
 * The MLproject / conda.yaml / python_env.yaml models the language server, the `lint` command and the
 * run launcher share. Every node keeps its source span (UTF-16 offsets into the document text), so a
 * problem or a completion can point at the exact characters MLflow will trip over.
 */

/** Half-open range of UTF-16 offsets into the document text. */
export interface Span {
  start: number;
  end: number;
}

/** How PyYAML's `safe_load` (YAML 1.1) reads a scalar: MLflow sees these types, not YAML 1.2's. */
export type ScalarType = 'null' | 'bool' | 'int' | 'float' | 'str' | 'timestamp';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

export interface YScalar {
  kind: 'scalar';
  span: Span;
  style: ScalarStyle;
  /** The scalar's string content after YAML unescaping/folding (what a failsafe schema gives). */
  text: string;
  type: ScalarType;
  /** The value as PyYAML builds it; ints and floats as numbers, timestamps as their text. */
  value: string | number | boolean | null;
  /** What Python's `str()` gives for the value: the text MLflow substitutes into a command. */
  pythonStr: string;
}

export interface YMap {
  kind: 'map';
  span: Span;
  flow: boolean;
  pairs: YPair[];
}

export interface YSeq {
  kind: 'seq';
  span: Span;
  flow: boolean;
  items: YNode[];
}

export type YNode = YScalar | YMap | YSeq;

export interface YPair {
  /** The key as PyYAML would read it; a non-string key (`on:`, `1:`) keeps its Python `str()` here. */
  key: string;
  keyNode: YScalar;
  /** Null when the value is empty (`key:` with nothing after it). */
  value: YNode | null;
  /** Span of the value, or an empty span right after the colon when the value is empty. */
  valueSpan: Span;
  /** From the key's start to the value's end. */
  span: Span;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** One finding. `code` is stable (quick fixes and suppressions key on it, never on the message). */
export interface Problem {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  /** Extra facts a quick fix needs (a replacement text, a sibling file name…). */
  data?: Record<string, string>;
}

export type FileKind = 'mlproject' | 'conda' | 'pythonEnv';

/** A `{name}` field of an entry point's command, as Python's `str.format` parses it. */
export interface Placeholder {
  /** The field name up to the first `.`, `[`, `!` or `:` (what `str.format` looks up). */
  name: string;
  /** The whole field text between the braces. */
  field: string;
  /** Span of `{…}` in the source, or of the whole command when it cannot be located exactly. */
  span: Span;
  exact: boolean;
}

export interface FormatError {
  message: string;
  /** The offending characters in the source, or the whole command when they cannot be located exactly. */
  span: Span;
  exact: boolean;
}

export interface Parameter {
  name: string;
  pair: YPair;
  /** The type MLflow uses: `spec.get('type', 'string')`, so the missing-colon trap yields `string`. */
  type: string;
  typePair?: YPair;
  defaultPair?: YPair;
  /** True when MLflow will demand a value: no default, or a null one. */
  required: boolean;
}

export interface EntryPoint {
  name: string;
  pair: YPair;
  parametersPair?: YPair;
  parameters: Parameter[];
  commandPair?: YPair;
  /** The command string when `command` is a string scalar. */
  command?: YScalar;
  placeholders: Placeholder[];
  formatErrors: FormatError[];
}

export interface MlprojectModel {
  kind: 'mlproject';
  root?: YMap;
  name?: YPair;
  entryPointsPair?: YPair;
  entryPoints: EntryPoint[];
  /** `docker_env`, `python_env`, `conda_env` pairs in document order (null values included). */
  envPairs: YPair[];
  databricksPair?: YPair;
}

export interface PythonEnvModel {
  kind: 'pythonEnv';
  root?: YMap;
}

export interface CondaModel {
  kind: 'conda';
  root?: YMap;
}

export type FileModel = MlprojectModel | PythonEnvModel | CondaModel;

/** A parsed file: the YAML tree, the typed model of its kind and the problems found while reading. */
export interface ParsedFile<M extends FileModel = FileModel> {
  kind: M['kind'];
  text: string;
  /** Undefined when the text could not be read as YAML at all (binary, too large…). */
  root?: YNode;
  model: M;
  problems: Problem[];
}
