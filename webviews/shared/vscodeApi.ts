/**
 * The webview's side of the host connection: `acquireVsCodeApi()` called once, typed intents,
 * requests correlated by id, state pushes from the host, and the saved state VS Code keeps
 * across reloads (read back loosely: it is only view preferences plus the host's restore key).
 */
import type {
  EventMessage,
  HostMessage,
  IntentsOf,
  PanelContracts,
  PanelKind,
  RequestResult,
  RequestsOf,
  SavedWebviewState,
} from '../../src/shared/webviewProtocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

type RequestParams<K extends PanelKind, M extends keyof RequestsOf<K>> =
  RequestsOf<K>[M] extends { params: infer P } ? P : never;

export class HostConnection<K extends PanelKind> {
  private readonly api = acquireVsCodeApi();
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();

  constructor(
    private readonly onState: (state: PanelContracts[K]['state']) => void,
    private readonly onEvent: (event: EventMessage<K>) => void = () => undefined,
  ) {
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
  }

  /** Tells the host the page is listening; it answers with the current state. */
  ready(): void {
    this.api.postMessage({ kind: 'ready' });
  }

  intent<I extends keyof IntentsOf<K>>(name: I, params: IntentsOf<K>[I]): void {
    this.api.postMessage({ kind: 'intent', name, params });
  }

  request<M extends keyof RequestsOf<K>>(method: M, params: RequestParams<K, M>): Promise<RequestResult<K, M>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.api.postMessage({ kind: 'request', id, method, params });
    });
  }

  saved(): Partial<SavedWebviewState<K>> {
    const saved = this.api.getState();
    return typeof saved === 'object' && saved !== null ? (saved as Partial<SavedWebviewState<K>>) : {};
  }

  save(state: SavedWebviewState<K>): void {
    this.api.setState(state);
  }

  private receive(data: unknown): void {
    if (typeof data !== 'object' || data === null) return;
    const message = data as HostMessage<K>;
    if (message.kind === 'state') {
      this.onState(message.state);
    } else if (message.kind === 'event') {
      this.onEvent(message);
    } else if (message.kind === 'response') {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(message.error));
    }
  }
}
