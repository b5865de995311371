/**
 * Starts the MLproject language server (dist/server.js) for MLproject, python_env.yaml and conda
 * environment files, with a bounded restart policy: a server that keeps crashing is given up on
 * with one message instead of a restart loop.
 *
 * Red Hat YAML: MLproject files get their own language id (`mlproject`), so vscode-yaml never
 * validates them and users see each MLproject problem once, from us. conda/python_env files keep
 * the `yaml` id (users expect YAML tooling there); when vscode-yaml is installed the server leaves
 * YAML syntax errors in those files to it, so a syntax error is not reported twice.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { Logger } from '../core/log';
import { RestartBudget } from './restartBudget';

const YAML_EXTENSION_ID = 'redhat.vscode-yaml';
export const MLPROJECT_DOCUMENT_SELECTOR = [
  { language: 'mlproject' },
  // Not discoverable by MLflow, but checked so the user learns it.
  { scheme: 'file', pattern: '**/[Mm][Ll][Pp][Rr][Oo][Jj][Ee][Cc][Tt].{yaml,yml}' },
  { scheme: 'file', pattern: '**/python_env.{yaml,yml}' },
  { scheme: 'file', pattern: '**/{conda,environment,conda_env}*.{yaml,yml}' },
];

/** Gives up restarting once the RestartBudget is spent (too many crashes in a short time). */
export class BoundedRestartPolicy implements ErrorHandler {
  private readonly budget = new RestartBudget();

  constructor(
    private readonly onGiveUp: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  error(): ErrorHandlerResult {
    return { action: ErrorAction.Continue };
  }

  closed(): CloseHandlerResult {
    if (this.budget.recordCrash(this.now())) return { action: CloseAction.Restart, handled: true };
    const message = `The MLproject language server stopped ${this.budget.recentCrashes} times in ${this.budget.windowMs / 60000} minutes and will not be restarted. See the "MLflow Lens Language Server" output.`;
    this.onGiveUp(message);
    return { action: CloseAction.DoNotRestart, message, handled: true };
  }
}

export function startLanguageClient(context: vscode.ExtensionContext, logger?: Logger): vscode.Disposable {
  const module = context.asAbsolutePath('dist/server.js');
  // The server's compiled-code cache lives in this extension's own storage rather than the temp dir.
  const env = { ...process.env, MLFLOW_LENS_CODE_CACHE: vscode.Uri.joinPath(context.globalStorageUri, 'server-code-cache').fsPath };
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env } },
    debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,py,sh,R,txt}');
  const mlprojectWatcher = vscode.workspace.createFileSystemWatcher('**/[Mm][Ll][Pp][Rr][Oo][Jj][Ee][Cc][Tt]');
  const clientOptions: LanguageClientOptions = {
    documentSelector: MLPROJECT_DOCUMENT_SELECTOR,
    synchronize: { fileEvents: [watcher, mlprojectWatcher] },
    initializationOptions: { yamlServerPresent: vscode.extensions.getExtension(YAML_EXTENSION_ID) !== undefined },
    errorHandler: new BoundedRestartPolicy((message) => {
      logger?.error(`${message}`);
      void vscode.window.showErrorMessage(message);
    }),
    initializationFailedHandler: (error) => {
      logger?.error(`server failed to initialize: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    },
  };
  const client = new LanguageClient('mlflowLens.mlproject', 'MLflow Lens Language Server', serverOptions, clientOptions);
  client.start().then(
    () => logger?.info('MLproject language server started'),
    (error: unknown) => logger?.error(`could not start the MLproject language server: ${error instanceof Error ? error.message : String(error)}`),
  );
  return vscode.Disposable.from(watcher, mlprojectWatcher, { dispose: () => void client.dispose().catch(() => undefined) });
}
