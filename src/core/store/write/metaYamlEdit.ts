/**
 * Edits the flat `meta.yaml` mappings MLflow's file store writes (PyYAML `safe_dump`, keys sorted):
 * untouched entries keep their exact text, changed ones are written as scalars PyYAML reads back
 * exactly (YAML 1.1: `yes`/`on` quoted, control characters and line breaks escaped), and the keys
 * stay sorted as MLflow writes them. Only a block mapping of scalars is edited; anything else is
 * refused rather than rewritten.
 */
import { isMap, isScalar, parseDocument } from 'yaml';
import { StoreError } from '../storeErrors';

export type MetaValue = string | number | null;
/** New values by key; `undefined` removes the key. */
export type MetaChanges = Readonly<Record<string, MetaValue | undefined>>;

/** The current scalar values and the source text of each entry. */
export interface MetaFile {
  values: ReadonlyMap<string, unknown>;
  entries: ReadonlyMap<string, string>;
}

export function readMeta(text: string, file: string): MetaFile {
  const doc = parseDocument(text, { version: '1.1', intAsBigInt: true, keepSourceTokens: false });
  if (doc.errors.length > 0) throw new StoreError('corrupt', `${file} is not valid YAML (${doc.errors[0]!.message.split('\n')[0]}); it is left as it is.`, file);
  const map = doc.contents;
  if (!isMap(map) || map.flow) throw new StoreError('corrupt', `${file} is not the block mapping MLflow writes; it is left as it is.`, file);
  const values = new Map<string, unknown>();
  const entries = new Map<string, string>();
  const items = map.items;
  items.forEach((pair, i) => {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || !pair.key.range) {
      throw new StoreError('corrupt', `${file} has a key MLflow would not write; it is left as it is.`, file);
    }
    const start = pair.key.range[0];
    const next = items[i + 1]?.key;
    const end = next && isScalar(next) && next.range ? next.range[0] : text.length;
    values.set(pair.key.value, isScalar(pair.value) ? pair.value.value : pair.value === null ? null : pair.value.toJSON());
    const entry = text.slice(start, end);
    entries.set(pair.key.value, entry.endsWith('\n') ? entry : `${entry}\n`);
  });
  return { values, entries };
}

/** The meta.yaml text with `changes` applied, keys sorted. */
export function editMeta(meta: MetaFile, changes: MetaChanges): string {
  const entries = new Map(meta.entries);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) entries.delete(key);
    else entries.set(key, `${key}: ${yamlScalar(value)}\n`);
  }
  return [...entries.keys()]
    .sort()
    .map((k) => entries.get(k)!)
    .join('');
}

const PLAIN_SAFE = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
/** Words YAML 1.1 (PyYAML) resolves to booleans or null. */
const YAML11_WORDS = /^(y|n|yes|no|true|false|on|off|null)$/i;
/** What PyYAML reads raw inside quotes without folding it: printable, no line breaks. */
const NEEDS_ESCAPE = /[^\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** One scalar as PyYAML's loader reads it back unchanged. */
export function yamlScalar(value: MetaValue): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
    return String(value);
  }
  if (PLAIN_SAFE.test(value) && !YAML11_WORDS.test(value)) return value;
  if (!NEEDS_ESCAPE.test(value)) return `'${value.replace(/'/g, "''")}'`;
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (NEEDS_ESCAPE.test(ch)) out += code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
