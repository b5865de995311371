/**
 * CSV for the runs table export (RFC 4180: comma, CRLF, quotes doubled). Cells a spreadsheet would
 * run as a formula (starting with = + - @, a tab or a carriage return) are defused with a leading
 * `'`, so a run name such as `=HYPERLINK(...)` stays text in Excel, LibreOffice and Sheets.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export function defuseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) || /^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/**
 * One CSV document. Numbers are written exactly (shortest round-trip); a negative number is data,
 * not a formula, so it is written without the defusing quote.
 */
export function toCsv(header: readonly string[], rows: Iterable<readonly (string | number | undefined)[]>): string {
  const line = (cells: readonly (string | number | undefined)[]) =>
    cells.map((c) => (c === undefined ? '' : typeof c === 'number' ? quote(numberText(c)) : quote(defuseFormula(c)))).join(',');
  const lines = [line(header.map((h) => h))];
  for (const row of rows) lines.push(line(row));
  return `${lines.join('\r\n')}\r\n`;
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return String(value);
}
