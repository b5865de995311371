/** Which experiments Open Runs Table lists: the clicked or selected experiment nodes, or a pick. */
import * as vscode from 'vscode';
import type { TrackingStore } from '../core/store/trackingStore';
import { ProtocolLimits } from '../shared/webviewProtocol';

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= ProtocolLimits.maxIdLength;
}

/** `{ experimentIds }`, an experiment id, or the experiment nodes selected in the tree (the clicked one plus VS Code's selection). */
export function experimentIdsFrom(arg: unknown, selection?: unknown): string[] {
  if (isId(arg)) return [arg];
  const given = field(arg, 'experimentIds');
  if (Array.isArray(given) && given.every(isId)) return [...new Set(given)];
  const nodes = Array.isArray(selection) && selection.length > 0 ? selection : [arg];
  const ids = nodes.filter((n) => field(n, 'kind') === 'experiment').map((n) => field(n, 'experimentId')).filter(isId);
  return [...new Set(ids)];
}

/** A multi-select quick pick of the store's active experiments; empty when cancelled. */
export async function pickExperiments(store: TrackingStore): Promise<string[]> {
  const page = await store.searchExperiments({ maxResults: 1000 });
  const picked = await vscode.window.showQuickPick(
    page.items.map((e) => ({ label: e.name || e.experiment_id, description: `id ${e.experiment_id}`, experimentId: e.experiment_id })),
    { canPickMany: true, title: 'Open Runs Table', placeHolder: 'Experiments whose runs the table lists' },
  );
  return (picked ?? []).map((p) => p.experimentId);
}
