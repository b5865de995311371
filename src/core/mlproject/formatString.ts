// Python's `str.format` field scanner (Objects/stringlib/unicode_format.h), enough to know which
// `{name}` fields MLflow's `command.format(**params)` looks up and which commands make it raise.

export interface FormatField {
  /** Offset of `{` in the formatted string. */
  start: number;
  /** Offset just after the closing `}`. */
  end: number;
  /** Text between the braces. */
  field: string;
  /** Lookup name: the field up to the first `.`, `[`, `!` or `:`. */
  name: string;
  /** `!r`, `:>8`, `[0]` or `.attr` parts that apply to the already-quoted text. */
  hasSpec: boolean;
}

export interface FormatProblem {
  start: number;
  end: number;
  message: string;
}

export interface FormatScan {
  fields: FormatField[];
  problems: FormatProblem[];
}

export function scanFormatString(text: string): FormatScan {
  const fields: FormatField[] = [];
  const problems: FormatProblem[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '}') {
      if (text[i + 1] === '}') {
        i += 2;
        continue;
      }
      problems.push({ start: i, end: i + 1, message: "Single '}' encountered in format string: Python raises ValueError; write '}}' for a literal brace." });
      i += 1;
      continue;
    }
    if (ch !== '{') {
      i += 1;
      continue;
    }
    if (text[i + 1] === '{') {
      i += 2;
      continue;
    }
    const close = findFieldEnd(text, i + 1);
    if (close < 0) {
      problems.push({ start: i, end: i + 1, message: "Unmatched '{' in format string: Python raises ValueError; write '{{' for a literal brace." });
      break;
    }
    const field = text.slice(i + 1, close);
    const name = /^[^.[!:]*/.exec(field)?.[0] ?? '';
    const problem = fieldProblem(field, name);
    if (problem) problems.push({ start: i, end: close + 1, message: problem });
    else fields.push({ start: i, end: close + 1, field, name, hasSpec: field.length > name.length });
    i = close + 1;
  }
  return { fields, problems };
}

/** Index of the `}` closing the field opened before `from`, honouring nested `{}` in a format spec. */
function findFieldEnd(text: string, from: number): number {
  let depth = 1;
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === '{') depth += 1;
    else if (c === '}') {
      depth -= 1;
      if (depth === 0) return j;
    }
  }
  return -1;
}

function fieldProblem(field: string, name: string): string | undefined {
  if (name === '') return `'{${field}}' is a positional field: MLflow passes only named parameters, so Python raises IndexError.`;
  if (/^\d+$/.test(name)) return `'{${field}}' is a positional field: MLflow passes only named parameters, so Python raises IndexError.`;
  if (name !== name.trim()) return `'{${field}}' has spaces around the name: Python looks up '${name}' and raises KeyError.`;
  if (/["'\s]/.test(name)) return `'{${field}}' is not a parameter reference (JSON or a dict literal?): Python raises KeyError; double the braces ('{{', '}}') to write them literally.`;
  if (field.slice(name.length).startsWith('.')) return `'{${field}}' reads an attribute of the quoted text: Python raises AttributeError.`;
  return undefined;
}
