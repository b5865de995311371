/**
 * The DOM parts of the parallel coordinates, over the canvas: each axis's head (its name and its
 * buttons), tick labels, the "no value" mark, brush boxes and the tooltip. Every name and value
 * is text (dom.ts), positioned through the CSSOM.
 */
import { el } from '../dom';
import { valueText, type PcAxis } from './axisModel';
import type { Brush } from './brushes';
import { yOf, type PlotGeometry } from './plotGeometry';

export interface AxisActions {
  move(index: number, delta: -1 | 1): void;
  toggleLog(axis: PcAxis): void;
  clearBrush(axisId: string): void;
  remove(axisId: string): void;
}

export function axisHeads(axes: readonly PcAxis[], geometry: PlotGeometry, brushes: ReadonlyMap<string, Brush>, actions: AxisActions): HTMLElement[] {
  const spacing = axes.length > 1 ? (geometry.xs[1] as number) - (geometry.xs[0] as number) : geometry.width;
  const width = Math.max(72, Math.min(180, spacing - 6));
  return axes.map((axis, j) => {
    const mini = (label: string, name: string, run: () => void, attrs: Record<string, string | boolean | undefined> = {}) =>
      el('button', { className: 'pc-mini', attrs: { type: 'button', 'aria-label': `${name} ${axis.key}`, title: `${name} ${axis.key}`, ...attrs }, onClick: run }, label);
    const scaleNote = axis.scale === 'category' ? ' (categorical)' : axis.scale === 'log' ? ' (log scale)' : '';
    const head = el(
      'div',
      { className: 'pc-head', attrs: { 'data-axis-id': axis.id, 'data-x': geometry.xs[j], role: 'group', 'aria-label': `Axis ${axis.kind} ${axis.key}` } },
      el('span', { className: 'pc-label', attrs: { title: `${axis.kind}: ${axis.key}${scaleNote}` } }, axis.key),
      el(
        'span',
        { className: 'pc-tools' },
        mini('◀', 'Move left', () => actions.move(j, -1), { disabled: j === 0 }),
        mini('▶', 'Move right', () => actions.move(j, 1), { disabled: j === axes.length - 1 }),
        axis.numeric
          ? mini('log', 'Log scale for', () => actions.toggleLog(axis), { 'aria-pressed': String(axis.scale === 'log'), title: axis.logRefusal ?? `Log scale for ${axis.key}` })
          : null,
        brushes.has(axis.id) ? mini('⌫', 'Clear brush on', () => actions.clearBrush(axis.id)) : null,
        mini('✕', 'Remove axis', () => actions.remove(axis.id)),
      ),
    );
    // Centred over its axis, but kept inside the plot (the outer axes sit near its edges).
    head.style.left = `${Math.max(0, Math.min(geometry.width - width, (geometry.xs[j] as number) - width / 2))}px`;
    head.style.width = `${width}px`;
    return head;
  });
}

/** Tick labels left of each axis, "no value (n)" at the missing row, and the brush boxes. */
export function axisLabels(axes: readonly PcAxis[], geometry: PlotGeometry, brushes: ReadonlyMap<string, Brush>): HTMLElement[] {
  const labels: HTMLElement[] = [];
  axes.forEach((axis, j) => {
    const x = geometry.xs[j] as number;
    for (const tick of axis.ticks) {
      const label = el('span', { className: `pc-tick${axis.scale === 'category' ? ' pc-category' : ''}`, attrs: { 'data-axis-id': axis.id } }, tick.label);
      label.style.right = `${geometry.width - x + 6}px`;
      label.style.maxWidth = `${Math.max(24, Math.min(140, x - 10))}px`;
      label.style.top = `${yOf(geometry, tick.position)}px`;
      labels.push(label);
    }
    if (axis.missing > 0) {
      const none = el('span', { className: 'pc-tick pc-none', attrs: { 'data-axis-id': axis.id } }, `no value (${axis.missing})`);
      none.style.left = `${x + 5}px`;
      none.style.top = `${geometry.missingY}px`;
      labels.push(none);
    }
    const brush = brushes.get(axis.id);
    if (brush) labels.push(brushBox(axis.id, geometry.xs[j] as number, geometry, brush));
  });
  return labels;
}

export function brushBox(axisId: string, x: number, geometry: PlotGeometry, brush: Brush): HTMLElement {
  const box = el('div', { className: 'pc-brush', attrs: { 'data-axis-id': axisId } });
  const top = yOf(geometry, brush.hi);
  box.style.left = `${x - 8}px`;
  box.style.top = `${top}px`;
  box.style.height = `${Math.max(1, yOf(geometry, brush.lo) - top)}px`;
  return box;
}

/** The tooltip's content: the run's name, then each axis's key and the run's value as logged. */
export function tooltipContent(runName: string, axes: readonly PcAxis[], run: number): HTMLElement[] {
  return [el('strong', {}, runName), el('dl', {}, ...axes.flatMap((axis) => [el('dt', {}, axis.key), el('dd', {}, valueText(axis.values[run] ?? null))]))];
}
