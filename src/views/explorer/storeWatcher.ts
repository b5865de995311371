/**
 * Watches a store on disk (a file store folder, or a SQLite database and its journal) and hands the
 * changed paths over in debounced batches, so a training script logging many metric lines per second
 * causes one refresh, not hundreds.
 */
import * as vscode from 'vscode';

export interface StoreWatcherOptions {
  /** Quiet time before a batch is delivered. */
  debounceMs?: number;
  /** Longest a busy store waits for a refresh while changes keep arriving. */
  maxWaitMs?: number;
}

export class StoreWatcher implements vscode.Disposable {
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstPendingAt = 0;

  /** Watches `pattern` (a glob, `**` by default) under the folder `base`. */
  constructor(
    base: string,
    private readonly onBatch: (paths: string[]) => void,
    private readonly options: StoreWatcherOptions & { pattern?: string } = {},
  ) {
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(base), options.pattern ?? '**'));
    const queue = (uri: vscode.Uri) => this.queue(uri.fsPath);
    this.watcher.onDidCreate(queue);
    this.watcher.onDidChange(queue);
    this.watcher.onDidDelete(queue);
  }

  private queue(fsPath: string): void {
    if (this.pending.size === 0) this.firstPendingAt = Date.now();
    this.pending.add(fsPath);
    const debounce = this.options.debounceMs ?? 300;
    const maxWait = this.options.maxWaitMs ?? 2000;
    const wait = Math.max(0, Math.min(debounce, this.firstPendingAt + maxWait - Date.now()));
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    const paths = [...this.pending];
    this.pending.clear();
    if (paths.length) this.onBatch(paths);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.watcher.dispose();
  }
}
