/**
 * The Try It panel of one served model: the request to send (the model's example, editable in the
 * webview), and what the model answered. The webview never talks to the server (its CSP allows no
 * connection): it hands the body to the host, which checks it again and POSTs it to the loopback URL.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { invokeModel } from '../core/serving/invocation';
import { PanelController, panelOptions, viewTypeOf, type PanelHandlers } from '../panels/panelController';
import { checkRequestBody } from '../shared/scoringRequest';
import type { InvocationResult, TryItState } from '../shared/webviewProtocol';
import { parseWebviewMessage } from '../panels/messageGuard';
import type { ModelServer } from './modelServer';

export interface TryItDeps {
  extensionUri: vscode.Uri;
  logger: Logger;
}

export class TryItPanel {
  private readonly controller: PanelController<'tryIt'>;
  private readonly handlers: PanelHandlers<'tryIt'>;
  private readonly subscription: vscode.Disposable;

  static open(server: ModelServer, deps: TryItDeps): TryItPanel {
    const panel = vscode.window.createWebviewPanel(viewTypeOf('tryIt'), `Try It: ${server.model.label}`, vscode.ViewColumn.Active, panelOptions(deps.extensionUri));
    return new TryItPanel(panel, server, deps);
  }

  private constructor(panel: vscode.WebviewPanel, private readonly server: ModelServer, deps: TryItDeps) {
    this.handlers = {
      intents: {
        stopServer: () => server.stop(),
        showTerminal: () => server.terminal.show(false),
        copyUrl: async () => {
          const url = `${await server.shownUrl()}/invocations`;
          await vscode.env.clipboard.writeText(url);
          vscode.window.setStatusBarMessage(`Copied ${url}`, 3000);
        },
      },
      requests: {
        invoke: ({ body }, signal) => this.invoke(body, signal),
      },
    };
    this.controller = new PanelController(panel, 'tryIt', deps.extensionUri, deps.logger, this.handlers);
    this.subscription = server.onDidChange(() => void this.push());
    void this.push();
  }

  get panel(): vscode.WebviewPanel {
    return this.controller.panel;
  }

  get disposed(): boolean {
    return this.controller.disposed;
  }

  onDidDispose(listener: () => void): void {
    this.controller.onDidDispose(() => {
      this.subscription.dispose();
      listener();
    });
  }

  /** The state the webview shows now. */
  async state(): Promise<TryItState> {
    const s = this.server;
    return {
      modelLabel: s.model.label,
      modelUri: s.model.modelUri,
      envManager: s.envManager,
      url: await s.shownUrl(),
      status: s.status,
      ...(s.statusDetail ? { statusDetail: s.statusDetail } : {}),
      exampleRequest: s.example.body,
      exampleNote: s.example.note,
      restore: { port: s.port },
    };
  }

  private async push(): Promise<void> {
    if (!this.controller.disposed) this.controller.setState(await this.state());
  }

  /** The body is checked here again: the webview is a page showing untrusted text, not a trusted caller. */
  private async invoke(body: string, signal: AbortSignal): Promise<InvocationResult> {
    const check = checkRequestBody(body);
    if (!check.ok) return { ok: false, message: check.error };
    if (this.server.status === 'stopped') {
      const detail = this.server.statusDetail?.replace(/\.$/, '');
      return { ok: false, message: `The model server has stopped${detail ? ` (${detail})` : ''}: serve the model again.` };
    }
    return invokeModel(this.server.url, body, { signal });
  }

  /** A message as the webview would post it (integration tests drive the panel this way); the request's answer. */
  async deliver(raw: unknown): Promise<unknown> {
    const message = parseWebviewMessage('tryIt', raw);
    if (message.kind === 'intent') {
      await (this.handlers.intents[message.name] as (params: unknown) => unknown)(message.params);
      return undefined;
    }
    if (message.kind === 'request') return this.handlers.requests[message.method](message.params, this.controller.signal);
    return undefined;
  }

  reveal(): void {
    this.controller.panel.reveal();
  }

  dispose(): void {
    this.controller.dispose();
  }
}
