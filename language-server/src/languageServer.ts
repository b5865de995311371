// Wiring only: LSP capabilities, document sync and one handler per feature. Every handler is
// guarded so a bug in a feature becomes a log line, never a crashed server.
import {
  CodeActionKind,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentCache, type AnalyzedDocument } from './documents';
import { computeCodeActions } from './features/codeActions';
import { computeCodeLenses } from './features/codeLens';
import { computeCompletion } from './features/completion';
import { computeDefinition } from './features/definition';
import { computeDiagnostics } from './features/diagnostics';
import { computeHover } from './features/hover';
import { computeSymbols } from './features/symbols';

/** `initializationOptions` the client may send. */
export interface ServerOptions {
  /** Delay between the last edit and re-validation, in ms (default 150; tests use 0). */
  debounceMs?: number;
  /** Red Hat's YAML extension is active: leave YAML syntax errors of conda/python_env files to it. */
  yamlServerPresent?: boolean;
}

export function startLanguageServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new DocumentCache();
  const timers = new Map<string, NodeJS.Timeout>();
  let options: ServerOptions = {};

  const log = (message: string): void => connection.console.log(message);
  const guard = <T>(name: string, fallback: T, run: () => T): T => {
    try {
      return run();
    } catch (error) {
      connection.console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  };
  const analyzed = (uri: string): AnalyzedDocument | undefined => {
    const document = documents.get(uri);
    return document ? cache.get(document) : undefined;
  };

  const validate = (document: TextDocument): void => {
    const doc = guard('validate', undefined, () => cache.get(document));
    if (!doc) return;
    for (const p of doc.result.problems) {
      if (p.code.startsWith('file.') || p.code.startsWith('yaml.')) log(`${doc.uri}: ${p.code}: ${p.message}`);
    }
    const diagnostics = guard('diagnostics', [], () => computeDiagnostics(doc, { yamlServerPresent: options.yamlServerPresent === true }));
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  };
  const schedule = (document: TextDocument): void => {
    clearTimeout(timers.get(document.uri));
    const delay = options.debounceMs ?? 150;
    if (delay <= 0) return validate(document);
    timers.set(document.uri, setTimeout(() => {
      timers.delete(document.uri);
      const current = documents.get(document.uri);
      if (current) validate(current);
    }, delay));
  };

  connection.onInitialize((params): InitializeResult => {
    options = (params.initializationOptions ?? {}) as ServerOptions;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['{', ' ', ':'] },
        hoverProvider: true,
        definitionProvider: true,
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'mlflow-lens-mlproject' },
    };
  });

  // TextDocuments fires onDidChangeContent right after onDidOpen: validate an opened document once,
  // at once, and debounce only real edits.
  const justOpened = new Set<string>();
  documents.onDidOpen((e) => {
    justOpened.add(e.document.uri);
    validate(e.document);
  });
  documents.onDidChangeContent((e) => {
    if (justOpened.delete(e.document.uri)) return;
    schedule(e.document);
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    cache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  connection.onDidChangeWatchedFiles(() => {
    cache.clear();
    for (const document of documents.all()) validate(document);
  });

  connection.onCompletion((p) => guard('completion', [], () => {
    const doc = analyzed(p.textDocument.uri);
    return doc ? computeCompletion(doc, p.position) : [];
  }));
  connection.onHover((p) => guard('hover', null, () => {
    const doc = analyzed(p.textDocument.uri);
    return doc ? computeHover(doc, p.position) : null;
  }));
  connection.onDefinition((p) => guard('definition', [], () => {
    const doc = analyzed(p.textDocument.uri);
    return doc ? computeDefinition(doc, p.position) : [];
  }));
  connection.onDocumentSymbol((p) => guard('symbols', [], () => {
    const doc = analyzed(p.textDocument.uri);
    return doc ? computeSymbols(doc) : [];
  }));
  connection.onCodeAction((p) => guard('codeActions', [], () => {
    const doc = analyzed(p.textDocument.uri);
    return doc ? computeCodeActions(doc, p.context.diagnostics) : [];
  }));
  connection.onCodeLens((p) => guard('codeLens', [], () => {
    const doc = analyzed(p.textDocument.uri);
    return doc ? computeCodeLenses(doc) : [];
  }));
  connection.onShutdown(() => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  });

  documents.listen(connection);
  connection.listen();
}
