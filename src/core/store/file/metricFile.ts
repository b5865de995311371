/**
 * Parses `metrics/<key>` files: one `timestamp value step [dataset_name dataset_digest]` line per
 * logged point (2, 3 or 5 fields; 4 and 6 in MLflow 3 logged-model metrics). Tolerant: a bad line
 * is skipped and reported, a last line without its newline (still being written) likewise.
 */
import type { Metric } from '../../model/entities';

export interface MetricLineProblem {
  line: number;
  message: string;
}

export interface ParsedMetricFile {
  points: Metric[];
  problems: MetricLineProblem[];
}

const SPECIAL_FLOATS: Record<string, number> = {
  nan: NaN,
  '-nan': NaN,
  '+nan': NaN,
  inf: Infinity,
  '+inf': Infinity,
  infinity: Infinity,
  '+infinity': Infinity,
  '-inf': -Infinity,
  '-infinity': -Infinity,
};
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Python float text (`nan`, `inf`, `-inf`, `1e-05`) → number; undefined when not a float. */
export function parsePythonFloat(text: string): number | undefined {
  // Fast path: what Number() reads is what Python wrote, except the special words and hex/empty.
  const n = Number(text);
  if (!Number.isNaN(n) && text !== '' && FLOAT.test(text)) return n;
  const special = SPECIAL_FLOATS[text.toLowerCase()];
  return special;
}

function parseInteger(text: string): number | undefined {
  const n = Number(text);
  if (Number.isInteger(n) && text !== '' && /^[+-]?\d+$/.test(text)) return n;
  // Some writers put a float timestamp (`1.7e12`); accept a float that is an integer.
  const f = parsePythonFloat(text);
  return f !== undefined && Number.isFinite(f) ? Math.trunc(f) : undefined;
}

/**
 * One metric line → Metric, or a message saying why not. `withRunId`: the 4/6-field layout of
 * logged-model metrics (`ts value step run_id [name digest]`).
 */
export function parseMetricLine(key: string, line: string, withRunId = false): Metric | string {
  const fields = line.split(' ').filter((f) => f !== '');
  if (fields.length < 2) return `expected at least 2 fields, found ${fields.length}`;
  const timestamp = parseInteger(fields[0]!);
  if (timestamp === undefined) return `timestamp '${fields[0]}' is not an integer`;
  const value = parsePythonFloat(fields[1]!);
  if (value === undefined) return `value '${fields[1]}' is not a number`;
  let step = 0;
  if (fields.length >= 3) {
    const s = parseInteger(fields[2]!);
    if (s === undefined) return `step '${fields[2]}' is not an integer`;
    step = s;
  }
  const metric: Metric = { key, value, timestamp, step };
  const rest = fields.slice(withRunId ? 4 : 3);
  if (rest.length >= 2) {
    // A dataset name may contain spaces: the digest is the last field, the name the middle.
    metric.dataset_digest = rest[rest.length - 1]!;
    metric.dataset_name = rest.slice(0, -1).join(' ');
  }
  return metric;
}

/** Parses a whole metric file; `text` is its UTF-8 content. */
export function parseMetricFile(key: string, text: string, withRunId = false): ParsedMetricFile {
  const points: Metric[] = [];
  const problems: MetricLineProblem[] = [];
  if (text.length === 0) {
    problems.push({ line: 0, message: 'empty metric file (no data found)' });
    return { points, problems };
  }
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  const count = endsWithNewline ? lines.length - 1 : lines.length;
  for (let i = 0; i < count; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    if (i === count - 1 && !endsWithNewline) {
      problems.push({ line: i + 1, message: `truncated last line skipped: '${line.slice(0, 80)}'` });
      continue;
    }
    const m = parseMetricLine(key, line, withRunId);
    if (typeof m === 'string') problems.push({ line: i + 1, message: `line ${i + 1}: ${m}` });
    else points.push(m);
  }
  return { points, problems };
}

/**
 * True when `a` beats `b` as the latest value: Python's `max` over `(step, timestamp, value)`
 * tuples, which keeps the earlier point on ties and whenever NaN makes the comparison false.
 */
export function isLater(a: Metric, b: Metric): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  return a.value > b.value;
}

/** The point MLflow shows as the metric's value in run lists; undefined for no points. */
export function latestPoint(points: readonly Metric[]): Metric | undefined {
  let best: Metric | undefined;
  for (const p of points) if (best === undefined || isLater(p, best)) best = p;
  return best;
}

/** A decimal integer of `text[from, to)` (optional sign, digits only), or undefined. */
function scanInt(text: string, from: number, to: number): number | undefined {
  if (from >= to) return undefined;
  let i = from;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === 45 /* - */ || first === 43 /* + */) {
    negative = first === 45;
    i++;
    if (i >= to) return undefined;
  }
  let n = 0;
  for (; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return negative ? -n : n;
}

/**
 * The latest point of a metric file without parsing every value: lines are compared on their
 * integer step and timestamp (cheap), and only candidates that tie on both are compared on value.
 * Falls back to the full parse (which reports every bad line) when a line is not plain
 * `ts value step[ …]`, so the result and problems match `parseMetricFile` + `latestPoint` except
 * that bad values on lines that are not the latest go unreported here (the history reports them).
 */
export function latestOfFile(key: string, text: string): { latest?: Metric; problems: MetricLineProblem[] } {
  const full = (): { latest?: Metric; problems: MetricLineProblem[] } => {
    const parsed = parseMetricFile(key, text);
    const latest = latestPoint(parsed.points);
    return latest ? { latest, problems: parsed.problems } : { problems: parsed.problems };
  };
  if (text.length === 0) return full();
  const problems: MetricLineProblem[] = [];
  let end = text.length;
  if (text.charCodeAt(end - 1) !== 10) {
    // A last line without its newline is being written: skip it, as the full parse does.
    const lastNl = text.lastIndexOf('\n');
    const line = text.slice(lastNl + 1);
    if (line.trim() !== '') problems.push({ line: countLines(text, lastNl) + 1, message: `truncated last line skipped: '${line.slice(0, 80)}'` });
    end = lastNl + 1;
  }
  let bestStart = -1;
  let bestEnd = -1;
  let bestStep = 0;
  let bestTs = 0;
  let best: Metric | undefined;
  let pos = 0;
  while (pos < end) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl > end) nl = end;
    let lineEnd = nl;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    if (lineEnd > pos) {
      const s1 = text.indexOf(' ', pos);
      if (s1 < 0 || s1 >= lineEnd) return full();
      const s2 = text.indexOf(' ', s1 + 1);
      const valueEnd = s2 < 0 || s2 >= lineEnd ? lineEnd : s2;
      let stepEnd = lineEnd;
      if (valueEnd < lineEnd) {
        const s3 = text.indexOf(' ', valueEnd + 1);
        stepEnd = s3 < 0 || s3 >= lineEnd ? lineEnd : s3;
      }
      const ts = scanInt(text, pos, s1);
      const step = valueEnd < lineEnd ? scanInt(text, valueEnd + 1, stepEnd) : 0;
      if (ts === undefined || step === undefined || valueEnd === s1 + 1) return full();
      if (bestStart < 0 || step > bestStep || (step === bestStep && ts >= bestTs)) {
        if (bestStart >= 0 && step === bestStep && ts === bestTs) {
          // A tie on (step, timestamp): compare values, as Python's max over tuples does.
          const candidate = parseMetricLine(key, text.slice(pos, lineEnd));
          if (typeof candidate === 'string') return full();
          best ??= parseMetricLine(key, text.slice(bestStart, bestEnd)) as Metric;
          if (isLater(candidate, best)) {
            best = candidate;
            bestStart = pos;
            bestEnd = lineEnd;
          }
        } else {
          bestStart = pos;
          bestEnd = lineEnd;
          bestStep = step;
          bestTs = ts;
          best = undefined;
        }
      }
    }
    pos = nl + 1;
  }
  if (bestStart < 0) return full();
  if (!best) {
    const parsed = parseMetricLine(key, text.slice(bestStart, bestEnd));
    if (typeof parsed === 'string') return full();
    best = parsed;
  }
  return { latest: best, problems };
}

function countLines(text: string, upTo: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i <= upTo; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
