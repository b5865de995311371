/**
 * One `mlflow models serve` started by MLflow Lens: its terminal (no shell; the whole process group
 * is stopped, gunicorn included), its loopback URL, and whether it answers yet. `ready` is known by
 * asking `GET /ping` until it says 200, or the process ends first.
 */
import * as vscode from 'vscode';
import type { EnvManager } from '../core/launch/mlflowRun';
import type { ExampleRequest } from '../core/serving/exampleRequest';
import { pingModelServer } from '../core/serving/invocation';
import type { ServableModel } from '../core/serving/modelSource';
import { servingUrl } from '../core/serving/serveCommand';
import type { LaunchTerminal } from '../launch/launchTerminal';
import { externalUrl } from '../platform/externalUri';
import type { ModelServerStatus } from '../shared/webviewProtocol';

const PING_INTERVAL_MS = 500;

export class ModelServer implements vscode.Disposable {
  readonly url: string;
  private current: ModelServerStatus = 'starting';
  private detail: string | undefined = 'Waiting for the server to answer /ping…';
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly readyWaiters: ((ready: boolean) => void)[] = [];
  private shown: Promise<string> | undefined;

  constructor(
    readonly model: ServableModel,
    readonly port: number,
    readonly envManager: EnvManager,
    readonly terminal: LaunchTerminal,
    readonly example: ExampleRequest,
  ) {
    this.url = servingUrl(port);
    terminal.onExit((outcome) => {
      const how = outcome.error ?? (outcome.signal ? `stopped by ${outcome.signal}` : `exit ${outcome.exitCode}`);
      this.set('stopped', terminal.stopping ? 'Stopped on request.' : `mlflow models serve ended (${how}): its terminal "${terminal.terminal.name}" says why.`);
    });
    void this.watchUntilReady();
  }

  get status(): ModelServerStatus {
    return this.current;
  }

  get statusDetail(): string | undefined {
    return this.detail;
  }

  /** The URL as the window reaches it (a forwarded port when the extension runs on another machine). */
  shownUrl(): Promise<string> {
    this.shown ??= externalUrl(this.url).catch(() => this.url);
    return this.shown;
  }

  /** Resolves true once the server answers, false when it stopped first. */
  whenReady(): Promise<boolean> {
    if (this.current !== 'starting') return Promise.resolve(this.current === 'ready');
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private async watchUntilReady(): Promise<void> {
    while (this.current === 'starting') {
      if (await pingModelServer(this.url)) {
        if (this.current === 'starting') this.set('ready', undefined);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, PING_INTERVAL_MS));
    }
  }

  private set(status: ModelServerStatus, detail: string | undefined): void {
    if (this.current === 'stopped') return;
    this.current = status;
    this.detail = detail;
    if (status !== 'starting') for (const resolve of this.readyWaiters.splice(0)) resolve(status === 'ready');
    this.changed.fire();
  }

  stop(): void {
    this.terminal.stop();
  }

  dispose(): void {
    this.terminal.dispose();
    this.changed.dispose();
  }
}
