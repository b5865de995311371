/**
 * The store's own background reads (a file store without an index counts every experiment's runs
 * for the tree, then reads their tags ahead: ~30 s at 100,000 runs) made visible and stoppable: once
 * they outlast a moment, a cancellable notification ("Indexing runs of <store>: 12,345 of 100,000")
 * and the view's progress bar; Cancel stops the reads. Quick builds never show it. The notification
 * closes when the reads are done or cancelled, when the store is switched, and on dispose.
 */
import * as vscode from 'vscode';
import type { BackgroundProgress, TrackingStore } from '../../core/store/trackingStore';
import { ViewIds } from '../../shared/commandIds';

/** Background reads shorter than this show nothing. */
export const INDEX_PROGRESS_DELAY_MS = 1500;
/** Updates of a shown notification at most this often (a read-ahead reports every 100 runs). */
const REPORT_INTERVAL_MS = 200;

/** What the notification shows, for the test API (the workbench's notification is not readable from the host). */
export interface IndexNotification {
  title: string;
  message: string;
  /** The sum of the increments reported so far (0–100). */
  percent: number;
}

export interface IndexProgressApi {
  /** The notification shown now, if any. */
  notification(): IndexNotification | undefined;
  /** Fires when the notification appears, changes or closes. */
  readonly onDidChange: vscode.Event<void>;
  /** Does what the notification's Cancel button does (nothing when none is shown). */
  cancel(): void;
  /** How long background reads run before the notification shows (tests only; not a setting). */
  setDelayMs(ms: number): void;
}

interface Shown {
  /** Handed over by the workbench (reports made before it are replayed in one step). */
  progress?: vscode.Progress<{ message?: string; increment?: number }>;
  close(): void;
  notification: IndexNotification;
  reportedAt: number;
}

const count = (n: number) => n.toLocaleString('en-US');

/** The notification's text for a progress: runs listed, then (all listed) the read-ahead of their tags. */
export function indexMessage(p: BackgroundProgress): string {
  if (p.listed < p.toList || p.toReadAhead === 0) return `${count(p.listed)} of ${count(p.toList)}`;
  const readAhead = `${count(p.readAhead)} of ${count(p.toReadAhead)}`;
  // Only a read-ahead (after an experiment the user expanded): nothing was queued for listing.
  return p.toList === 0 ? `reading tags ahead: ${readAhead}` : `all ${count(p.toList)} listed, reading their tags: ${readAhead}`;
}

/** The share done, in percent: listing and read-ahead weigh one run read each. */
export function indexPercent(p: BackgroundProgress): number {
  const total = p.toList + p.toReadAhead;
  return total === 0 ? 0 : (100 * (p.listed + p.readAhead)) / total;
}

export class IndexProgress implements vscode.Disposable {
  private delayMs = INDEX_PROGRESS_DELAY_MS;
  private store: TrackingStore | undefined;
  private subscription: { dispose(): void } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private latest: BackgroundProgress | undefined;
  private shown: Shown | undefined;
  private readonly changeEmitter = new vscode.EventEmitter<void>();

  readonly api: IndexProgressApi = {
    notification: () => (this.shown ? { ...this.shown.notification } : undefined),
    onDidChange: this.changeEmitter.event,
    cancel: () => {
      if (this.shown) this.cancel();
    },
    setDelayMs: (ms) => (this.delayMs = ms),
  };

  /** Follows the background reads of a newly opened store (any previous one is let go). */
  track(store: TrackingStore): void {
    this.stop();
    const work = store.backgroundWork;
    if (!work) return;
    this.store = store;
    this.subscription = work.onProgress((p) => this.onProgress(p));
  }

  /** The store is switched or closed: its notification goes. */
  stop(): void {
    this.subscription?.dispose();
    this.subscription = undefined;
    this.store = undefined;
    this.latest = undefined;
    this.close();
  }

  dispose(): void {
    this.stop();
    this.changeEmitter.dispose();
  }

  private onProgress(p: BackgroundProgress): void {
    this.latest = p;
    if (p.state !== 'running') {
      this.close();
      return;
    }
    if (this.shown) this.report(p, false);
    else this.timer ??= setTimeout(() => this.show(), this.delayMs);
  }

  private show(): void {
    this.timer = undefined;
    const store = this.store;
    const latest = this.latest;
    if (!store || latest?.state !== 'running' || this.shown) return;
    let close!: () => void;
    const closed = new Promise<void>((resolve) => (close = resolve));
    const title = `Indexing runs of ${store.uri}`;
    const shown: Shown = { close, notification: { title, message: '', percent: 0 }, reportedAt: 0 };
    this.shown = shown;
    this.report(latest, true);
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      token.onCancellationRequested(() => {
        if (this.shown === shown) this.cancel();
      });
      // What was reported before the workbench handed over the progress, in one step.
      shown.progress = progress;
      progress.report({ message: shown.notification.message, increment: shown.notification.percent });
      return closed;
    });
    void vscode.window.withProgress({ location: { viewId: ViewIds.experiments } }, () => closed);
  }

  private report(p: BackgroundProgress, force: boolean): void {
    const shown = this.shown;
    if (!shown) return;
    const now = Date.now();
    if (!force && now - shown.reportedAt < REPORT_INTERVAL_MS) return;
    shown.reportedAt = now;
    const message = indexMessage(p);
    // Increments only: a total that grows (another experiment queued) pauses the bar instead of moving it back.
    const increment = Math.max(0, Math.min(100, indexPercent(p)) - shown.notification.percent);
    shown.notification = { ...shown.notification, message, percent: shown.notification.percent + increment };
    shown.progress?.report({ message, increment });
    this.changeEmitter.fire();
  }

  private cancel(): void {
    this.store?.backgroundWork?.cancel();
    this.close();
  }

  private close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const shown = this.shown;
    if (!shown) return;
    this.shown = undefined;
    shown.close();
    this.changeEmitter.fire();
  }
}
