/**
 * A table that sorts (click a header) and filters (text matched against every cell). Sort and
 * filter choices live in a `TableView` owned by the caller, so they survive re-renders when the
 * host pushes new state.
 */
import { el, replaceChildren, type Child } from './dom';
import { headerButton, textField } from './ui';

export interface Column<T> {
  label: string;
  /** What the column sorts and filters by. Numbers sort numerically, NaN last. */
  value(row: T): string | number | undefined;
  /** What the cell shows; defaults to the value as text. */
  cell?(row: T): Child;
  numeric?: boolean;
}

export interface TableView {
  filter: string;
  sortColumn?: number;
  descending: boolean;
}

export function newTableView(): TableView {
  return { filter: '', descending: false };
}

export function sortableTable<T>(name: string, rows: readonly T[], columns: readonly Column<T>[], view: TableView): HTMLElement {
  const body = el('tbody');
  const headers = columns.map((column, index) =>
    el('th', { attrs: { scope: 'col' } }, headerButton(column.label, () => sortBy(index))),
  );
  const count = el('span', { className: 'count' });

  const render = () => {
    const needle = view.filter.trim().toLowerCase();
    let shown = needle
      ? rows.filter((row) => columns.some((c) => String(c.value(row) ?? '').toLowerCase().includes(needle)))
      : [...rows];
    if (view.sortColumn !== undefined) {
      const column = columns[view.sortColumn];
      if (column) shown = shown.sort((a, b) => compare(column.value(a), column.value(b)) * (view.descending ? -1 : 1));
    }
    headers.forEach((th, index) => {
      th.setAttribute('aria-sort', index === view.sortColumn ? (view.descending ? 'descending' : 'ascending') : 'none');
    });
    replaceChildren(
      body,
      ...shown.map((row) => el('tr', {}, ...columns.map((c) => el('td', { className: c.numeric ? 'num' : '' }, c.cell ? c.cell(row) : String(c.value(row) ?? ''))))),
    );
    count.textContent = needle ? `${shown.length} of ${rows.length}` : `${rows.length}`;
  };

  const sortBy = (index: number) => {
    view.descending = view.sortColumn === index ? !view.descending : false;
    view.sortColumn = index;
    render();
  };

  const filter = textField(`Filter ${name}`, view.filter, (value) => {
    view.filter = value;
    render();
  });
  render();
  const table = el('table', { className: 'data-table', attrs: { 'aria-label': name, 'data-table': name } }, el('thead', {}, el('tr', {}, ...headers)), body);
  return el('div', { className: 'table-block' }, el('div', { className: 'table-tools' }, filter, count), el('div', { className: 'table-scroll' }, table));
}

function compare(a: string | number | undefined, b: string | number | undefined): number {
  if (a === undefined || (typeof a === 'number' && Number.isNaN(a))) return b === undefined ? 0 : 1;
  if (b === undefined || (typeof b === 'number' && Number.isNaN(b))) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}
