/**
 * The active tracking store: resolved from a store chosen by command, the setting, or auto-detection
 * (in that order), opened lazily on first use, replaced when the choice or the setting changes.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { StoreError } from '../core/store/storeErrors';
import type { TrackingStore } from '../core/store/trackingStore';
import type { Settings } from '../platform/settings';
import { SettingKeys } from '../shared/commandIds';
import { healthAfterRead, sameHealth, type ConnectionHealth } from './connectionHealth';
import type { StoreSource, StoreStatus } from './storeSource';
import type { StoreTarget } from './storeTarget';

const CHOSEN_URI_KEY = 'mlflowLens.chosenTrackingUri';

export interface ConnectionDeps {
  settings: Settings;
  /** Per-workspace memory of a store picked with "Choose Tracking Store" (never written to the user's files). */
  workspaceState: vscode.Memento;
  logger: Logger;
  /** Auto-detection when neither a chosen store nor the setting names one. */
  detect(): Promise<StoreTarget | undefined>;
  openStore(uri: string): Promise<TrackingStore>;
}

export class ConnectionManager implements StoreSource, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeStore = this.changeEmitter.event;
  private readonly openEmitter = new vscode.EventEmitter<{ store: TrackingStore; target: StoreTarget }>();
  private readonly resolvedEmitter = new vscode.EventEmitter<StoreTarget | undefined>();
  /** Fires when the active store has been determined (the status bar shows it). */
  readonly onDidResolveTarget = this.resolvedEmitter.event;
  /** Fires once per opened store (the file watcher starts here). */
  readonly onDidOpenStore = this.openEmitter.event;
  private readonly healthEmitter = new vscode.EventEmitter<ConnectionHealth>();
  /** Fires when the store becomes readable, unreachable or unusable (the status bar and the tree's stale marks). */
  readonly onDidChangeHealth = this.healthEmitter.event;
  private currentHealth: ConnectionHealth = { state: 'idle' };

  private targetPromise: Promise<StoreTarget | undefined> | undefined;
  private statusPromise: Promise<StoreStatus> | undefined;
  private openedStore: TrackingStore | undefined;
  /** Bumped by every reset, so a store that finishes opening after a reset is not kept. */
  private generation = 0;
  private readonly settingListener: vscode.Disposable;

  constructor(private readonly deps: ConnectionDeps) {
    this.settingListener = deps.settings.onDidChange(SettingKeys.trackingUri, () => {
      // An edited setting is the newest intent: it replaces a store chosen earlier by command.
      void this.deps.workspaceState.update(CHOSEN_URI_KEY, undefined);
      this.reset('setting changed');
    });
  }

  /** Which store is active and why. Detection lists the workspace's `mlruns` folder, nothing more. */
  target(): Promise<StoreTarget | undefined> {
    if (!this.targetPromise) {
      this.targetPromise = this.resolveTarget().catch((err: unknown) => {
        this.deps.logger.error(`store detection failed: ${String(err)}`);
        return undefined;
      });
      void this.targetPromise.then((target) => this.resolvedEmitter.fire(target));
    }
    return this.targetPromise;
  }

  /** Opens the store on first call; later calls share the result. */
  open(): Promise<StoreStatus> {
    this.statusPromise ??= this.openTarget();
    return this.statusPromise;
  }

  /** The store if it is already open (for panels and commands that must not trigger a load). */
  currentStore(): TrackingStore | undefined {
    return this.openedStore;
  }

  /** Whether the active store can be read now. */
  get health(): ConnectionHealth {
    return this.currentHealth;
  }

  /**
   * What a read of the open store did (`undefined`: it answered): an unreachable server makes the
   * connection unreachable until a read succeeds again; a store whose experiment list fails is unusable. Results of a store replaced since are ignored.
   */
  noteRead(store: TrackingStore, error: unknown, experimentList = false): void {
    if (store !== this.openedStore) return;
    this.setHealth(healthAfterRead(this.currentHealth, error, Date.now(), { experimentList, server: store.kind === 'rest' }));
  }

  /** Makes `uri` the active store for this workspace; `undefined` returns to the setting / auto-detection. */
  async choose(uri: string | undefined): Promise<void> {
    await this.deps.workspaceState.update(CHOSEN_URI_KEY, uri?.trim() || undefined);
    this.reset(uri ? `store chosen: ${uri}` : 'back to automatic detection');
  }

  /** Forgets the target and the open store (re-detects next time), and tells listeners. */
  reset(why: string): void {
    this.deps.logger.info(`connection reset (${why})`);
    this.openedStore?.dispose();
    this.openedStore = undefined;
    this.generation++;
    this.targetPromise = undefined;
    this.statusPromise = undefined;
    this.setHealth({ state: 'idle' });
    this.changeEmitter.fire();
  }

  dispose(): void {
    this.settingListener.dispose();
    this.openedStore?.dispose();
    this.changeEmitter.dispose();
    this.openEmitter.dispose();
    this.resolvedEmitter.dispose();
    this.healthEmitter.dispose();
  }

  private setHealth(health: ConnectionHealth): void {
    if (sameHealth(health, this.currentHealth)) return;
    this.currentHealth = health;
    if (health.state === 'unreachable' || health.state === 'failed') this.deps.logger.warn(`store ${health.state}: ${health.message}`);
    this.healthEmitter.fire(health);
  }

  private async resolveTarget(): Promise<StoreTarget | undefined> {
    const chosen = this.deps.workspaceState.get<string>(CHOSEN_URI_KEY);
    if (chosen) return { uri: chosen, origin: 'chosen', reason: 'Chosen with "MLflow: Choose Tracking Store".' };
    const setting = this.deps.settings.trackingUri();
    if (setting) return { uri: setting, origin: 'setting', reason: 'From the setting mlflowLens.trackingUri.' };
    return this.deps.detect();
  }

  private async openTarget(): Promise<StoreStatus> {
    const generation = this.generation;
    const target = await this.target();
    if (!target) {
      this.deps.logger.info('no tracking store configured or found');
      return { state: 'none' };
    }
    const started = Date.now();
    this.setHealth({ state: 'connecting' });
    try {
      const store = await this.deps.openStore(target.uri);
      if (generation !== this.generation) {
        store.dispose();
        return this.open();
      }
      this.openedStore = store;
      // Opening a server's store sends nothing: it is known to answer after its first read.
      if (store.kind !== 'rest') this.setHealth({ state: 'ok' });
      this.deps.logger.info(`opened ${store.kind} store ${store.uri} in ${Date.now() - started} ms (${target.reason})`);
      this.openEmitter.fire({ store, target });
      return { state: 'open', store };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const location = StoreError.is(err) ? err.location ?? target.uri : target.uri;
      this.deps.logger.error(`cannot open ${target.uri}: ${message}`);
      if (generation === this.generation) this.setHealth({ state: 'failed', message, location });
      return { state: 'error', message: `Cannot open the tracking store: ${message}`, location };
    }
  }
}
