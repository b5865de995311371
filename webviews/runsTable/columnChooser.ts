/**
 * The column chooser: a search over every column (thousands of param keys) that lists the first
 * matches with show/hide, pin, move left/right and group-by controls. Matching is a substring test
 * over labels lowered once, and at most MAX_LISTED rows are built per keystroke.
 */
import type { RunsTableColumn, RunsTableLayout } from '../../src/shared/webviewProtocol';
import { el, replaceChildren } from '../shared/dom';
import { textField } from '../shared/ui';
import { KIND_TITLES, moveColumn, orderedColumns } from './columnLayout';

// Enough to pick from; each keystroke rebuilds at most this many rows, whatever the column count.
const MAX_LISTED = 50;

export interface ChooserHandlers {
  layoutChanged(layout: RunsTableLayout): void;
  groupBy(columnId: string | null): void;
}

export class ColumnChooser {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly summary: HTMLElement;
  private query = '';
  private columns: readonly RunsTableColumn[] = [];
  private lowered: string[] = [];
  private layout: RunsTableLayout | undefined;
  private groupedBy: string | undefined;

  constructor(private readonly handlers: ChooserHandlers) {
    this.list = el('ul', { className: 'rt-chooser-list', attrs: { 'aria-label': 'Columns' } });
    this.summary = el('p', { className: 'note', attrs: { role: 'status' } });
    const search = textField('Search columns', '', (value) => {
      this.query = value;
      this.renderList();
    });
    search.classList.add('rt-chooser-search');
    const showAll = el('button', { className: 'link', attrs: { type: 'button' }, onClick: () => this.setHidden(this.matches(), false) }, 'Show matches');
    const hideAll = el('button', { className: 'link', attrs: { type: 'button' }, onClick: () => this.setHidden(this.matches(), true) }, 'Hide matches');
    this.element = el(
      'section',
      { className: 'rt-chooser', attrs: { 'aria-label': 'Column chooser', hidden: true } },
      el('div', { className: 'rt-chooser-tools' }, search, showAll, hideAll),
      this.summary,
      this.list,
    );
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  toggle(): void {
    this.element.hidden = !this.element.hidden;
    if (!this.element.hidden) {
      this.renderList();
      (this.element.querySelector('.rt-chooser-search') as HTMLElement | null)?.focus();
    }
  }

  update(columns: readonly RunsTableColumn[], layout: RunsTableLayout, groupedBy: string | undefined): void {
    if (columns !== this.columns) {
      this.columns = columns;
      this.lowered = columns.map((c) => `${c.kind === 'attribute' ? 'attr' : c.kind} ${c.label}`.toLowerCase());
    }
    this.layout = layout;
    this.groupedBy = groupedBy;
    if (this.open) this.renderList();
  }

  /** Indices of the columns matching the search (every word must appear). */
  private matches(): RunsTableColumn[] {
    const words = this.query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return this.layout ? orderedColumns(this.columns, this.layout) : [...this.columns];
    const out: RunsTableColumn[] = [];
    for (let i = 0; i < this.columns.length; i++) {
      const text = this.lowered[i] as string;
      if (words.every((w) => text.includes(w))) out.push(this.columns[i] as RunsTableColumn);
    }
    return out;
  }

  private setHidden(columns: readonly RunsTableColumn[], hide: boolean): void {
    if (!this.layout) return;
    const hidden = new Set(this.layout.hidden);
    for (const c of columns) {
      if (hide) hidden.add(c.id);
      else hidden.delete(c.id);
    }
    this.handlers.layoutChanged({ ...this.layout, hidden: [...hidden] });
  }

  private renderList(): void {
    const layout = this.layout;
    if (!layout) return;
    const matches = this.matches();
    const hidden = new Set(layout.hidden);
    const pinned = new Set(layout.pinned);
    const listed = matches.slice(0, MAX_LISTED);
    this.summary.textContent =
      matches.length > listed.length
        ? `${matches.length.toLocaleString('en-US')} of ${this.columns.length.toLocaleString('en-US')} columns match; the first ${listed.length} are listed, type to narrow.`
        : `${matches.length.toLocaleString('en-US')} of ${this.columns.length.toLocaleString('en-US')} columns match.`;
    replaceChildren(
      this.list,
      ...listed.map((column) => {
        const box = el('input', { attrs: { type: 'checkbox', 'aria-label': `Show ${column.label}` } });
        box.checked = !hidden.has(column.id);
        box.addEventListener('change', () => this.setHidden([column], !box.checked));
        const isPinned = pinned.has(column.id);
        const action = (label: string, title: string, run: () => void, pressed?: boolean) =>
          el('button', { className: 'rt-mini', attrs: { type: 'button', title: `${title} ${column.label}`, 'aria-pressed': pressed === undefined ? undefined : String(pressed) }, onClick: run }, label);
        return el(
          'li',
          { className: 'rt-chooser-item', attrs: { 'data-column-id': column.id } },
          el('label', { className: 'rt-chooser-label' }, box, el('span', { className: 'rt-kind' }, KIND_TITLES[column.kind]), el('span', { className: 'rt-key' }, column.label)),
          action('Pin', 'Pin', () => {
            const next = new Set(layout.pinned);
            if (isPinned) next.delete(column.id);
            else next.add(column.id);
            this.handlers.layoutChanged({ ...layout, pinned: [...next] });
          }, isPinned),
          action('◀', 'Move left', () => this.handlers.layoutChanged(moveColumn(this.columns, layout, column.id, -1))),
          action('▶', 'Move right', () => this.handlers.layoutChanged(moveColumn(this.columns, layout, column.id, 1))),
          column.kind === 'param' || column.kind === 'tag' || column.id === 'attr:status' || column.id === 'attr:user' || column.id === 'attr:datasets'
            ? action('Group', 'Group runs by', () => this.handlers.groupBy(this.groupedBy === column.id ? null : column.id), this.groupedBy === column.id)
            : null,
        );
      }),
    );
  }
}
