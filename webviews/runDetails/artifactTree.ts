/** The run's artifacts as an expandable tree: folders load their children on demand. */
import type { ArtifactEntry } from '../../src/shared/webviewProtocol';
import { el } from '../shared/dom';
import { formatBytes } from '../shared/format';
import { linkButton } from '../shared/ui';

export interface ArtifactActions {
  list(path: string): Promise<ArtifactEntry[]>;
  open(path: string): void;
}

export function artifactTree(entries: readonly ArtifactEntry[], actions: ArtifactActions): HTMLElement {
  if (entries.length === 0) return el('p', { className: 'empty' }, 'No artifacts.');
  return el('ul', { className: 'artifact-tree', attrs: { role: 'tree' } }, ...entries.map((e) => entryItem(e, actions)));
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

function entryItem(entry: ArtifactEntry, actions: ArtifactActions): HTMLElement {
  if (!entry.isDir) {
    return el(
      'li',
      { className: 'artifact file', attrs: { role: 'treeitem' } },
      linkButton(baseName(entry.path), () => actions.open(entry.path), entry.path),
      el('span', { className: 'size' }, formatBytes(entry.size)),
    );
  }
  const children = el('div', { className: 'children' });
  const details = el('details', { className: 'artifact dir' }, el('summary', { attrs: { title: entry.path } }, `${baseName(entry.path)}/`), children);
  let loaded = false;
  details.addEventListener('toggle', () => {
    if (!details.open || loaded) return;
    loaded = true;
    children.appendChild(el('p', { className: 'loading' }, 'Loading…'));
    actions.list(entry.path).then(
      (items) => children.replaceChildren(artifactTree(items, actions)),
      (error: unknown) => {
        loaded = false;
        children.replaceChildren(el('p', { className: 'error' }, error instanceof Error ? error.message : String(error)));
      },
    );
  });
  return el('li', { attrs: { role: 'treeitem' } }, details);
}
