/**
 * `mlflow run` in an integrated terminal without a shell: a Pseudoterminal fed by a child process
 * started from an argv array. It gives the exit code, the output (for the run id) and a clean Stop:
 * SIGINT, as Ctrl-C does, so MLflow records the end of the run (a SIGKILL would leave it RUNNING).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { RunOutputScanner } from '../core/launch/runOutput';

export interface LaunchSpec {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The terminal's title while running. */
  title: string;
  /** The command line shown at the top of the terminal (credentials are never part of argv). */
  display: string;
  /** What the closing line calls the process ("mlflow ui finished (exit 0)"); `mlflow run` by default. */
  what?: string;
  /**
   * Starts the process in a group of its own and stops the whole group (POSIX): for a program whose
   * children would outlive it otherwise (`mlflow models serve` starts gunicorn).
   */
  processGroup?: boolean;
}

export type LaunchOutcome = { exitCode: number | null; signal: NodeJS.Signals | null; error?: string };

export class LaunchTerminal implements vscode.Disposable {
  readonly terminal: vscode.Terminal;
  private child: ChildProcess | undefined;
  private readonly write = new vscode.EventEmitter<string>();
  private readonly close = new vscode.EventEmitter<number | void>();
  private readonly rename = new vscode.EventEmitter<string>();
  private readonly scanner = new RunOutputScanner();
  private readonly runIdListeners: ((runId: string) => void)[] = [];
  private finished: LaunchOutcome | undefined;
  private readonly exitListeners: ((outcome: LaunchOutcome) => void)[] = [];
  private stopRequested = false;

  constructor(private readonly spec: LaunchSpec) {
    const pty: vscode.Pseudoterminal = {
      onDidWrite: this.write.event,
      onDidClose: this.close.event,
      onDidChangeName: this.rename.event,
      open: () => this.start(),
      close: () => this.stop(),
      handleInput: (data) => {
        // Ctrl-C in the terminal: the same as Stop. Other keys go to the process (prompts, pdb …).
        if (data === '\x03') this.stop();
        else if (this.child?.stdin?.writable) this.child.stdin.write(data === '\r' ? '\n' : data);
      },
    };
    this.terminal = vscode.window.createTerminal({ name: spec.title, pty, iconPath: new vscode.ThemeIcon('run') });
  }

  get runId(): string | undefined {
    return this.scanner.runId;
  }

  get running(): boolean {
    return this.child !== undefined && this.finished === undefined;
  }

  get outcome(): LaunchOutcome | undefined {
    return this.finished;
  }

  onRunId(listener: (runId: string) => void): void {
    if (this.scanner.runId) listener(this.scanner.runId);
    else this.runIdListeners.push(listener);
  }

  onExit(listener: (outcome: LaunchOutcome) => void): void {
    if (this.finished) listener(this.finished);
    else this.exitListeners.push(listener);
  }

  /** Starts the process if the terminal has not been opened yet (the pty opens when shown). */
  show(preserveFocus = true): void {
    this.terminal.show(preserveFocus);
  }

  private start(): void {
    if (this.child || this.finished) return;
    this.write.fire(`\x1b[2m${toTerminal(this.spec.display)}\x1b[0m\r\n\r\n`);
    let child: ChildProcess;
    try {
      const detached = this.spec.processGroup === true && process.platform !== 'win32';
      child = spawn(this.spec.argv[0]!, this.spec.argv.slice(1), { cwd: this.spec.cwd, env: this.spec.env, stdio: ['pipe', 'pipe', 'pipe'], shell: false, detached });
    } catch (error) {
      this.finish({ exitCode: null, signal: null, error: error instanceof Error ? error.message : String(error) });
      return;
    }
    this.child = child;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.write.fire(toTerminal(text));
      const runId = this.scanner.push(text);
      if (runId) for (const l of this.runIdListeners.splice(0)) l(runId);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', (error) => this.finish({ exitCode: null, signal: null, error: error.message }));
    child.on('close', (exitCode, signal) => this.finish({ exitCode, signal }));
  }

  /** SIGINT (Ctrl-C): MLflow cancels the run, terminates the command's process tree and marks the run FAILED. */
  stop(): void {
    if (!this.child || this.finished || this.stopRequested) return;
    this.stopRequested = true;
    this.write.fire(`\r\n\x1b[33m^C Stopping: ${this.spec.what ? `${this.spec.what} ends` : 'MLflow ends the run and its command'}…\x1b[0m\r\n`);
    if (this.spec.processGroup && process.platform !== 'win32' && this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGINT');
        return;
      } catch {
        // No such group any more: signal the process itself.
      }
    }
    this.child.kill('SIGINT');
  }

  get stopping(): boolean {
    return this.stopRequested;
  }

  private finish(outcome: LaunchOutcome): void {
    if (this.finished) return;
    this.finished = outcome;
    const text = outcome.error
      ? `Could not start ${this.spec.argv[0]}: ${outcome.error}`
      : outcome.exitCode === 0
        ? `${this.spec.what ?? 'mlflow run'} finished (exit 0)`
        : `${this.spec.what ?? 'mlflow run'} ended with ${outcome.signal ?? `exit ${outcome.exitCode}`}`;
    this.write.fire(`\r\n\x1b[${outcome.exitCode === 0 ? '32' : '31'}m${text}\x1b[0m\r\n`);
    for (const l of this.exitListeners.splice(0)) l(outcome);
  }

  setTitle(title: string): void {
    this.rename.fire(title);
  }

  dispose(): void {
    this.stop();
    this.write.dispose();
    this.close.dispose();
    this.rename.dispose();
  }
}

/** A terminal wants CRLF. */
function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
