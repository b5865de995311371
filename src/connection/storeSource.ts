import type * as vscode from 'vscode';
import type { TrackingStore } from '../core/store/trackingStore';

/** What the explorer gets when it asks for the store: none configured or found, open, or failed to open. */
export type StoreStatus =
  | { state: 'none' }
  | { state: 'open'; store: TrackingStore }
  | { state: 'error'; message: string; location?: string };

/** The explorer's view of the connection: opened lazily on first use, changed by settings or commands. */
export interface StoreSource {
  open(): Promise<StoreStatus>;
  readonly onDidChangeStore: vscode.Event<void>;
}
