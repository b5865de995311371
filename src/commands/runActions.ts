/**
 * The run actions of the Experiments view: rename a run, set/edit and delete tags, edit the note,
 * delete (after a modal confirmation) and restore runs, rename an experiment; copy a run's id, URI
 * and (for a tracking server) web UI link. Each is one explicit user action written through the
 * store's own write path (`core/store/write`); the tree is refreshed afterwards (local stores are
 * also watched). A refused write shows the store's reason and changes nothing.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import type { CredentialsProvider } from '../core/store/rest/credentials';
import type { TrackingStore } from '../core/store/trackingStore';
import type { StoreWriter } from '../core/store/write/storeWriter';
import { checkExperimentName, checkRunName, checkTagKey, checkTagValue } from '../core/store/write/writeChecks';
import type * as StoreModule from '../lazy/storeModule';
import { loadBundledModule } from '../platform/lazyModule';
import { CommandIds, ContextKeys } from '../shared/commandIds';
import { registerGuardedCommand } from './guardedCommand';

const NOTE_TAG = 'mlflow.note.content';

export interface RunActionDeps {
  /** The open store, opening it if needed; undefined when there is none. */
  store(): Promise<TrackingStore | undefined>;
  /** A writer for the store (same URI, credentials and working folder it was opened with). */
  openWriter(store: TrackingStore): Promise<StoreWriter>;
  /** Fires when a store is opened (tells which actions apply to it). */
  onDidOpenStore: vscode.Event<{ store: TrackingStore }>;
  /** Re-reads an experiment's runs, or everything when the experiment is not known. */
  refresh(experimentId?: string): void;
  logger: Logger;
}

/**
 * Values a caller (a keybinding, a test, another extension) may give instead of the input boxes.
 * `confirmed: true` answers Delete Run's modal; menus and the palette pass no second argument, so a
 * user always sees it.
 */
interface ActionValues {
  name?: string;
  key?: string;
  value?: string;
  confirmed?: boolean;
}

interface RunTarget {
  runId: string;
  experimentId?: string;
  runName?: string;
  tags: Map<string, string>;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** A run node, a tag node, or `{ runId, experimentId? }`. */
function runTarget(arg: unknown): RunTarget | undefined {
  const node = asRecord(arg);
  if (typeof node?.['runId'] !== 'string') return undefined;
  const run = asRecord(node['run']);
  const info = asRecord(run?.['info']);
  const tagList = asRecord(run?.['data'])?.['tags'];
  const tags = new Map<string, string>();
  if (Array.isArray(tagList)) for (const t of tagList as { key: string; value: string }[]) tags.set(t.key, t.value);
  return {
    runId: node['runId'],
    ...(typeof node['experimentId'] === 'string' && { experimentId: node['experimentId'] }),
    ...(typeof info?.['run_name'] === 'string' && { runName: info['run_name'] }),
    tags,
  };
}

function valuesOf(arg: unknown): ActionValues {
  const v = asRecord(arg) ?? {};
  return {
    ...(typeof v['name'] === 'string' && { name: v['name'] }),
    ...(typeof v['key'] === 'string' && { key: v['key'] }),
    ...(typeof v['value'] === 'string' && { value: v['value'] }),
    ...(v['confirmed'] === true && { confirmed: true }),
  };
}

/** An input box that shows MLflow's rule as the user types. */
async function ask(prompt: string, value: string, check: (text: string) => void): Promise<string | undefined> {
  return vscode.window.showInputBox({
    prompt,
    value,
    validateInput: (text) => {
      try {
        check(text);
        return undefined;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    },
  });
}

export function registerRunActions(deps: RunActionDeps): vscode.Disposable[] {
  let serverUri: string | undefined;
  const opened = deps.onDidOpenStore(({ store }) => {
    serverUri = store.kind === 'rest' ? store.uri : undefined;
    void vscode.commands.executeCommand('setContext', ContextKeys.storeIsServer, store.kind === 'rest');
  });

  async function write(action: (writer: StoreWriter) => Promise<void>, done: string, experimentId?: string): Promise<void> {
    const store = await deps.store();
    if (!store) throw new Error('No tracking store is open.');
    const writer = await deps.openWriter(store);
    try {
      await action(writer);
    } finally {
      writer.dispose();
    }
    deps.logger.info(`[write] ${done} (${store.uri})`);
    deps.refresh(experimentId);
    vscode.window.setStatusBarMessage(`MLflow: ${done}`, 4000);
  }

  const needRun = (arg: unknown): RunTarget => {
    const target = runTarget(arg);
    if (!target) throw new Error('Choose a run in the MLflow Experiments view.');
    return target;
  };

  const table: Record<string, (arg?: unknown, values?: unknown) => Promise<void>> = {
    [CommandIds.renameRun]: async (arg, values) => {
      const run = needRun(arg);
      const name = valuesOf(values).name ?? (await ask('New run name (also its mlflow.runName tag)', run.runName ?? '', checkRunName));
      if (name === undefined) return;
      await write((w) => w.renameRun(run.runId, name), `renamed run ${run.runId}`, run.experimentId);
    },
    [CommandIds.setRunTag]: async (arg, values) => {
      const run = needRun(arg);
      const given = valuesOf(values);
      const fromTagNode = typeof asRecord(arg)?.['key'] === 'string' ? (asRecord(arg)!['key'] as string) : undefined;
      const key = given.key ?? fromTagNode ?? (await ask('Tag key', '', checkTagKey));
      if (key === undefined) return;
      const current = run.tags.get(key) ?? (typeof asRecord(arg)?.['value'] === 'string' ? (asRecord(arg)!['value'] as string) : '');
      const value = given.value ?? (await ask(`Value of tag '${key}'`, current, (t) => checkTagValue(t)));
      if (value === undefined) return;
      await write((w) => w.setRunTag(run.runId, key, value), `set tag '${key}' of run ${run.runId}`, run.experimentId);
    },
    [CommandIds.deleteRunTag]: async (arg, values) => {
      const run = needRun(arg);
      const key = valuesOf(values).key ?? (typeof asRecord(arg)?.['key'] === 'string' ? (asRecord(arg)!['key'] as string) : await ask('Tag key to delete', '', checkTagKey));
      if (key === undefined) return;
      await write((w) => w.deleteRunTag(run.runId, key), `deleted tag '${key}' of run ${run.runId}`, run.experimentId);
    },
    [CommandIds.editRunNote]: async (arg, values) => {
      const run = needRun(arg);
      // An input box is one line: the current note's line breaks are kept as typed `\n`.
      const given = valuesOf(values).value;
      const typed = given ?? (await ask('Run note (Markdown; \\n for a line break)', (run.tags.get(NOTE_TAG) ?? '').replace(/\\/g, '\\\\').replace(/\n/g, '\\n'), (t) => checkTagValue(unescapeNote(t), 'The note')));
      if (typed === undefined) return;
      const note = given ?? unescapeNote(typed);
      await write((w) => w.setRunTag(run.runId, NOTE_TAG, note), `updated the note of run ${run.runId}`, run.experimentId);
    },
    [CommandIds.deleteRun]: async (arg, values) => {
      const run = needRun(arg);
      const label = run.runName ? `'${run.runName}' (${run.runId})` : run.runId;
      const choice = valuesOf(values).confirmed
        ? 'Delete'
        : await vscode.window.showWarningMessage(
            `Delete run ${label}?`,
            { modal: true, detail: 'MLflow marks the run deleted; it stays in the store and Restore Run brings it back until `mlflow gc` removes it.' },
            'Delete',
          );
      if (choice !== 'Delete') return;
      await write((w) => w.deleteRun(run.runId), `deleted run ${run.runId}`, run.experimentId);
    },
    [CommandIds.restoreRun]: async (arg) => {
      const run = needRun(arg);
      await write((w) => w.restoreRun(run.runId), `restored run ${run.runId}`, run.experimentId);
    },
    [CommandIds.renameExperiment]: async (arg, values) => {
      const node = asRecord(arg);
      const experimentId = node?.['experimentId'];
      if (typeof experimentId !== 'string') throw new Error('Choose an experiment in the MLflow Experiments view.');
      const current = asRecord(node?.['experiment'])?.['name'];
      const name = valuesOf(values).name ?? (await ask('New experiment name', typeof current === 'string' ? current : '', checkExperimentName));
      if (name === undefined) return;
      await write((w) => w.renameExperiment(experimentId, name), `renamed experiment ${experimentId}`);
    },
    [CommandIds.copyRunUri]: async (arg) => {
      const run = needRun(arg);
      await copy(`runs:/${run.runId}`, 'run URI');
    },
    [CommandIds.copyRunWebLink]: async (arg) => {
      const run = needRun(arg);
      if (!serverUri) throw new Error('Only a tracking server has a web UI link; for a local store use MLflow: Open MLflow UI.');
      if (!run.experimentId) throw new Error(`The experiment of run ${run.runId} is not known.`);
      await copy(`${serverUri}/#/experiments/${encodeURIComponent(run.experimentId)}/runs/${encodeURIComponent(run.runId)}`, 'web UI link');
    },
  };
  return [opened, ...Object.entries(table).map(([id, handler]) => registerGuardedCommand(id, (...args) => handler(args[0], args[1]), deps.logger))];
}

/** The writer for an open store, from the lazily loaded store bundle, with the store's credentials. */
export function openWriterFor(store: TrackingStore, options: { cwd: string; credentialsFor(uri: string): CredentialsProvider }): StoreWriter {
  const module = loadBundledModule<typeof StoreModule>('storeModule');
  const rest = store.kind === 'rest' ? { rest: { ...module.restOptionsFromEnv(process.env), credentials: options.credentialsFor(store.uri) } } : {};
  return module.openStoreWriter(store, { cwd: options.cwd, ...rest });
}

async function copy(text: string, what: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Copied ${what} ${text}`, 3000);
}

/** `\n` typed in the one-line input box → a line break; `\\` → a backslash. */
export function unescapeNote(text: string): string {
  return text.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}
