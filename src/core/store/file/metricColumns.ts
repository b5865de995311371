/**
 * Reads a metric file straight into three Float64Arrays (steps, timestamps, values) in file order,
 * without a Metric object or a split per line: a 1,000,000-line history costs 24 MB of columns
 * instead of a million objects. Accepts, rejects and reports exactly what `parseMetricFile` does:
 * plain `ts value step[ …]` lines are scanned in place, and any line that is not plain (special
 * floats, tabs, 16+ digit integers, blank or bad lines) goes through `parseMetricLine` itself.
 */
import { parseMetricLine, type MetricLineProblem } from './metricFile';

export interface ParsedMetricColumns {
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;
  problems: MetricLineProblem[];
}

/** Inclusive step bounds; points outside are left out (the same test as `getMetricHistory`). */
export interface StepRange {
  startStep?: number;
  endStep?: number;
}

const SPACE = 32;
const CR = 13;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
/** Integers of at most this many digits are exact in a double, whatever the digits. */
const MAX_EXACT_DIGITS = 15;
/** Powers of ten that are exact doubles: one multiplication or division by them rounds once. */
const EXACT_POWERS = Array.from({ length: 23 }, (_, i) => 10 ** i);
const TWO_TO_53 = 2 ** 53;

/** Where the field scanners leave their result (no allocation per field). */
interface Cursor {
  pos: number;
  number: number;
}

const isDigit = (c: number): boolean => c >= ZERO && c <= NINE;

/** A `[+-]?\d{1,15}` field ending at a space or `end`; false when the field is anything else. */
function scanInteger(text: string, cursor: Cursor, end: number): boolean {
  let i = cursor.pos;
  let negative = false;
  let c = text.charCodeAt(i);
  if (c === MINUS || c === PLUS) {
    negative = c === MINUS;
    c = text.charCodeAt(++i);
  }
  const first = i;
  let n = 0;
  while (i < end && isDigit(c)) {
    n = n * 10 + (c - ZERO);
    c = text.charCodeAt(++i);
  }
  const digits = i - first;
  if (digits === 0 || digits > MAX_EXACT_DIGITS || (i < end && c !== SPACE)) return false;
  cursor.pos = i;
  cursor.number = negative ? -n : n;
  return true;
}

/**
 * A decimal float field (`[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`, the shape `parsePythonFloat`
 * hands to `Number`) ending at a space or `end`. Short mantissas are computed exactly (Clinger's
 * fast path: an exact integer times or over an exact power of ten rounds once, as `Number` does);
 * longer ones, such as Python's 17-digit reprs, go to `Number` on the field's text.
 */
function scanFloat(text: string, cursor: Cursor, end: number): boolean {
  const start = cursor.pos;
  let i = start;
  let negative = false;
  let c = text.charCodeAt(i);
  if (c === MINUS || c === PLUS) {
    negative = c === MINUS;
    c = text.charCodeAt(++i);
  }
  let mantissa = 0;
  let exact = true;
  let digits = 0;
  while (i < end && isDigit(c)) {
    mantissa = mantissa * 10 + (c - ZERO);
    digits++;
    c = text.charCodeAt(++i);
  }
  let fractionDigits = 0;
  if (i < end && c === DOT) {
    c = text.charCodeAt(++i);
    while (i < end && isDigit(c)) {
      mantissa = mantissa * 10 + (c - ZERO);
      fractionDigits++;
      c = text.charCodeAt(++i);
    }
  }
  if (digits + fractionDigits === 0) return false;
  // 2^53 + 1 would read as 2^53: from there on the mantissa may already be rounded.
  if (mantissa >= TWO_TO_53) exact = false;
  let exponent = 0;
  if (i < end && (c === 101 /* e */ || c === 69) /* E */) {
    c = text.charCodeAt(++i);
    let negativeExponent = false;
    if (c === MINUS || c === PLUS) {
      negativeExponent = c === MINUS;
      c = text.charCodeAt(++i);
    }
    const first = i;
    while (i < end && isDigit(c)) {
      if (exponent < 10_000) exponent = exponent * 10 + (c - ZERO);
      c = text.charCodeAt(++i);
    }
    if (i === first) return false;
    if (exponent >= 10_000) exact = false;
    if (negativeExponent) exponent = -exponent;
  }
  if (i < end && c !== SPACE) return false;
  const power = exponent - fractionDigits;
  let value: number;
  if (exact && mantissa === 0) value = 0;
  else if (exact && power >= 0 && power < EXACT_POWERS.length) value = mantissa * (EXACT_POWERS[power] as number);
  else if (exact && power < 0 && -power < EXACT_POWERS.length) value = mantissa / (EXACT_POWERS[-power] as number);
  else {
    cursor.pos = i;
    cursor.number = Number(text.slice(start, i));
    return true;
  }
  cursor.pos = i;
  cursor.number = negative ? -value : value;
  return true;
}

function skipSpaces(text: string, cursor: Cursor, end: number): void {
  let i = cursor.pos;
  while (i < end && text.charCodeAt(i) === SPACE) i++;
  cursor.pos = i;
}

/** Growable column storage: doubles its arrays when full, trims them once at the end. */
class ColumnBuilder {
  length = 0;
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;

  constructor(capacity: number) {
    this.steps = new Float64Array(capacity);
    this.timestamps = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  push(step: number, timestamp: number, value: number): void {
    if (this.length === this.steps.length) this.grow();
    const i = this.length++;
    this.steps[i] = step;
    this.timestamps[i] = timestamp;
    this.values[i] = value;
  }

  private grow(): void {
    const capacity = Math.max(16, this.steps.length * 2);
    const widen = (a: Float64Array): Float64Array => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    this.steps = widen(this.steps);
    this.timestamps = widen(this.timestamps);
    this.values = widen(this.values);
  }

  finish(problems: MetricLineProblem[]): ParsedMetricColumns {
    const n = this.length;
    const trim = (a: Float64Array): Float64Array => (a.length === n ? a : a.slice(0, n));
    return { steps: trim(this.steps), timestamps: trim(this.timestamps), values: trim(this.values), problems };
  }
}

/** Counts lines so the columns are allocated once at their final size in the common case. */
function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Parses a whole metric file (`text` is its UTF-8 content) into columns, in file order. */
export function parseMetricColumns(key: string, text: string): ParsedMetricColumns {
  const problems: MetricLineProblem[] = [];
  if (text.length === 0) {
    problems.push({ line: 0, message: 'empty metric file (no data found)' });
    return new ColumnBuilder(0).finish(problems);
  }
  const columns = new ColumnBuilder(countNewlines(text) + 1);
  const cursor: Cursor = { pos: 0, number: 0 };
  let pos = 0;
  let lineNumber = 0;
  while (pos < text.length) {
    lineNumber++;
    const newline = text.indexOf('\n', pos);
    const terminated = newline >= 0;
    const next = terminated ? newline + 1 : text.length;
    let end = terminated ? newline : text.length;
    if (end > pos && text.charCodeAt(end - 1) === CR) end--;
    const start = pos;
    pos = next;

    let timestamp = 0;
    let value = 0;
    let step = 0;
    cursor.pos = start;
    skipSpaces(text, cursor, end);
    let plain = terminated && scanInteger(text, cursor, end);
    if (plain) {
      timestamp = cursor.number;
      skipSpaces(text, cursor, end);
      plain = cursor.pos < end && scanFloat(text, cursor, end);
    }
    if (plain) {
      value = cursor.number;
      skipSpaces(text, cursor, end);
      if (cursor.pos < end) {
        plain = scanInteger(text, cursor, end);
        step = cursor.number;
      }
    }
    if (!plain) {
      // The rare line: let the object parser decide, so its verdict and wording are the same.
      const line = text.slice(start, end);
      if (line.trim() === '') continue;
      if (!terminated) {
        problems.push({ line: lineNumber, message: `truncated last line skipped: '${line.slice(0, 80)}'` });
        continue;
      }
      const metric = parseMetricLine(key, line);
      if (typeof metric === 'string') {
        problems.push({ line: lineNumber, message: `line ${lineNumber}: ${metric}` });
        continue;
      }
      ({ timestamp, value, step } = metric);
    }
    columns.push(step, timestamp, value);
  }
  return columns.finish(problems);
}

/** The points of `columns` with `startStep <= step <= endStep`, in file order; `columns` itself when no bound is given. */
export function selectStepRange(columns: ParsedMetricColumns, range: StepRange): ParsedMetricColumns {
  if (range.startStep === undefined && range.endStep === undefined) return columns;
  const lo = range.startStep ?? -Infinity;
  const hi = range.endStep ?? Infinity;
  const { steps, timestamps, values } = columns;
  let kept = 0;
  for (let i = 0; i < steps.length; i++) if ((steps[i] as number) >= lo && (steps[i] as number) <= hi) kept++;
  const out = new ColumnBuilder(kept);
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as number;
    if (step >= lo && step <= hi) out.push(step, timestamps[i] as number, values[i] as number);
  }
  return out.finish(columns.problems);
}
