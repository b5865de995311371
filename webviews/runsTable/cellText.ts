/**
 * What a runs-table cell shows and what it holds exactly: numbers readable (`0.001`) with the exact
 * value kept for the hover and for copying; long text cut for display only.
 */
import { exactNumber, readableNumber, readableNumericText } from '../../src/shared/numberFormat';
import { fromWireNumber, type RunsTableCell, type RunsTableColumn, type WireNumber } from '../../src/shared/webviewProtocol';
import { formatDate, formatDuration } from '../shared/format';

export interface CellText {
  text: string;
  /** The exact value (hover, copy); absent when it is the text itself. */
  exact?: string;
  numeric: boolean;
  missing: boolean;
}

/** Display cap: a 5,000-character param stays one line of text, its whole value on hover and copy. */
const MAX_SHOWN_CHARS = 200;
export const MISSING_TEXT = '—';

function shown(text: string): string {
  const oneLine = text.replace(/[\r\n\t]+/g, ' ');
  return oneLine.length > MAX_SHOWN_CHARS ? `${oneLine.slice(0, MAX_SHOWN_CHARS)}…` : oneLine;
}

function wire(value: WireNumber): { text: string; exact: string } {
  const n = fromWireNumber(value);
  return { text: readableNumber(n), exact: exactNumber(n) };
}

export function cellText(column: RunsTableColumn, cell: RunsTableCell): CellText {
  if (cell === null) return { text: MISSING_TEXT, numeric: false, missing: true };
  if (typeof cell === 'object') {
    // A group row's metric: mean, then the range.
    if (cell.mean === undefined) return { text: MISSING_TEXT, exact: `${cell.count} run(s), no finite value`, numeric: true, missing: true };
    const mean = wire(cell.mean);
    const min = cell.min !== undefined ? wire(cell.min) : undefined;
    const max = cell.max !== undefined ? wire(cell.max) : undefined;
    return {
      text: `${mean.text} (${min?.text ?? '?'} – ${max?.text ?? '?'})`,
      exact: `mean ${mean.exact}, min ${min?.exact ?? '?'}, max ${max?.exact ?? '?'} over ${cell.count} run(s)`,
      numeric: true,
      missing: false,
    };
  }
  if (column.kind === 'metric') {
    if (typeof cell === 'string' && cell !== 'NaN' && cell !== 'Infinity' && cell !== '-Infinity') return { text: shown(cell), exact: cell, numeric: false, missing: false };
    const value = wire(cell);
    return { text: value.text, ...(value.exact !== value.text ? { exact: value.exact } : {}), numeric: true, missing: false };
  }
  if (column.kind === 'attribute' && typeof cell === 'number') {
    if (column.key === 'start') return { text: formatDate(cell), exact: new Date(cell).toISOString(), numeric: true, missing: false };
    if (column.key === 'duration') return { text: formatDuration(cell), exact: `${cell} ms`, numeric: true, missing: false };
    return { text: String(cell), numeric: true, missing: false };
  }
  const text = String(cell);
  if (column.kind === 'attribute' && column.key === 'version' && /^[0-9a-f]{40}$/i.test(text)) return { text: text.slice(0, 8), exact: text, numeric: false, missing: false };
  const readable = column.kind === 'param' ? readableNumericText(text) : text;
  const display = shown(readable);
  return { text: display, ...(display !== text ? { exact: text } : {}), numeric: readable !== text, missing: false };
}

/** The exact text to copy for a cell (what the hover shows). */
export function copyText(column: RunsTableColumn, cell: RunsTableCell): string {
  const t = cellText(column, cell);
  return t.missing ? '' : (t.exact ?? t.text);
}

/** Whether a run's cell holds the best value of its metric column. */
export function isBest(cell: RunsTableCell, best: WireNumber | undefined): boolean {
  if (best === undefined || cell === null || typeof cell === 'object') return false;
  return typeof best === 'number' && typeof cell === 'number' && cell === best;
}
