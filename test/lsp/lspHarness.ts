// A real LSP session against the real server over in-memory streams: the test is the client and
// speaks JSON-RPC, so every request goes through the server's wiring, not a direct function call.
//
// Documents are written with markers: `‸` marks the caret, `«…»` marks an expected range. (The
// usual `|` caret would clash with YAML block scalars such as `command: |`.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  createConnection,
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-languageserver/node';
import type { Diagnostic, Position, PublishDiagnosticsParams, Range } from 'vscode-languageserver';
import { startLanguageServer, type ServerOptions } from '../../language-server/src/languageServer';

export interface Marked {
  text: string;
  caret?: Position;
  ranges: Range[];
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Strips `‸` and `«»` markers, returning the clean text and the marked positions. */
export function parseMarkers(marked: string): Marked {
  let text = '';
  let caret: Position | undefined;
  const ranges: Range[] = [];
  const open: Position[] = [];
  for (const ch of marked) {
    if (ch === '‸') caret = positionAt(text, text.length);
    else if (ch === '«') open.push(positionAt(text, text.length));
    else if (ch === '»') ranges.push({ start: open.pop()!, end: positionAt(text, text.length) });
    else text += ch;
  }
  return { text, caret, ranges };
}

export interface OpenedDocument extends Marked {
  uri: string;
  diagnostics: Diagnostic[];
}

export class LspSession {
  private readonly waiters = new Map<string, (p: PublishDiagnosticsParams) => void>();
  readonly logs: string[] = [];
  private version = 1;

  private constructor(readonly client: MessageConnection, readonly dir: string) {}

  static async start(options: ServerOptions = { debounceMs: 0 }): Promise<LspSession> {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    startLanguageServer(serverConnection);
    const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-lsp-'));
    const session = new LspSession(client, dir);
    client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const waiter = session.waiters.get(p.uri);
      if (waiter) {
        session.waiters.delete(p.uri);
        waiter(p);
      }
    });
    client.onNotification('window/logMessage', (p: { message: string }) => {
      session.logs.push(p.message);
    });
    client.listen();
    await client.sendRequest('initialize', { processId: null, rootUri: pathToFileURL(dir).toString(), capabilities: {}, initializationOptions: options });
    await client.sendNotification('initialized', {});
    return session;
  }

  /** Writes a project file to disk next to the documents (env files, scripts…). */
  writeFile(relativePath: string, content: string | Buffer): string {
    const full = path.join(this.dir, relativePath);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    return full;
  }

  nextDiagnosticsFor(uri: string): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.set(uri, resolve));
  }

  /** Opens a document in the session's folder (markers stripped) and resolves with its first diagnostics. */
  open(fileName: string, marked: string, languageId?: string): Promise<OpenedDocument> {
    return this.openPath(path.join(this.dir, fileName), marked, languageId);
  }

  /** Opens a document at an absolute path (the file need not exist on disk). */
  async openPath(absolutePath: string, marked: string, languageId = path.basename(absolutePath).toLowerCase() === 'mlproject' ? 'mlproject' : 'yaml'): Promise<OpenedDocument> {
    const parsed = parseMarkers(marked);
    const uri = pathToFileURL(absolutePath).toString();
    const published = this.nextDiagnosticsFor(uri);
    await this.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: this.version++, text: parsed.text } });
    return { ...parsed, uri, diagnostics: (await published).diagnostics };
  }

  /** Replaces the whole text of an open document and resolves with the new diagnostics. */
  async change(uri: string, text: string): Promise<Diagnostic[]> {
    const published = this.nextDiagnosticsFor(uri);
    await this.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: this.version++ }, contentChanges: [{ text }] });
    return (await published).diagnostics;
  }

  async close(uri: string): Promise<void> {
    const published = this.nextDiagnosticsFor(uri);
    await this.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await published;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.client.sendRequest(method, params) as Promise<R>;
  }

  async dispose(): Promise<void> {
    await this.client.sendRequest('shutdown');
    this.client.dispose();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Diagnostics with the given code. */
export function withCode(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}
