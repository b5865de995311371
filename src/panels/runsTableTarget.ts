/** Which experiments Open Runs Table lists: the clicked or selected rows (`selectedExperiments.ts`), or a pick. */
import * as vscode from 'vscode';
import type { TrackingStore } from '../core/store/trackingStore';
export { experimentIdsFrom } from './selectedExperiments';

/** A multi-select quick pick of the store's active experiments; empty when cancelled. */
export async function pickExperiments(store: TrackingStore): Promise<string[]> {
  const page = await store.searchExperiments({ maxResults: 1000 });
  const picked = await vscode.window.showQuickPick(
    page.items.map((e) => ({ label: e.name || e.experiment_id, description: `id ${e.experiment_id}`, experimentId: e.experiment_id })),
    { canPickMany: true, title: 'Open Runs Table', placeHolder: 'Experiments whose runs the table lists' },
  );
  return (picked ?? []).map((p) => p.experimentId);
}
