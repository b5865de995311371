/**
 * The file-store sunset (MLflow 3.13 refuses `mlruns` unless MLFLOW_ALLOW_FILE_STORE=true): a one-time
 * notice per store when the workspace's MLflow refuses it, the same notice on demand, and the migration
 * with MLflow's own `mlflow migrate-filestore` in a terminal (no shell, trusted workspace only). The
 * folder is never touched and an existing database never overwritten; the connection moves to the new
 * database only when MLflow exits 0 and the file is there.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import {
  fileStoreStatusText,
  fileStoreVerdict,
  migrateFilestoreArgs,
  migrationTargetProblem,
  migrationVersionProblem,
  MIGRATION_GUIDE_URL,
  suggestedMigrationTarget,
  sunsetNoticeText,
  SunsetNoticeMemory,
  type FileStoreVerdict,
} from '../core/launch/fileStoreSunset';
import { commandLine } from '../core/launch/shellQuote';
import { absoluteTrackingUri } from '../core/launch/trackingEnv';
import type { Logger } from '../core/log';
import type { TrackingStore } from '../core/store/trackingStore';
import { openInSystemBrowser } from '../platform/externalUri';
import type { Settings } from '../platform/settings';
import { CommandIds } from '../shared/commandIds';
import type { Launcher } from './launcher';
import { LaunchTerminal } from './launchTerminal';

export interface FileStoreSunsetDeps {
  launcher: Launcher;
  logger: Logger;
  settings: Settings;
  /** Where the one-time notice is remembered, per store. */
  globalState: vscode.Memento;
  /** The active store as an absolute URI. */
  activeTrackingUri(): Promise<string | undefined>;
  /** The folder of a local store URI (undefined for a database or a server). */
  fileStoreFolder(trackingUri: string): string | undefined;
  /** The folder whose MLflow is asked (the first workspace folder). */
  projectDir(): string;
  /** Makes a store the active connection. */
  switchTo(trackingUri: string): Promise<void>;
  onDidOpenStore: vscode.Event<{ store: TrackingStore }>;
}

/** The automation contract of "Migrate mlruns to mlflow.db…": no questions, an error instead. */
export interface MigrateArgs {
  /** The mlruns folder (default: the active store). */
  source?: string;
  /** The new database file (default: asked, `mlflow.db` beside the folder suggested). */
  target?: string;
}

export interface MigrationResult {
  exitCode: number | null;
  target: string;
  targetUri: string;
  /** The connection moved to the new database. */
  switched: boolean;
}

const MIGRATE = 'Migrate to mlflow.db…';
const disk = { exists: (file: string) => fs.existsSync(file), isDirectory: (dir: string) => fs.existsSync(dir) && fs.statSync(dir).isDirectory() };
const KEEP = 'Keep mlruns for launched runs';
const LEARN = 'Learn more';

export function registerFileStoreSunset(deps: FileStoreSunsetDeps): vscode.Disposable[] {
  const memory = new SunsetNoticeMemory(deps.globalState);

  const sourceFolder = async (given: string | undefined): Promise<string> => {
    if (given) return path.resolve(given);
    const active = await deps.activeTrackingUri();
    if (!active) throw new Error('no tracking store is open: choose an mlruns folder first (MLflow: Choose Tracking Store…).');
    const folder = deps.fileStoreFolder(active);
    if (!folder) throw new Error(`the active store ${active} is not an mlruns folder: only file stores are migrated.`);
    return folder;
  };

  const askTarget = async (source: string): Promise<string | undefined> => {
    const suggested = suggestedMigrationTarget(source, disk.exists);
    const answer = await vscode.window.showInputBox({
      title: 'MLflow: Migrate mlruns to mlflow.db',
      prompt: `The new SQLite database for ${source} (the folder itself is left as it is)`,
      value: suggested,
      valueSelection: [suggested.length - path.basename(suggested).length, suggested.length - path.extname(suggested).length],
      ignoreFocusOut: true,
      validateInput: (value) => migrationTargetProblem(value, source, disk),
    });
    return answer?.trim() || undefined;
  };

  const migrate = async (args: MigrateArgs = {}): Promise<MigrationResult | undefined> => {
    if (!vscode.workspace.isTrusted) throw new Error('migrating runs MLflow: trust this workspace first (Manage Workspace Trust).');
    const source = await sourceFolder(args.source);
    if (!disk.isDirectory(source)) throw new Error(`${source} is not a folder.`);
    // Asked again, not the cached answer: the user may have just upgraded MLflow after the notice.
    const found = await deps.launcher.refreshMlflowFor(deps.projectDir());
    if ('missing' in found) throw new Error(found.missing);
    const tooOld = migrationVersionProblem(found.found.version, found.found.argv);
    if (tooOld) throw new Error(tooOld);
    const target = args.target !== undefined ? args.target : await askTarget(source);
    if (target === undefined) return undefined;
    // Checked again after the question: the file may have appeared meanwhile, and is never overwritten.
    const problem = migrationTargetProblem(target, source, disk);
    if (problem) throw new Error(problem);
    const database = path.resolve(target);
    const targetUri = absoluteTrackingUri({ kind: 'sqlite', databasePath: database });
    const argv = [...found.found.argv, ...migrateFilestoreArgs(source, database)];
    const env: NodeJS.ProcessEnv = { ...deps.launcher.baseEnv(), PYTHONUNBUFFERED: '1' };
    delete env['MLFLOW_TRACKING_URI'];
    const terminal = new LaunchTerminal({ argv, cwd: path.dirname(database), env, title: 'MLflow: migrate mlruns', what: 'mlflow migrate-filestore', display: commandLine(argv, 'bash') });
    deps.logger.info(`migrating ${source} into ${database} with MLflow ${found.found.version}`);
    terminal.show(true);
    const outcome = await new Promise<NonNullable<LaunchTerminal['outcome']>>((resolve) => terminal.onExit(resolve));
    const created = fs.existsSync(database);
    deps.logger.info(`migration of ${source} ended: ${JSON.stringify(outcome)}; ${database} ${created ? 'exists' : 'does not exist'}`);
    if (outcome.exitCode !== 0 || !created) {
      const why = outcome.error ?? (outcome.exitCode === 0 ? `MLflow exited 0 but ${database} was not created` : `MLflow ended with ${outcome.signal ?? `exit ${outcome.exitCode}`}`);
      void vscode.window.showErrorMessage(`MLflow: the migration of ${source} did not complete (${why}): MLflow Lens stays on the mlruns folder. See the "MLflow: migrate mlruns" terminal.`);
      return { exitCode: outcome.exitCode, target: database, targetUri, switched: false };
    }
    await deps.switchTo(targetUri);
    void vscode.window.showInformationMessage(`MLflow: ${source} was migrated into ${database}, which MLflow Lens now reads. The mlruns folder was left as it is.`);
    return { exitCode: 0, target: database, targetUri, switched: true };
  };

  const handleChoice = async (choice: string | undefined): Promise<void> => {
    if (choice === MIGRATE) await vscode.commands.executeCommand(CommandIds.migrateFileStore);
    else if (choice === KEEP) {
      await deps.settings.setLaunchAllowFileStore(true);
      void vscode.window.showInformationMessage('MLflow: runs and the MLflow UI started from MLflow Lens on an mlruns folder now get MLFLOW_ALLOW_FILE_STORE=true (setting mlflowLens.launch.allowFileStore).');
    } else if (choice === LEARN) await openInSystemBrowser(MIGRATION_GUIDE_URL);
  };

  const showNotice = (text: string, verdict: FileStoreVerdict): void => {
    const actions = [...(verdict.canMigrate ? [MIGRATE] : []), ...(verdict.refuses && !deps.settings.launchAllowFileStore() ? [KEEP] : []), LEARN];
    void vscode.window.showInformationMessage(`MLflow: ${text}`, ...actions).then((choice) => handleChoice(choice).catch((error: unknown) => deps.logger.warn(`file-store notice: ${String(error)}`)));
  };

  /** Once per store, when the workspace's MLflow refuses it and the user has not already chosen to keep it. */
  const noticeOnOpen = async (store: TrackingStore): Promise<void> => {
    if (store.kind !== 'file' || !vscode.workspace.isTrusted || deps.settings.launchAllowFileStore()) return;
    const uri = await deps.activeTrackingUri();
    const folder = uri ? deps.fileStoreFolder(uri) : undefined;
    if (!uri || !folder || memory.noticed(uri)) return;
    const found = await deps.launcher.mlflowFor(deps.projectDir());
    if ('missing' in found) return;
    const verdict = fileStoreVerdict(found.found.version);
    const text = sunsetNoticeText(verdict, folder);
    if (!text || !(await memory.claim(uri))) return;
    deps.logger.info(`file-store notice for ${uri} (MLflow ${verdict.version})`);
    showNotice(text, verdict);
  };

  /** The notice on demand, for any MLflow; resolves to what it said (the user's answer is handled apart). */
  const noticeOnDemand = async (): Promise<{ version: string; message: string }> => {
    if (!vscode.workspace.isTrusted) throw new Error('asking MLflow its version runs it: trust this workspace first (Manage Workspace Trust).');
    const source = await sourceFolder(undefined);
    const found = await deps.launcher.refreshMlflowFor(deps.projectDir());
    if ('missing' in found) throw new Error(found.missing);
    const verdict = fileStoreVerdict(found.found.version);
    const message = fileStoreStatusText(verdict, source);
    showNotice(message, verdict);
    return { version: verdict.version, message };
  };

  const guard = <A, R>(id: string, handler: (arg: A | undefined) => Promise<R>) =>
    vscode.commands.registerCommand(id, async (arg?: A) => {
      try {
        return await handler(arg);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        deps.logger.warn(`${id}: ${message}`);
        void vscode.window.showErrorMessage(`MLflow: ${message}`);
        // Automation (an argument object) gets the reason; interactive callers got the message.
        if (typeof arg === 'object' && arg !== null) throw error;
        return undefined;
      }
    });

  return [
    guard<MigrateArgs, MigrationResult | undefined>(CommandIds.migrateFileStore, (arg) => migrate(parseMigrateArgs(arg))),
    guard<unknown, { version: string; message: string }>(CommandIds.showFileStoreNotice, noticeOnDemand),
    deps.onDidOpenStore(({ store }) => void noticeOnOpen(store).catch((error: unknown) => deps.logger.warn(`file-store notice: ${String(error)}`))),
  ];
}

/** Only strings are taken from a command argument (a keybinding, a task or a test may pass anything). */
function parseMigrateArgs(arg: unknown): MigrateArgs {
  if (typeof arg !== 'object' || arg === null) return {};
  const { source, target } = arg as Record<string, unknown>;
  if (source !== undefined && typeof source !== 'string') throw new Error('Migrate mlruns to mlflow.db: `source` must be a path.');
  if (target !== undefined && typeof target !== 'string') throw new Error('Migrate mlruns to mlflow.db: `target` must be a path.');
  return { ...(source !== undefined ? { source } : {}), ...(target !== undefined ? { target } : {}) };
}
