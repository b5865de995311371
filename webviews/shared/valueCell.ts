/**
 * Key and value cells of tables holding params and tags (the run panel's, the comparison). A
 * 5,000-character value must not take a table over: keys and values keep a readable minimum width
 * (valueCell.css), and a long value is clipped to a few lines with "Show all" (the caller keeps it
 * open across refreshes) and, where the panel offers it, "Copy" (done by the host, which copies the
 * stored value whole).
 */
import { el, type Child } from './dom';
import { formatCount } from './format';
import { linkButton } from './ui';
import './valueCell.css';

/** Values past either bound are clipped; shorter ones wrap in full. */
const CLIP_AFTER_CHARS = 240;
const CLIP_AFTER_LINES = 4;

export function isLong(value: string): boolean {
  return value.length > CLIP_AFTER_CHARS || value.split('\n').length > CLIP_AFTER_LINES;
}

/** The key column's content (text or a link) in a box that keeps it readable beside a long value. */
export function keyCell(key: Child): HTMLElement {
  return el('span', { className: 'key' }, key);
}

export interface ValueCellOptions {
  expanded: boolean;
  onToggle(expanded: boolean): void;
  copy?(): void;
}

export function valueCell(value: string, options: ValueCellOptions): HTMLElement {
  if (!isLong(value)) return el('span', { className: 'value' }, value);
  let expanded = options.expanded;
  const text = el('span', { className: 'value' }, value);
  const toggle = linkButton('', () => {
    expanded = !expanded;
    show();
    options.onToggle(expanded);
  });
  const show = () => {
    text.classList.toggle('clipped', !expanded);
    toggle.textContent = expanded ? 'Show less' : `Show all (${formatCount(value.length)} characters)`;
    toggle.setAttribute('aria-expanded', String(expanded));
  };
  show();
  return el(
    'div',
    { className: 'long-value' },
    text,
    el('div', { className: 'value-actions' }, toggle, options.copy ? linkButton('Copy', options.copy, 'Copy the whole value') : null),
  );
}
