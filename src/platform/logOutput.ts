import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { redact } from '../core/log';

/** A core `Logger` that writes to one channel with a `[component]` prefix; every line is redacted. */
export interface ComponentLogger extends Logger {
  child(component: string): ComponentLogger;
}

export function createLogOutput(): { channel: vscode.LogOutputChannel; logger: ComponentLogger } {
  const channel = vscode.window.createOutputChannel('MLflow Lens', { log: true });
  return { channel, logger: componentLogger(channel, undefined) };
}

function componentLogger(channel: vscode.LogOutputChannel, component: string | undefined): ComponentLogger {
  const line = (message: string) => redact(component ? `[${component}] ${message}` : message);
  return {
    trace: (m) => channel.trace(line(m)),
    debug: (m) => channel.debug(line(m)),
    info: (m) => channel.info(line(m)),
    warn: (m) => channel.warn(line(m)),
    error: (m) => channel.error(line(m)),
    child: (name) => componentLogger(channel, component ? `${component}/${name}` : name),
  };
}
