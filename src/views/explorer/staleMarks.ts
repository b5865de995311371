/**
 * How the tree says that what it shows may be out of date: while the tracking server cannot be
 * reached, a warning row heads the tree and every row served from memory says "stale" in its
 * description and tooltip. Rows keep their ids, so marking and unmarking repaint in place.
 */
import * as vscode from 'vscode';
import { formatTimestamp } from './format';
import type { ExplorerNode, ProblemNode } from './nodes';
import { escapeMarkdown } from './presentation';

export interface StaleNote {
  /** Why the data cannot be refreshed (the read's error, already free of credentials). */
  message: string;
  /** The server it concerns. */
  location?: string;
  /** When the outage began (epoch ms). */
  since: number;
}

const STALE_KINDS = new Set<ExplorerNode['kind']>(['folder', 'experiment', 'run', 'param', 'metric', 'tag', 'dataset', 'artifact']);

/** The row heading the tree during an outage. */
export function staleBannerNode(note: StaleNote): ProblemNode {
  return {
    kind: 'problem',
    id: 'root/stale',
    severity: 'warning',
    message: `Server unreachable since ${formatTimestamp(note.since)}: showing data loaded before (stale); retrying by itself. ${note.message}`,
    ...(note.location !== undefined ? { location: note.location } : {}),
  };
}

/** Adds the stale mark to a data row's description (other rows are left alone); its tooltip is `staleTooltip`. */
export function markStale(item: vscode.TreeItem, node: ExplorerNode): vscode.TreeItem {
  if (!STALE_KINDS.has(node.kind)) return item;
  const description = typeof item.description === 'string' && item.description ? `${item.description} · stale` : 'stale';
  item.description = description;
  const label = item.accessibilityInformation?.label;
  if (label !== undefined) item.accessibilityInformation = { label: `${label}, stale` };
  return item;
}

/** A data row's tooltip Markdown with the stale warning first (other rows' is left alone). */
export function staleTooltip(markdown: string | undefined, node: ExplorerNode, note: StaleNote): string | undefined {
  if (!STALE_KINDS.has(node.kind)) return markdown;
  const warning = `**Stale:** the server has not answered since ${escapeMarkdown(formatTimestamp(note.since))}; this was loaded before.`;
  return markdown ? `${warning}  \n${markdown}` : warning;
}
