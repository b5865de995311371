/** The Experiments view's progress bar, shown only for loads slow enough to notice. */
import * as vscode from 'vscode';
import { ViewIds } from '../../shared/commandIds';

/** Shows the view's progress bar only when `work` outlasts `delayMs`, so fast expands do not flash it. */
export function withSlowProgress<T>(work: Promise<T>, delayMs: number): Promise<T> {
  let settled = false;
  const timer = setTimeout(() => {
    if (settled) return;
    void vscode.window.withProgress({ location: { viewId: ViewIds.experiments } }, () =>
      work.then(
        () => undefined,
        () => undefined,
      ),
    );
  }, delayMs);
  return work.finally(() => {
    settled = true;
    clearTimeout(timer);
  });
}

/** Shows the view's progress bar for as long as `work` runs (a store switch). */
export function withProgress(work: Promise<void>): void {
  void vscode.window.withProgress({ location: { viewId: ViewIds.experiments } }, () => work);
}
