/**
 * The runs grid's two-level header (kind bands, then one cell per column): sort buttons, the metric
 * mode and direction toggles, drag-to-reorder, and drag-to-resize edges.
 */
import type { RunsTableSort, RunsTableState } from '../../src/shared/webviewProtocol';
import { el, replaceChildren } from '../shared/dom';
import { KIND_TITLES, MAX_WIDTH, MIN_WIDTH, type ShownColumn } from './columnLayout';

export interface HeaderHandlers {
  sort(columnId: string): void;
  resize(columnId: string, width: number): void;
  cycleMode(columnId: string): void;
  toggleDirection(columnId: string): void;
  reorder(columnId: string, targetId: string): void;
}

/** What the header needs from the grid it sits in. */
export interface HeaderHost {
  readonly handlers: HeaderHandlers;
  direction(columnId: string): 'lower' | 'higher';
  /** Called while an edge is dragged, before the width is sent on release. */
  previewWidth(column: ShownColumn, width: number): void;
}

const DRAG_TYPE = 'application/x-mlflow-lens-column';

export class GridHeader {
  private resizing = false;

  constructor(
    private readonly header: HTMLElement,
    private readonly host: HeaderHost,
  ) {}

  render(
    state: RunsTableState,
    pinned: { column: ShownColumn; index: number }[],
    scrolling: { column: ShownColumn; index: number }[],
    lead: number,
  ): void {
    const bands: HTMLElement[] = [];
    let band: { kind: string; width: number; pinned: boolean } | undefined;
    const flush = () => {
      if (band) bands.push(el('div', { className: `rt-band${band.pinned ? ' rt-pinned' : ''}`, attrs: { 'data-kind': band.kind } }, KIND_TITLES[band.kind as ShownColumn['kind']]));
    };
    const widths: number[] = [];
    for (const { column } of [...pinned, ...scrolling]) {
      if (band && band.kind === column.kind && band.pinned === column.pinned) band.width += column.width;
      else {
        flush();
        if (band) widths.push(band.width);
        band = { kind: column.kind, width: column.width, pinned: column.pinned };
      }
    }
    flush();
    if (band) widths.push(band.width);
    bands.forEach((b, i) => (b.style.width = `${widths[i] ?? 0}px`));
    let left = 0;
    for (const b of bands) {
      if (b.classList.contains('rt-pinned')) {
        b.style.left = `${left}px`;
        left += Number.parseFloat(b.style.width);
      }
    }
    const bandRow = el('div', { className: 'rt-band-row', attrs: { 'aria-hidden': 'true' } });
    const pinnedBands = bands.filter((b) => b.classList.contains('rt-pinned'));
    const scrollingBands = bands.filter((b) => !b.classList.contains('rt-pinned'));
    replaceChildren(bandRow, ...pinnedBands, spacer(lead), ...scrollingBands);

    const names = el('div', { className: 'rt-row rt-header-row', attrs: { role: 'row', 'aria-rowindex': 1 } });
    let pinLeft = 0;
    const headerCell = ({ column, index }: { column: ShownColumn; index: number }) => {
      const sorted = state.sort?.columnId === column.id ? state.sort : undefined;
      const mode = state.layout.metricModes[column.id] ?? 'latest';
      const cell = el(
        'div',
        {
          className: `rt-cell rt-head${column.pinned ? ' rt-pinned' : ''}`,
          attrs: {
            role: 'columnheader',
            'aria-colindex': index + 1,
            'aria-sort': sorted ? (sorted.ascending ? 'ascending' : 'descending') : 'none',
            'data-column-id': column.id,
            title: `${KIND_TITLES[column.kind]}: ${column.key}`,
          },
        },
        el('button', { className: 'rt-sort', attrs: { type: 'button', tabindex: -1 }, onClick: () => this.host.handlers.sort(column.id) }, column.label, sortMark(sorted)),
        column.kind === 'metric'
          ? el(
              'span',
              { className: 'rt-metric-tools' },
              el('button', { className: 'rt-mini', attrs: { type: 'button', tabindex: -1, title: 'Show the latest, minimum or maximum value', 'data-mode': mode }, onClick: () => this.host.handlers.cycleMode(column.id) }, mode),
              el(
                'button',
                { className: 'rt-mini', attrs: { type: 'button', tabindex: -1, title: 'Which value is best (marked)', 'data-direction': this.host.direction(column.id) }, onClick: () => this.host.handlers.toggleDirection(column.id) },
                this.host.direction(column.id) === 'lower' ? 'low best' : 'high best',
              ),
            )
          : null,
        this.resizeHandle(column),
      );
      cell.style.width = `${column.width}px`;
      if (column.pinned) {
        cell.style.left = `${pinLeft}px`;
        pinLeft += column.width;
      }
      this.makeDraggable(cell, column.id);
      return cell;
    };
    replaceChildren(names, ...pinned.map(headerCell), spacer(lead), ...scrolling.map(headerCell));
    replaceChildren(this.header, bandRow, names);
  }

  /** Drag a header onto another to move the column there (the chooser's ◀ ▶ do the same by keyboard). */
  private makeDraggable(cell: HTMLElement, columnId: string): void {
    cell.draggable = true;
    cell.addEventListener('dragstart', (event) => {
      if (this.resizing) return event.preventDefault();
      event.dataTransfer?.setData(DRAG_TYPE, columnId);
      if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
    });
    cell.addEventListener('dragover', (event) => {
      if (!event.dataTransfer?.types.includes(DRAG_TYPE)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      cell.classList.add('rt-drop-target');
    });
    cell.addEventListener('dragleave', () => cell.classList.remove('rt-drop-target'));
    cell.addEventListener('drop', (event) => {
      cell.classList.remove('rt-drop-target');
      const dragged = event.dataTransfer?.getData(DRAG_TYPE);
      if (!dragged || dragged === columnId) return;
      event.preventDefault();
      this.host.handlers.reorder(dragged, columnId);
    });
  }

  private resizeHandle(column: ShownColumn): HTMLElement {
    const handle = el('span', { className: 'rt-resize', attrs: { 'aria-hidden': 'true', title: 'Drag to resize' } });
    handle.addEventListener('pointerdown', (down) => {
      down.preventDefault();
      down.stopPropagation();
      // The header is re-rendered while dragging, so the drag is followed on the document, not the handle.
      this.resizing = true;
      const startX = down.clientX;
      const startWidth = column.width;
      let width = startWidth;
      const move = (e: PointerEvent) => {
        width = Math.round(Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, startWidth + e.clientX - startX)));
        this.host.previewWidth(column, width);
      };
      const up = () => {
        document.removeEventListener('pointermove', move);
        document.removeEventListener('pointerup', up);
        this.resizing = false;
        if (width !== startWidth) this.host.handlers.resize(column.id, width);
      };
      document.addEventListener('pointermove', move);
      document.addEventListener('pointerup', up);
    });
    return handle;
  }
}

export function spacer(width: number): HTMLElement {
  const s = el('div', { className: 'rt-spacer', attrs: { 'aria-hidden': 'true' } });
  s.style.width = `${Math.max(0, width)}px`;
  return s;
}

export function sortMark(sort: RunsTableSort | undefined): string {
  return sort ? (sort.ascending ? ' ▲' : ' ▼') : '';
}
