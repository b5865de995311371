/** Metric histories of file-store runs, as pages of points or typed columns, with a small cache. */
import path from 'node:path';
import type { Metric } from '../../model/entities';
import { StoreError, throwIfAborted, type StoreProblem } from '../storeErrors';
import type { MetricColumns, MetricHistoryRequest, ProblemPage } from '../trackingStore';
import { decodePageToken, encodePageToken, pageSize, queryFingerprint } from '../pageToken';
import { parseMetricFile, type MetricLineProblem, type ParsedMetricFile } from './metricFile';
import { parseMetricColumns, selectStepRange, type ParsedMetricColumns } from './metricColumns';
import { asyncReadFs, type FileStamp } from './readFs';
import type { RunEntry } from './runEntry';

export class MetricHistories {
  private readonly histories = new Map<string, { stamp: FileStamp; parsed: ParsedMetricFile }>();
  private readonly columnHistories = new Map<string, { stamp: FileStamp; parsed: ParsedMetricColumns }>();

  async page(entry: RunEntry, runId: string, metricKey: string, request: MetricHistoryRequest, signal?: AbortSignal): Promise<ProblemPage<Metric>> {
    const key = validateKey(metricKey);
    const file = path.join(entry.loc.runDir, 'metrics', ...key.split('/'));
    const parsed = await this.parsedMetricFile(file, this.histories, (text) => parseMetricFile(key, text));
    if (!parsed) return { items: [], problems: [] };
    throwIfAborted(signal);
    let points = parsed.points;
    if (request.startStep !== undefined || request.endStep !== undefined) {
      const lo = request.startStep ?? -Infinity;
      const hi = request.endStep ?? Infinity;
      points = points.filter((p) => p.step >= lo && p.step <= hi);
    }
    const fingerprint = queryFingerprint(['history', runId, key, request.startStep ?? null, request.endStep ?? null]);
    const offset = decodePageToken(request.pageToken, fingerprint);
    const size = pageSize(request.maxResults, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const page: ProblemPage<Metric> = {
      items: points.slice(offset, offset + size),
      problems: offset === 0 ? historyProblems(parsed.problems, file, key, entry.info.experiment_id, runId) : [],
    };
    if (offset + size < points.length) page.nextPageToken = encodePageToken(offset + size, fingerprint);
    return page;
  }

  async columns(entry: RunEntry, runId: string, metricKey: string, range: Pick<MetricHistoryRequest, 'startStep' | 'endStep'>, signal?: AbortSignal): Promise<MetricColumns> {
    const key = validateKey(metricKey);
    const file = path.join(entry.loc.runDir, 'metrics', ...key.split('/'));
    const parsed = await this.parsedMetricFile(file, this.columnHistories, (text) => parseMetricColumns(key, text));
    throwIfAborted(signal);
    if (!parsed) return { steps: new Float64Array(0), timestamps: new Float64Array(0), values: new Float64Array(0), problems: [] };
    const { steps, timestamps, values } = selectStepRange(parsed, range);
    return { steps, timestamps, values, problems: historyProblems(parsed.problems, file, key, entry.info.experiment_id, runId) };
  }

  clear(): void {
    this.histories.clear();
    this.columnHistories.clear();
  }

  /** A parsed metric file; the last few are kept (keyed by mtime and size) so paging is cheap. */
  private async parsedMetricFile<T>(file: string, cache: Map<string, { stamp: FileStamp; parsed: T }>, parse: (text: string) => T): Promise<T | undefined> {
    let read: { text: string; stamp: FileStamp } | undefined;
    try {
      const stamp = await asyncReadFs.stamp(file);
      if (!stamp) return undefined;
      const hit = cache.get(file);
      if (hit && hit.stamp.mtimeMs === stamp.mtimeMs && hit.stamp.size === stamp.size) return hit.parsed;
      read = await asyncReadFs.readTextWithStamp(file);
    } catch (e) {
      throw new StoreError('unreachable', `Cannot read metric file ${file}: ${e instanceof Error ? e.message : String(e)}`, file, { cause: e });
    }
    if (!read) return undefined;
    const parsed = parse(read.text);
    cache.delete(file);
    cache.set(file, { stamp: read.stamp, parsed });
    while (cache.size > 4) cache.delete(cache.keys().next().value!);
    return parsed;
  }
}

function historyProblems(problems: readonly MetricLineProblem[], file: string, key: string, experimentId: string, runId: string): StoreProblem[] {
  return problems.map((p) => ({ scope: 'value' as const, location: file, experimentId, runId, message: `metric '${key}': ${p.message}` }));
}

/** A metric key as a relative path under `metrics/`; rejects escapes. */
function validateKey(key: string): string {
  if (key === '' || key.startsWith('/') || key.includes('\0') || key.split('/').some((s) => s === '..' || s === '.' || s === '')) {
    throw new StoreError('invalidArgument', `Invalid metric key '${key}'.`);
  }
  return key;
}
