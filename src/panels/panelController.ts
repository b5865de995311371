/**
 * A webview panel of one kind: writes its HTML, waits for the webview's `ready`, pushes the latest
 * state on every `ready` (first load, and each reload of a hidden panel's content), checks every
 * inbound message at runtime and dispatches it to a typed handler table, answers requests by id.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import type {
  EventMessage,
  EventsOf,
  HostMessage,
  IntentsOf,
  PanelContracts,
  PanelKind,
  RequestResult,
  RequestsOf,
} from '../shared/webviewProtocol';
import { parseWebviewMessage, ProtocolViolation } from './messageGuard';
import { createNonce, webviewHtml } from './webviewHtml';

type RequestParams<K extends PanelKind, M extends keyof RequestsOf<K>> =
  RequestsOf<K>[M] extends { params: infer P } ? P : never;

/** One handler per intent and per request of the panel kind: a missing one is a compile error. */
export interface PanelHandlers<K extends PanelKind> {
  intents: { [I in keyof IntentsOf<K>]-?: (params: IntentsOf<K>[I]) => void | Promise<void> };
  requests: {
    [M in keyof RequestsOf<K>]-?: (params: RequestParams<K, M>, signal: AbortSignal) => Promise<RequestResult<K, M>>;
  };
}

export function viewTypeOf(kind: PanelKind): string {
  return `mlflowLens.panel.${kind}`;
}

/** Options for both new and restored panels: scripts on, resources only from the bundles folder. */
export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webviews')],
  };
}

export class PanelController<K extends PanelKind> implements vscode.Disposable {
  private state: PanelContracts[K]['state'] | undefined;
  private ready = false;
  private readonly abort = new AbortController();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly disposeListeners: (() => void)[] = [];
  private markLoaded!: () => void;
  private readonly loaded = new Promise<void>((resolve) => (this.markLoaded = resolve));

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly kind: K,
    extensionUri: vscode.Uri,
    private readonly logger: Logger,
    private readonly handlers: PanelHandlers<K>,
  ) {
    const webview = panel.webview;
    webview.options = panelOptions(extensionUri);
    const bundle = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webviews', file)).toString();
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      scriptUri: bundle(`${kind}.js`),
      styleUri: bundle(`${kind}.css`),
      nonce: createNonce(),
      title: panel.title,
    });
    this.subscriptions.push(
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Aborted when the panel closes: long loads pass it to the store. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get disposed(): boolean {
    return this.abort.signal.aborted;
  }

  onDidDispose(listener: () => void): void {
    this.disposeListeners.push(listener);
  }

  /** Resolves on the webview's first `ready` (or when the panel closes before it). */
  whenLoaded(): Promise<void> {
    return this.loaded;
  }

  /** Replaces the panel's state; sent now if the webview is ready, else on its `ready`. */
  setState(state: PanelContracts[K]['state']): void {
    this.state = state;
    if (this.ready) this.post({ kind: 'state', state });
  }

  /** Sends a change to apply in place; dropped before `ready` (the next state push carries it). */
  postEvent<E extends keyof EventsOf<K>>(name: E, params: EventsOf<K>[E]): void {
    if (this.ready) this.post({ kind: 'event', name, params } as EventMessage<K>);
  }

  /** Whether the panel is on screen (live updates pause while it is hidden). */
  get visible(): boolean {
    return this.panel.visible;
  }

  private post(message: HostMessage<K>): void {
    if (this.disposed) return;
    void this.panel.webview.postMessage(message).then(undefined, (error: unknown) => {
      this.logger.debug(`${this.kind}: post failed: ${String(error)}`);
    });
  }

  private async receive(raw: unknown): Promise<void> {
    let message;
    try {
      message = parseWebviewMessage(this.kind, raw);
    } catch (error) {
      if (!(error instanceof ProtocolViolation)) throw error;
      this.logger.warn(`${this.kind}: dropped a webview message: ${error.message}`);
      return;
    }
    if (message.kind === 'ready') {
      this.ready = true;
      this.markLoaded();
      if (this.state !== undefined) this.post({ kind: 'state', state: this.state });
      return;
    }
    if (message.kind === 'intent') {
      const handler = this.handlers.intents[message.name] as (params: unknown) => void | Promise<void>;
      try {
        await handler(message.params);
      } catch (error) {
        this.logger.error(`${this.kind}: ${String(message.name)} failed: ${describe(error)}`);
        void vscode.window.showErrorMessage(`MLflow Lens: ${describe(error)}`);
      }
      return;
    }
    const handler = this.handlers.requests[message.method] as (params: unknown, signal: AbortSignal) => Promise<unknown>;
    try {
      const result = await handler(message.params, this.abort.signal);
      this.post({ kind: 'response', id: message.id, ok: true, result });
    } catch (error) {
      this.logger.warn(`${this.kind}: ${String(message.method)} failed: ${describe(error)}`);
      this.post({ kind: 'response', id: message.id, ok: false, error: describe(error) });
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.abort.abort();
    this.markLoaded();
    for (const s of this.subscriptions.splice(0)) s.dispose();
    for (const listener of this.disposeListeners.splice(0)) listener();
    this.panel.dispose();
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
