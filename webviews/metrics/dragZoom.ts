/**
 * Drag-to-zoom on a chart's x axis: drag across the plot to choose a range, double-click to reset.
 * The selection box is positioned through the CSSOM (element.style), which the strict CSP allows
 * (only inline style attributes and <style> elements are blocked).
 */
import { el } from '../shared/dom';

export interface ZoomTarget {
  /** Pixel bounds of the plot area, relative to the canvas. */
  plotArea(): { left: number; right: number; top: number; bottom: number };
  valueAt(pixelX: number): number;
  zoomTo(min: number, max: number): void;
  reset(): void;
}

const MIN_DRAG_PIXELS = 5;

export function attachDragZoom(container: HTMLElement, canvas: HTMLCanvasElement, target: ZoomTarget): void {
  const box = el('div', { className: 'zoom-box', attrs: { hidden: true } });
  container.appendChild(box);
  let startX: number | undefined;

  const localX = (event: PointerEvent) => {
    const area = target.plotArea();
    const x = event.clientX - canvas.getBoundingClientRect().left;
    return Math.min(area.right, Math.max(area.left, x));
  };

  canvas.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    const area = target.plotArea();
    startX = localX(event);
    canvas.setPointerCapture(event.pointerId);
    box.hidden = false;
    box.style.left = `${canvas.offsetLeft + startX}px`;
    box.style.top = `${canvas.offsetTop + area.top}px`;
    box.style.height = `${area.bottom - area.top}px`;
    box.style.width = '0px';
  });
  canvas.addEventListener('pointermove', (event) => {
    if (startX === undefined) return;
    const x = localX(event);
    box.style.left = `${canvas.offsetLeft + Math.min(startX, x)}px`;
    box.style.width = `${Math.abs(x - startX)}px`;
  });
  const finish = (event: PointerEvent, apply: boolean) => {
    if (startX === undefined) return;
    const endX = localX(event);
    const from = startX;
    startX = undefined;
    box.hidden = true;
    if (apply && Math.abs(endX - from) >= MIN_DRAG_PIXELS) {
      const a = target.valueAt(Math.min(from, endX));
      const b = target.valueAt(Math.max(from, endX));
      if (Number.isFinite(a) && Number.isFinite(b) && b > a) target.zoomTo(a, b);
    }
  };
  canvas.addEventListener('pointerup', (event) => finish(event, true));
  canvas.addEventListener('pointercancel', (event) => finish(event, false));
  canvas.addEventListener('dblclick', () => target.reset());
}
