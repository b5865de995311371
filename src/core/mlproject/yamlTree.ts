// Reads YAML text into the span-keeping YNode tree of model.ts. The `yaml` package parses with its
// failsafe schema (every scalar a string) and pyyamlScalars.ts then types plain scalars the way PyYAML
// does. Hostile input is bounded here: binary text, huge files, deep nesting and alias bombs become
// problems instead of crashes or runaway work.
import { Alias, isAlias, isMap, isScalar, isSeq, parseDocument, Scalar, type Document, type Node as YamlNode } from 'yaml';
import type { Problem, ScalarStyle, Span, YMap, YNode, YPair, YScalar, YSeq } from './model';
import { resolvePlainScalar, stringScalar } from './pyyamlScalars';

/** Files larger than this are not parsed (a real MLproject is a few kilobytes). */
export const MAX_TEXT_LENGTH = 2 * 1024 * 1024;
/** Deeper YAML than this is cut off: MLflow's files are at most five levels deep. */
export const MAX_DEPTH = 64;
/** More alias uses than this are refused, as the `yaml` package's own `maxAliasCount` default does. */
export const MAX_ALIASES = 100;

export interface YamlReadResult {
  root?: YNode;
  problems: Problem[];
}

/** Problem code prefix per file kind, e.g. `mlproject.yaml-syntax`. */
export type CodePrefix = 'mlproject' | 'conda' | 'python-env';

export function readYaml(text: string, prefix: CodePrefix): YamlReadResult {
  const whole: Span = { start: 0, end: Math.min(text.length, 1) };
  if (text.length > MAX_TEXT_LENGTH) {
    return {
      problems: [
        {
          code: 'file.too-large',
          severity: 'warning',
          message: `File is ${Math.round(text.length / 1024)} KB; files over ${MAX_TEXT_LENGTH / 1024 / 1024} MB are not checked.`,
          span: whole,
        },
      ],
    };
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    return {
      problems: [{ code: 'file.binary', severity: 'error', message: 'File contains NUL bytes: it looks binary, not YAML.', span: { start: nul, end: nul + 1 } }],
    };
  }
  const problems: Problem[] = [];
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    problems.push({
      code: 'file.not-utf8',
      severity: 'warning',
      message: 'File contains bytes that are not valid UTF-8 (shown as U+FFFD); PyYAML will refuse to read it.',
      span: { start: bad, end: bad + 1 },
    });
  }
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false, strict: false });
  for (const error of doc.errors) {
    problems.push({
      code: `${prefix}.yaml-syntax`,
      severity: 'error',
      message: `YAML syntax error: ${firstLine(error.message)}`,
      span: spanOf(error.pos[0], error.pos[1], text.length),
    });
  }
  if (doc.errors.length > 0 || doc.contents === null) return { problems };
  const builder = new TreeBuilder(doc, text, problems);
  return { root: builder.build(doc.contents, 0) ?? undefined, problems };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function spanOf(start: number, end: number, max: number): Span {
  const s = Math.max(0, Math.min(start, max));
  return { start: s, end: Math.max(s, Math.min(end, max)) };
}

class TreeBuilder {
  private aliasesUsed = 0;
  private aliasProblemReported = false;
  private depthProblemReported = false;
  private readonly built = new Map<YamlNode, YNode | null>();

  constructor(
    private readonly doc: Document,
    private readonly text: string,
    private readonly problems: Problem[],
  ) {}

  build(node: unknown, depth: number): YNode | null {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.buildAlias(node, depth);
    const yamlNode = node as YamlNode;
    const span = this.span(yamlNode);
    if (depth > MAX_DEPTH) {
      if (!this.depthProblemReported) {
        this.depthProblemReported = true;
        this.problems.push({ code: 'yaml.too-deep', severity: 'warning', message: `YAML nested deeper than ${MAX_DEPTH} levels is not checked.`, span });
      }
      return null;
    }
    const cached = this.built.get(yamlNode);
    if (cached !== undefined) return cached;
    let result: YNode | null = null;
    if (isScalar(node)) result = this.scalar(node, span);
    else if (isMap(node)) {
      const map: YMap = { kind: 'map', span, flow: Boolean(node.flow), pairs: [] };
      this.built.set(yamlNode, map);
      for (const item of node.items) {
        const pair = this.pair(item.key, item.value, depth);
        if (pair) map.pairs.push(pair);
      }
      result = map;
    } else if (isSeq(node)) {
      const seq: YSeq = { kind: 'seq', span, flow: Boolean(node.flow), items: [] };
      this.built.set(yamlNode, seq);
      for (const item of node.items) {
        const child = this.build(item, depth + 1);
        if (child) seq.items.push(child);
        else seq.items.push(this.nullScalar(this.span(item as YamlNode)));
      }
      result = seq;
    }
    this.built.set(yamlNode, result);
    return result;
  }

  private buildAlias(alias: Alias, depth: number): YNode | null {
    this.aliasesUsed += 1;
    if (this.aliasesUsed > MAX_ALIASES) {
      if (!this.aliasProblemReported) {
        this.aliasProblemReported = true;
        this.problems.push({
          code: 'yaml.alias-limit',
          severity: 'error',
          message: `More than ${MAX_ALIASES} aliases: the file is not expanded further (an alias bomb makes PyYAML run out of memory).`,
          span: this.span(alias),
        });
      }
      return null;
    }
    const target = alias.resolve(this.doc);
    return target ? this.build(target, depth) : null;
  }

  private pair(rawKey: unknown, rawValue: unknown, depth: number): YPair | null {
    const keyBuilt = this.build(rawKey, depth + 1);
    const keyNode: YScalar =
      keyBuilt?.kind === 'scalar' ? keyBuilt : this.nullScalar(keyBuilt?.span ?? this.span(rawKey as YamlNode));
    const key = keyBuilt && keyBuilt.kind !== 'scalar' ? '<complex key>' : keyNode.type === 'str' ? keyNode.text : keyNode.pythonStr;
    const value = this.build(rawValue, depth + 1);
    const isEmptyScalar = value?.kind === 'scalar' && value.type === 'null' && value.text === '';
    const valueSpan = value && !isEmptyScalar ? value.span : { start: keyNode.span.end + 1, end: keyNode.span.end + 1 };
    const clampedValueSpan = spanOf(valueSpan.start, valueSpan.end, this.text.length);
    return {
      key,
      keyNode,
      value: isEmptyScalar ? null : value,
      valueSpan: clampedValueSpan,
      span: { start: keyNode.span.start, end: Math.max(keyNode.span.end, clampedValueSpan.end) },
    };
  }

  private scalar(node: Scalar, span: Span): YScalar {
    const text = typeof node.value === 'string' ? node.value : String(node.value ?? '');
    const style = scalarStyle(node.type);
    const resolved = style === 'plain' && !node.tag ? resolvePlainScalar(text) : stringScalar(text);
    return { kind: 'scalar', span, style, text, ...resolved };
  }

  private nullScalar(span: Span): YScalar {
    return { kind: 'scalar', span, style: 'plain', text: '', type: 'null', value: null, pythonStr: 'None' };
  }

  private span(node: YamlNode | null | undefined): Span {
    const range = node?.range;
    if (!range) return { start: 0, end: 0 };
    return spanOf(range[0], range[1], this.text.length);
  }
}

function scalarStyle(type: Scalar['type']): ScalarStyle {
  switch (type) {
    case Scalar.QUOTE_SINGLE:
      return 'single';
    case Scalar.QUOTE_DOUBLE:
      return 'double';
    case Scalar.BLOCK_LITERAL:
      return 'literal';
    case Scalar.BLOCK_FOLDED:
      return 'folded';
    default:
      return 'plain';
  }
}
