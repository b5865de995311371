/**
 * A served model's answer as the page shows it: predictions as a table when they are rows (a list of
 * numbers, strings, lists or objects), as JSON text otherwise; a refusal with MLflow's message. All of
 * it is untrusted text (a model can answer anything): text nodes only.
 */
import type { InvocationResult } from '../../src/shared/webviewProtocol';
import { el, type Child } from '../shared/dom';

const MAX_ROWS = 1000;

function cellText(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Columns for a list of rows: index, then one per object key / list position, or one "prediction". */
function tableOf(rows: readonly unknown[]): { header: string[]; cells: string[][] } | undefined {
  if (rows.length === 0) return undefined;
  if (rows.every(isRecord)) {
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    if (keys.length > 50) return undefined;
    return { header: ['#', ...keys], cells: rows.map((r, i) => [String(i), ...keys.map((k) => (k in r ? cellText(r[k]) : ''))]) };
  }
  if (rows.every((r) => Array.isArray(r) && r.length <= 50)) {
    const width = Math.max(...rows.map((r) => (r as unknown[]).length));
    return { header: ['#', ...Array.from({ length: width }, (_, i) => String(i))], cells: rows.map((r, i) => [String(i), ...(r as unknown[]).map(cellText)]) };
  }
  if (rows.every((r) => !isRecord(r) && !Array.isArray(r))) return { header: ['#', 'prediction'], cells: rows.map((r, i) => [String(i), cellText(r)]) };
  return undefined;
}

function predictionsView(predictions: unknown): Child[] {
  const table = Array.isArray(predictions) ? tableOf(predictions) : undefined;
  const json = el('pre', { className: 'json', attrs: { 'data-field': 'predictionsJson' } }, JSON.stringify(predictions, null, 2));
  if (!table) return [json];
  const shown = table.cells.slice(0, MAX_ROWS);
  return [
    el(
      'table',
      { className: 'predictions', attrs: { 'data-field': 'predictions' } },
      el('thead', {}, el('tr', {}, ...table.header.map((h) => el('th', { attrs: { scope: 'col' } }, h)))),
      el('tbody', {}, ...shown.map((row) => el('tr', {}, ...row.map((c) => el('td', {}, c))))),
    ),
    table.cells.length > MAX_ROWS ? el('p', { className: 'note' }, `The first ${MAX_ROWS} of ${table.cells.length} predictions; all of them below as JSON.`) : null,
    el('details', {}, el('summary', {}, 'As JSON'), json),
  ];
}

export function resultView(result: InvocationResult): HTMLElement {
  if (result.ok) {
    return el(
      'section',
      { className: 'result', attrs: { 'data-field': 'result', 'aria-live': 'polite' } },
      el('p', { className: 'result-status ok' }, `HTTP ${result.status ?? ''}`.trim()),
      ...(result.text !== undefined ? [el('pre', { className: 'json', attrs: { 'data-field': 'responseText' } }, result.text)] : predictionsView(result.predictions)),
    );
  }
  return el(
    'section',
    { className: 'result failed', attrs: { 'data-field': 'result', role: 'alert' } },
    el('p', { className: 'result-status' }, result.status !== undefined ? `HTTP ${result.status}${result.errorCode ? ` · ${result.errorCode}` : ''}` : 'No answer'),
    el('pre', { className: 'error-message', attrs: { 'data-field': 'errorMessage' } }, result.message ?? ''),
    result.stackTrace ? el('details', {}, el('summary', {}, 'Stack trace'), el('pre', { className: 'json' }, result.stackTrace)) : null,
  );
}
