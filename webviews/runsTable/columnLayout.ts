/**
 * Which columns the grid shows, in which order and how wide, from the host's columns and the
 * user's layout: pinned ones first (they stay while panning), hidden ones left out.
 */
import type { RunsTableColumn, RunsTableLayout } from '../../src/shared/webviewProtocol';

export interface ShownColumn extends RunsTableColumn {
  width: number;
  pinned: boolean;
}

export interface ShownColumns {
  pinned: ShownColumn[];
  scrolling: ShownColumn[];
  /** pinned then scrolling: the grid's column index order (aria-colindex − 1). */
  all: ShownColumn[];
  pinnedWidth: number;
}

export const MIN_WIDTH = 40;
export const MAX_WIDTH = 4000;

export function defaultWidth(column: RunsTableColumn): number {
  if (column.id === 'attr:name') return 220;
  if (column.id === 'attr:start') return 170;
  return column.kind === 'attribute' ? 110 : 120;
}

/** The columns in the layout's order: those it lists first, then the rest in their natural order. */
export function orderedColumns(columns: readonly RunsTableColumn[], layout: RunsTableLayout): RunsTableColumn[] {
  if (layout.order.length === 0) return [...columns];
  const byId = new Map(columns.map((c) => [c.id, c]));
  const listed = new Set<string>();
  const out: RunsTableColumn[] = [];
  for (const id of layout.order) {
    const column = byId.get(id);
    if (column && !listed.has(id)) {
      listed.add(id);
      out.push(column);
    }
  }
  for (const column of columns) if (!listed.has(column.id)) out.push(column);
  return out;
}

export function shownColumns(columns: readonly RunsTableColumn[], layout: RunsTableLayout): ShownColumns {
  const hidden = new Set(layout.hidden);
  const pinnedIds = new Set(layout.pinned);
  const pinned: ShownColumn[] = [];
  const scrolling: ShownColumn[] = [];
  for (const column of orderedColumns(columns, layout)) {
    if (hidden.has(column.id)) continue;
    const shown = { ...column, width: layout.widths[column.id] ?? defaultWidth(column), pinned: pinnedIds.has(column.id) };
    (shown.pinned ? pinned : scrolling).push(shown);
  }
  return { pinned, scrolling, all: [...pinned, ...scrolling], pinnedWidth: pinned.reduce((sum, c) => sum + c.width, 0) };
}

/** A layout with `id` moved one place left (-1) or right (+1) among all columns. */
export function moveColumn(columns: readonly RunsTableColumn[], layout: RunsTableLayout, id: string, delta: -1 | 1): RunsTableLayout {
  const order = orderedColumns(columns, layout).map((c) => c.id);
  const from = order.indexOf(id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= order.length) return layout;
  [order[from], order[to]] = [order[to] as string, order[from] as string];
  return { ...layout, order };
}

/** A layout with `id` moved to where `targetId` is (a header dropped on another). */
export function moveColumnTo(columns: readonly RunsTableColumn[], layout: RunsTableLayout, id: string, targetId: string): RunsTableLayout {
  const order = orderedColumns(columns, layout).map((c) => c.id);
  const from = order.indexOf(id);
  const to = order.indexOf(targetId);
  if (from < 0 || to < 0 || from === to) return layout;
  order.splice(from, 1);
  order.splice(to, 0, id);
  return { ...layout, order };
}

export const KIND_TITLES: Record<RunsTableColumn['kind'], string> = {
  attribute: 'Run',
  param: 'Parameters',
  metric: 'Metrics',
  tag: 'Tags',
};
