// What `mlflow run` does with a parameter's value (mlflow/projects/_project_spec.py), as checks: the
// launch form, the launcher's automation command and the language server's default checks all use these,
// so a value is judged the same way everywhere.
import type { Parameter } from './model';

/** Python's `urlparse(v).scheme` is non-empty: a letter, then letters, digits, `+ . -`, then `:`. */
const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** MLflow's `data_utils.is_uri`. (A Windows drive `C:\…` counts as a URI for MLflow too.) */
export function isMlflowUri(value: string): boolean {
  return URI_SCHEME.test(value);
}

/**
 * The local file a `path` value names (MLflow's `get_local_path_or_none`): no scheme, or `file:` with
 * no host; undefined for a remote URI, which MLflow downloads instead.
 */
export function localPathOf(value: string): string | undefined {
  if (!isMlflowUri(value)) return value;
  const match = /^file:(\/\/([^/]*))?(.*)$/i.exec(value);
  if (!match || (match[2] ?? '') !== '') return undefined;
  try {
    return decodeURIComponent(match[3] ?? '');
  } catch {
    return match[3];
  }
}

// Python's float() and int() of a str: surrounding whitespace, signs, `_` between digits, inf/nan.
const PY_FLOAT = /^\s*[+-]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.|inf(?:inity)?|nan)\s*$/i;
const PY_INT = /^\s*[+-]?\d(?:_?\d)*\s*$/;

export interface ValueContext {
  /** Whether a local path exists, resolved from the folder `mlflow run` starts in (the project folder). */
  exists(localPath: string): boolean;
}

/**
 * The problem with a value given for a declared parameter, or undefined when MLflow will take it.
 * `value` undefined means "not given" (the default applies). Messages quote MLflow's own where it has one.
 */
export function checkParameterValue(parameter: Pick<Parameter, 'name' | 'type' | 'required'>, value: string | undefined, context: ValueContext): string | undefined {
  if (value === undefined) {
    return parameter.required ? `No value given for required parameter '${parameter.name}': MLflow fails with "No value given for missing parameters".` : undefined;
  }
  switch (parameter.type) {
    case 'float':
      // MLflow passes the text through; the entry point's script parses it (argparse type=float …).
      return PY_FLOAT.test(value) ? undefined : `'${value}' is not a number, and '${parameter.name}' is a float parameter.`;
    case 'int':
      return PY_INT.test(value) ? undefined : `'${value}' is not a whole number, and '${parameter.name}' is an int parameter.`;
    case 'uri':
      return isMlflowUri(value) ? undefined : `Expected URI for parameter ${parameter.name} but got ${value} (MLflow's error): use e.g. file:///…, s3://…`;
    case 'path': {
      const local = localPathOf(value);
      if (local === undefined || local === '' || context.exists(local)) return local === '' ? `Got an empty path for parameter ${parameter.name}.` : undefined;
      return `Got value ${value} for parameter ${parameter.name}, but no such file or directory was found (MLflow's error; relative paths start at the project folder).`;
    }
    default:
      return undefined;
  }
}
