/**
 * The runs grid: virtual rows and virtual columns (@tanstack/virtual-core), pinned columns that stay
 * while panning, the header above them (`gridHeader.ts`), row selection, and
 * keyboard navigation with the ARIA grid pattern (aria-rowcount/colcount give the full size, each
 * rendered row and cell its aria-rowindex/colindex). Cells are text nodes only.
 */
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import type { RunsTableSort, RunsTableState } from '../../src/shared/webviewProtocol';
import { el, replaceChildren } from '../shared/dom';
import { cellText, isBest } from './cellText';
import type { ShownColumn, ShownColumns } from './columnLayout';
import { GridHeader, sortMark, spacer } from './gridHeader';
import type { CachedRow, RowCache } from './rowCache';

export const ROW_HEIGHT = 26;
export const HEADER_HEIGHT = 52;

export interface GridHandlers {
  sort(columnId: string): void;
  resize(columnId: string, width: number): void;
  toggleExpanded(rowId: string, expanded: boolean): void;
  open(rowIndex: number): void;
  selectionChanged(): void;
  copy(text: string): void;
  cycleMode(columnId: string): void;
  toggleDirection(columnId: string): void;
  /** A header dropped on another: `columnId` takes `targetId`'s place. */
  reorder(columnId: string, targetId: string): void;
}

export class RunsGrid {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly header: HTMLElement;
  private readonly headerView: GridHeader;
  private readonly body: HTMLElement;
  private readonly rows: Virtualizer<HTMLElement, HTMLElement>;
  private readonly cols: Virtualizer<HTMLElement, HTMLElement>;
  private state: RunsTableState | undefined;
  private columns: ShownColumns = { pinned: [], scrolling: [], all: [], pinnedWidth: 0 };
  private frame = 0;
  /** Focused cell: row index among the rows shown, column index among `columns.all`. */
  active = { row: 0, col: 0 };
  readonly selected = new Set<string>();
  private anchor: number | undefined;
  private renderedRange = '';

  constructor(
    private readonly cache: RowCache,
    private readonly handlers: GridHandlers,
  ) {
    this.header = el('div', { className: 'rt-header', attrs: { role: 'rowgroup' } });
    this.body = el('div', { className: 'rt-body', attrs: { role: 'rowgroup' } });
    this.canvas = el('div', { className: 'rt-canvas' }, this.header, this.body);
    this.scroller = el('div', { className: 'rt-scroller' }, this.canvas);
    this.element = el(
      'div',
      { className: 'rt-grid', attrs: { role: 'grid', tabindex: 0, 'aria-label': 'Runs', 'aria-multiselectable': 'true' } },
      this.scroller,
    );
    this.headerView = new GridHeader(this.header, {
      handlers,
      direction: (columnId) => this.direction(columnId),
      previewWidth: (column, width) => this.previewWidth(column, width),
    });
    const common = {
      getScrollElement: () => this.scroller,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      // Scrolling inside the rendered range moves the canvas only: no DOM work until the range changes.
      onChange: () => {
        if (this.rangeKey() !== this.renderedRange) this.schedule();
      },
    };
    this.rows = new Virtualizer<HTMLElement, HTMLElement>({ ...common, count: 0, estimateSize: () => ROW_HEIGHT, overscan: 4, paddingStart: HEADER_HEIGHT });
    this.cols = new Virtualizer<HTMLElement, HTMLElement>({
      ...common,
      horizontal: true,
      count: 0,
      estimateSize: (i) => this.columns.scrolling[i]?.width ?? 120,
      overscan: 1,
      paddingStart: 0,
    });
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    this.body.addEventListener('click', (event) => this.onClick(event));
  }

  /** Starts observing the scroller (call once the grid is in the document). */
  mount(): void {
    this.rows._didMount();
    this.cols._didMount();
    this.rows._willUpdate();
    this.cols._willUpdate();
  }

  update(state: RunsTableState, columns: ShownColumns): void {
    const columnsChanged = columns !== this.columns;
    this.state = state;
    this.columns = columns;
    this.rows.setOptions({ ...this.rows.options, count: state.rowCount });
    this.cols.setOptions({ ...this.cols.options, count: columns.scrolling.length, paddingStart: columns.pinnedWidth });
    if (columnsChanged) this.cols.measure();
    this.rows._willUpdate();
    this.cols._willUpdate();
    this.active.row = Math.min(this.active.row, Math.max(0, state.rowCount - 1));
    this.active.col = Math.min(this.active.col, Math.max(0, columns.all.length - 1));
    this.element.setAttribute('aria-rowcount', String(state.rowCount + 1));
    this.element.setAttribute('aria-colcount', String(columns.all.length));
    this.render();
  }

  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Column ids on screen (pinned and the visible scrolling ones), for the row cache. */
  visibleColumnIds(): string[] {
    return [...this.columns.pinned.map((c) => c.id), ...this.cols.getVirtualItems().map((v) => this.columns.scrolling[v.index]?.id ?? '')].filter(Boolean);
  }

  private rangeKey(): string {
    const rows = this.rows.getVirtualItems();
    const cols = this.cols.getVirtualItems();
    return `${rows[0]?.index}-${rows[rows.length - 1]?.index}|${cols[0]?.index}-${cols[cols.length - 1]?.index}`;
  }

  private render(): void {
    const state = this.state;
    if (!state) return;
    this.renderedRange = this.rangeKey();
    const rowItems = this.rows.getVirtualItems();
    const colItems = this.cols.getVirtualItems();
    const scrolling = colItems.map((v) => ({ column: this.columns.scrolling[v.index] as ShownColumn, start: v.start, index: this.columns.pinned.length + v.index }));
    const pinned = this.columns.pinned.map((column, i) => ({ column, index: i }));
    const totalWidth = this.columns.pinnedWidth + this.cols.getTotalSize() - this.columns.pinnedWidth;
    this.canvas.style.width = `${Math.max(totalWidth, this.columns.pinnedWidth)}px`;
    this.canvas.style.height = `${HEADER_HEIGHT + state.rowCount * ROW_HEIGHT}px`;
    const lead = scrolling.length > 0 ? (scrolling[0]?.start ?? 0) - this.columns.pinnedWidth : 0;
    const columnIds = this.visibleColumnIds();
    if (rowItems.length > 0) {
      this.cache.ensure(rowItems[0]?.index ?? 0, rowItems[rowItems.length - 1]?.index ?? 0, state.rowCount, columnIds);
    }
    this.headerView.render(state, pinned, scrolling, lead);
    replaceChildren(this.body, ...rowItems.map((item) => this.renderRow(item.index, item.start, pinned, scrolling, lead)));
    const activeId = `rt-cell-${this.active.row}-${this.active.col}`;
    if (this.body.querySelector(`#${activeId}`)) this.element.setAttribute('aria-activedescendant', activeId);
    else this.element.removeAttribute('aria-activedescendant');
  }

  /** Which value of a metric column is best: the user's choice, else by its name (loss, error… lower). */
  direction(columnId: string): 'lower' | 'higher' {
    const chosen = this.state?.layout.directions[columnId];
    if (chosen) return chosen;
    return /loss|error|err\b|mse|mae|rmse|mape|perplexity|latency|wer|cer/i.test(columnId.slice('metric:'.length)) ? 'lower' : 'higher';
  }

  /** While a header edge is dragged, the column's cells follow at once; the layout is sent on release. */
  private previewWidth(column: ShownColumn, width: number): void {
    const shown = this.columns.all.find((c) => c.id === column.id);
    if (!shown || shown.width === width) return;
    shown.width = width;
    if (shown.pinned) this.columns.pinnedWidth = this.columns.pinned.reduce((sum, c) => sum + c.width, 0);
    this.cols.setOptions({ ...this.cols.options, paddingStart: this.columns.pinnedWidth });
    this.cols.measure();
    this.schedule();
  }

  private renderRow(
    index: number,
    top: number,
    pinned: { column: ShownColumn; index: number }[],
    scrolling: { column: ShownColumn; index: number }[],
    lead: number,
  ): HTMLElement {
    const cached = this.cache.get(index);
    const meta = cached?.meta;
    const selected = meta?.kind === 'run' && this.selected.has(meta.id);
    const row = el('div', {
      className: `rt-row${meta?.kind === 'group' ? ' rt-group' : ''}${selected ? ' rt-selected' : ''}`,
      attrs: {
        role: 'row',
        'aria-rowindex': index + 2,
        'aria-selected': meta?.kind === 'run' ? String(selected) : undefined,
        'aria-level': meta ? meta.depth + 1 : undefined,
        'aria-expanded': meta && meta.childCount > 0 ? String(meta.expanded) : undefined,
        'data-row': index,
        'data-row-id': meta?.id,
        'data-status': meta?.status,
      },
    });
    row.style.transform = `translateY(${top}px)`;
    let pinLeft = 0;
    const cell = ({ column, index: colIndex }: { column: ShownColumn; index: number }) => {
      const c = this.renderCell(cached, column, index, colIndex);
      c.style.width = `${column.width}px`;
      if (column.pinned) {
        c.style.left = `${pinLeft}px`;
        pinLeft += column.width;
      }
      return c;
    };
    replaceChildren(row, ...pinned.map(cell), spacer(lead), ...scrolling.map(cell));
    return row;
  }

  private renderCell(cached: CachedRow | undefined, column: ShownColumn, rowIndex: number, colIndex: number): HTMLElement {
    const active = this.active.row === rowIndex && this.active.col === colIndex;
    const attrs = {
      role: 'gridcell',
      id: `rt-cell-${rowIndex}-${colIndex}`,
      'aria-colindex': colIndex + 1,
      'data-column-id': column.id,
    };
    const className = `rt-cell${column.pinned ? ' rt-pinned' : ''}${active ? ' rt-active' : ''}`;
    if (!cached || !cached.cells.has(column.id)) {
      return el('div', { className: `${className} rt-pending`, attrs: { ...attrs, 'aria-busy': 'true' } }, cached && column.id === 'attr:name' ? cached.meta.id : '');
    }
    const value = cached.cells.get(column.id) ?? null;
    const text = cellText(column, value);
    const best = column.kind === 'metric' && cached.meta.kind === 'run' && isBest(value, this.cache.best(column.id));
    const isNameCell = colIndex === 0 || column.id === 'attr:name';
    const meta = cached.meta;
    const toggle =
      isNameCell && colIndex === 0 && meta.childCount > 0
        ? el('button', { className: 'rt-twisty', attrs: { type: 'button', tabindex: -1, 'aria-label': meta.expanded ? 'Collapse' : 'Expand', 'data-toggle': meta.id } }, meta.expanded ? '▾' : '▸')
        : null;
    const indent = colIndex === 0 ? meta.depth : 0;
    const shown =
      meta.kind === 'group' && colIndex === 0 && column.id !== this.state?.groupBy
        ? `${text.missing ? '' : `${text.text} · `}${meta.childCount} run(s)`
        : meta.kind === 'group' && column.id === this.state?.groupBy
          ? `${text.missing ? '(none)' : text.text} · ${meta.childCount} run(s)`
          : text.text;
    const c = el(
      'div',
      {
        className: `${className}${text.numeric ? ' rt-num' : ''}${text.missing ? ' rt-missing' : ''}${best ? ' rt-best' : ''}${indent ? ` rt-depth-${Math.min(indent, 6)}` : ''}`,
        attrs: { ...attrs, title: text.exact ?? (text.text.length > 20 ? text.text : undefined), 'data-best': best ? 'true' : undefined },
      },
      toggle,
      el('span', { className: 'rt-text' }, shown),
      best ? el('span', { className: 'rt-best-mark', attrs: { 'aria-label': 'best' } }, ' ★') : null,
    );
    return c;
  }

  private onClick(event: MouseEvent): void {
    const target = event.target as HTMLElement;
    const toggle = target.closest('[data-toggle]');
    const index = rowIndexOf(target);
    if (index === undefined) return;
    const meta = this.cache.get(index)?.meta;
    if (toggle && meta) {
      this.handlers.toggleExpanded(meta.id, !meta.expanded);
      return;
    }
    const colAttr = target.closest('[aria-colindex]')?.getAttribute('aria-colindex');
    this.active = { row: index, col: colAttr ? Number(colAttr) - 1 : this.active.col };
    this.select(index, event.ctrlKey || event.metaKey, event.shiftKey);
    this.element.focus({ preventScroll: true });
    this.render();
    // A double click is the second click, not a `dblclick`: the first click re-renders the row, and
    // Chromium fires no `dblclick` when the two clicks land on different elements.
    if (event.detail === 2) this.handlers.open(index);
  }

  /** Plain click: only this row; Ctrl/Cmd: toggle it; Shift: the range from the last plain click. */
  select(index: number, toggle: boolean, range: boolean): void {
    const meta = this.cache.get(index)?.meta;
    if (range && this.anchor !== undefined) {
      if (!toggle) this.selected.clear();
      const [from, to] = this.anchor < index ? [this.anchor, index] : [index, this.anchor];
      for (let i = from; i <= to; i++) {
        const m = this.cache.get(i)?.meta;
        if (m?.kind === 'run') this.selected.add(m.id);
      }
    } else if (toggle) {
      if (meta?.kind === 'run') {
        if (this.selected.has(meta.id)) this.selected.delete(meta.id);
        else this.selected.add(meta.id);
      }
      this.anchor = index;
    } else {
      this.selected.clear();
      if (meta?.kind === 'run') this.selected.add(meta.id);
      this.anchor = index;
    }
    this.handlers.selectionChanged();
  }

  private onKey(event: KeyboardEvent): void {
    const state = this.state;
    if (!state || state.rowCount === 0) return;
    const page = Math.max(1, Math.floor((this.scroller.clientHeight - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    const lastRow = state.rowCount - 1;
    const lastCol = this.columns.all.length - 1;
    const ctrl = event.ctrlKey || event.metaKey;
    let { row, col } = this.active;
    switch (event.key) {
      case 'ArrowDown': row = Math.min(lastRow, row + 1); break;
      case 'ArrowUp': row = Math.max(0, row - 1); break;
      case 'ArrowRight': col = Math.min(lastCol, col + 1); break;
      case 'ArrowLeft': col = Math.max(0, col - 1); break;
      case 'PageDown': row = Math.min(lastRow, row + page); break;
      case 'PageUp': row = Math.max(0, row - page); break;
      case 'Home': if (ctrl) row = 0; col = 0; break;
      case 'End': if (ctrl) row = lastRow; col = lastCol; break;
      case 'Enter': {
        const meta = this.cache.get(row)?.meta;
        if (meta?.kind === 'group' || (meta && meta.childCount > 0 && event.altKey)) this.handlers.toggleExpanded(meta.id, !meta.expanded);
        else this.handlers.open(row);
        event.preventDefault();
        return;
      }
      case ' ':
        this.select(row, true, event.shiftKey);
        this.render();
        event.preventDefault();
        return;
      case 'c':
      case 'C':
        if (!ctrl) return;
        this.handlers.copy(this.activeCopyText(event.shiftKey));
        event.preventDefault();
        return;
      default:
        return;
    }
    event.preventDefault();
    this.active = { row, col };
    if (event.shiftKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) this.select(row, false, true);
    this.rows.scrollToIndex(row, { align: 'auto' });
    const scrollingIndex = col - this.columns.pinned.length;
    if (scrollingIndex >= 0) this.cols.scrollToIndex(scrollingIndex, { align: 'auto' });
    this.render();
  }

  /** The focused cell's exact value, or with Shift its run id. */
  activeCopyText(runId: boolean): string {
    const cached = this.cache.get(this.active.row);
    const column = this.columns.all[this.active.col];
    if (!cached) return '';
    if (runId || !column) return cached.meta.kind === 'run' ? cached.meta.id : '';
    const value = cached.cells.get(column.id) ?? null;
    const text = cellText(column, value);
    return text.missing ? '' : (text.exact ?? text.text);
  }

  scrollToRow(index: number): void {
    this.rows.scrollToIndex(index, { align: 'start' });
  }

  get scrollElement(): HTMLElement {
    return this.scroller;
  }

  sortMarkFor(sort: RunsTableSort | undefined): string {
    return sortMark(sort);
  }
}

function rowIndexOf(target: EventTarget | null): number | undefined {
  const row = (target as HTMLElement | null)?.closest?.('[data-row]');
  const value = row?.getAttribute('data-row');
  return value === null || value === undefined ? undefined : Number(value);
}
