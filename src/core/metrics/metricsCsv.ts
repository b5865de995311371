import type { MetricSeries } from './metricSeries';

/** One series to export, named by its run and metric key. */
export interface CsvSeries {
  runId: string;
  runName: string;
  key: string;
  series: MetricSeries;
}

const HEADER = 'run_id,run_name,metric,step,timestamp,value';

/**
 * RFC 4180 CSV of metric histories, one row per point. Non-finite values are written as MLflow
 * writes them (`NaN`, `Infinity`, `-Infinity`). Text that a spreadsheet would run as a formula
 * (starting with `=`, `+`, `-`, `@`, tab or CR) is prefixed with `'`, because run names and metric
 * keys come from the store and are untrusted.
 */
export function metricsToCsv(items: readonly CsvSeries[]): string {
  const lines = [HEADER];
  for (const item of items) {
    const prefix = `${csvText(item.runId)},${csvText(item.runName)},${csvText(item.key)},`;
    const { steps, timestamps, values } = item.series;
    for (let i = 0; i < steps.length; i++) {
      lines.push(`${prefix}${steps[i]},${timestamps[i]},${csvNumber(values[i] as number)}`);
    }
  }
  return lines.join('\r\n') + '\r\n';
}

function csvNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return String(value);
}

function csvText(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
