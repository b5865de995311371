/**
 * Colours from the VS Code theme (`--vscode-*` variables), so charts follow light, dark and
 * high-contrast themes. Run colours have their own module (runColors.ts).
 */

export function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

let probe: CanvasRenderingContext2D | null | undefined;

/** The colour with an alpha channel (any CSS colour in, `rgba()` out). */
export function withAlpha(color: string, alpha: number): string {
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return color;
  probe.fillStyle = '#000000';
  probe.fillStyle = color;
  const normalized = probe.fillStyle;
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(normalized);
  if (hex) return `rgba(${parseInt(hex[1] as string, 16)}, ${parseInt(hex[2] as string, 16)}, ${parseInt(hex[3] as string, 16)}, ${alpha})`;
  const rgba = /^rgba?\(([^,]+),([^,]+),([^,)]+)/.exec(normalized);
  return rgba ? `rgba(${rgba[1]},${rgba[2]},${rgba[3]}, ${alpha})` : color;
}

export interface ChartTheme {
  foreground: string;
  grid: string;
  background: string;
  font: string;
}

export function chartTheme(): ChartTheme {
  return {
    foreground: cssVar('--vscode-editor-foreground', cssVar('--vscode-foreground', '#cccccc')),
    grid: cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', 'rgba(128, 128, 128, 0.35)')),
    background: cssVar('--vscode-editor-background', '#1e1e1e'),
    font: cssVar('--vscode-font-family', 'sans-serif'),
  };
}

/**
 * Calls `redraw` when VS Code switches theme (it swaps the body's `vscode-light`/`vscode-dark`/…
 * class). Canvas charts read their colours when built, so they must be rebuilt; the toolkit's
 * controls follow by themselves.
 */
export function onThemeChange(redraw: () => void): void {
  let current = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === current) return;
    current = document.body.className;
    redraw();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
