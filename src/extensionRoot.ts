/**
 * Composition root: builds the logger, settings, connection, explorer, status bar and commands, and
 * owns every disposable at the line that creates it. Nothing here reads the tracking store: the store
 * is opened on the first `getChildren` of the Experiments view (activation stays cheap).
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { registerArtifactCommands } from './artifacts/artifactCommands';
import { chooseStore } from './connection/chooseStoreCommand';
import { namedConnections, registerConnectionCommands } from './connection/connectionCommands';
import { ConnectionManager } from './connection/connectionManager';
import { connectionNameFor } from './connection/namedConnections';
import { CredentialStore, promptForCredentials } from './connection/credentials';
import { RecentStores } from './connection/recentStores';
import { absoluteStoreUri, detectTargets, localStoreLocation, localStoreRoot, openTrackingStore } from './connection/storeFactory';
import { registerCommands } from './commands/registerCommands';
import { openWriterFor, registerRunActions } from './commands/runActions';
import { registerLaunchCommands } from './launch/launchCommands';
import { Launcher } from './launch/launcher';
import { registerMlflowUiCommand } from './launch/mlflowUi';
import { registerFileStoreSunset } from './launch/migrateFileStore';
import { trackProjectFolders } from './launch/projectFolders';
import { startLanguageClientOnDemand } from './lazy/languageOnDemand';
import { registerPanels, type PanelsApi } from './panels/registerPanels';
import { DisposableStore } from './platform/disposable';
import { createLogOutput } from './platform/logOutput';
import { Settings } from './platform/settings';
import { registerProvenanceCommands } from './provenance/provenanceCommands';
import { registerExportRuns } from './export/exportRunsCommand';
import { registerServing, type ServingApi } from './serving/servingCommands';
import { CommandIds, ContextKeys, SettingKeys, ViewIds } from './shared/commandIds';
import { ArtifactFileSystem } from './views/explorer/artifactFileSystem';
import { routeChanges } from './views/explorer/changeRouting';
import type { ExplorerApi } from './views/explorer/explorerApi';
import { createExplorerApi } from './views/explorer/explorerApi';
import { revealRun } from './views/explorer/revealRun';
import { ExplorerProvider } from './views/explorer/explorerProvider';
import { IndexProgress, type IndexProgressApi } from './views/explorer/indexProgress';
import { LiveServerView } from './views/explorer/liveServerView';
import type { RunQueryApi } from './views/explorer/runQueryCommands';
import { RunQueryController } from './views/explorer/runQueryCommands';
import { StoreWatcher } from './views/explorer/storeWatcher';
import type { ModelsApi } from './views/models/modelsApi';
import { registerModelsView } from './views/models/registerModelsView';
import { StoreStatusBar } from './views/statusBar';

/** What `activate()` returns: a plain-data view of the explorer for tests and other extensions. */
export interface MlflowLensApi {
  explorer: ExplorerApi;
  /** The Models view's tree as plain data. */
  models: ModelsApi;
  /** The filter and sort of the run listings, and the filter validation the input box uses. */
  runQuery: RunQueryApi;
  /** The notification of the store's background index build (its text, Cancel, its delay for tests). */
  indexProgress: IndexProgressApi;
  /** The tracking URI in use, when one is configured or found. */
  activeStoreUri(): Promise<string | undefined>;
  /** The status bar item's text (it names the active connection). */
  statusBarText(): string;
  /** The connection health the status bar item shows: 'idle', 'connecting', 'ok', 'failed', 'unreachable' or 'none'. */
  statusBarState(): string;
  /** For a SQLite store once open: the engine reading it (`node:sqlite`, or the `sql.js` fallback). */
  sqliteEngine(): string | undefined;
  /** The open panels (the runs table driven through its webview's handlers). */
  panels: PanelsApi;
  /** Models served with Serve Model Locally, and their Try It panels. */
  serving: ServingApi;
}

export class ExtensionRoot extends DisposableStore {
  readonly api: MlflowLensApi;

  constructor(context: vscode.ExtensionContext) {
    super();
    const started = performance.now();
    const { channel, logger } = createLogOutput();
    this.register(channel);
    const settings = new Settings();
    const cwd = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
    const workspaceFolders = () => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);

    const credentials = this.register(new CredentialStore(context.secrets));
    const recentStores = new RecentStores(context.workspaceState);
    const connection = this.register(
      new ConnectionManager({
        settings,
        workspaceState: context.workspaceState,
        logger: logger.child('connection'),
        detect: async () => (await detectTargets(workspaceFolders(), process.env))[0],
        openStore: (uri) =>
          openTrackingStore(uri, {
            cwd: cwd(),
            cacheDir: context.globalStorageUri.fsPath,
            logger: logger.child('store'),
            credentialsFor: (trackingUri) => credentials.provider(trackingUri),
          }),
      }),
    );

    const explorer = this.register(
      new ExplorerProvider({
        source: connection,
        logger: logger.child('explorer'),
        runPageSize: () => settings.runPageSize(),
        hideEmptyExperiments: () => settings.hideEmptyExperiments(),
        folderSeparator: () => settings.experimentFolderSeparator(),
        // The welcome view appears only once the view asked for the store and none was found.
        onStoreState: (state) => void vscode.commands.executeCommand('setContext', ContextKeys.storeState, state),
        onRead: (store, error, experimentList) => connection.noteRead(store, error, experimentList),
      }),
    );
    const treeView = this.register(
      vscode.window.createTreeView(ViewIds.experiments, { treeDataProvider: explorer, showCollapseAll: true, canSelectMany: true }),
    );
    const models = registerModelsView({
      connection,
      logger: logger.child('models'),
      revealRunInExplorer: (runId, experimentId) => revealRun(explorer, treeView, runId, experimentId),
      openRunDetails: (runId) => void vscode.commands.executeCommand(CommandIds.openRun, runId),
    });
    this.register(models.disposable);
    const runQuery = this.register(new RunQueryController(explorer, treeView, context.workspaceState, logger.child('query')));
    const explorerApi = this.register(createExplorerApi(explorer));

    const setShowDeleted = (show: boolean) => {
      explorer.setShowDeleted(show);
      void vscode.commands.executeCommand('setContext', ContextKeys.showDeleted, show);
    };
    setShowDeleted(settings.showDeleted());
    this.register(settings.onDidChange(SettingKeys.showDeleted, () => setShowDeleted(settings.showDeleted())));
    this.register(settings.onDidChange(SettingKeys.runPageSize, () => explorer.refreshAll()));
    this.register(settings.onDidChange(SettingKeys.hideEmptyExperiments, () => explorer.refreshExperimentList()));
    this.register(settings.onDidChange(SettingKeys.experimentFolderSeparator, () => explorer.regroup()));

    let watcher: StoreWatcher | undefined;
    this.register({ dispose: () => watcher?.dispose() });
    const indexProgress = this.register(new IndexProgress());
    this.register(connection.onDidOpenStore(({ store }) => indexProgress.track(store)));
    this.register(
      connection.onDidChangeStore(() => {
        indexProgress.stop();
        watcher?.dispose();
        watcher = undefined;
        explorer.refreshAll({ switching: true });
      }),
    );
    this.register(
      new LiveServerView({
        connection,
        explorer,
        treeView,
        intervalMs: () => settings.serverPollIntervalMs(),
        onDidChangeInterval: (listener) => settings.onDidChange(SettingKeys.serverPollInterval, () => listener()),
      }),
    );
    this.register(
      connection.onDidOpenStore(({ store }) => {
        const location = store.kind === 'rest' ? undefined : localStoreLocation(store.uri, cwd());
        watcher?.dispose();
        watcher = undefined;
        if (location?.folder !== undefined) {
          const root = location.folder;
          watcher = new StoreWatcher(root, (paths) => {
            for (const changed of paths) store.notifyChanged?.(changed);
            const affected = routeChanges(root, paths);
            logger.debug(`[watcher] ${paths.length} change(s): ${affected.root ? 'experiment list, ' : ''}${[...affected.experimentIds].join(', ')}`);
            if (affected.root) explorer.refreshExperimentList();
            if (affected.experimentIds.size) explorer.refreshExperiments(affected.experimentIds);
          });
        } else if (location?.database !== undefined) {
          // A database does not say which experiment changed; the visible listings are re-read.
          // Readers touch the `-shm` file, so it is left out (watching it would refresh in a loop).
          const name = path.basename(location.database);
          watcher = new StoreWatcher(
            path.dirname(location.database),
            () => {
              store.notifyChanged?.(location.database);
              explorer.refreshAll();
            },
            { pattern: `{${name},${name}-wal,${name}-journal}`, debounceMs: 500 },
          );
        }
      }),
    );
    const connectionNames = this.register(new vscode.EventEmitter<void>());
    this.register(settings.onDidChange(SettingKeys.connections, () => connectionNames.fire()));
    const statusBar = this.register(
      new StoreStatusBar(connection, (uri) => connectionNameFor(namedConnections(settings, logger.child('connection')), uri), connectionNames.event),
    );
    for (const d of registerConnectionCommands({
      connection,
      settings,
      logger: logger.child('connection'),
      detectAll: () => detectTargets(workspaceFolders(), process.env),
      recent: recentStores,
      cwd,
    })) {
      this.register(d);
    }
    const panels = this.register(
      registerPanels(context, {
        getStore: async () => {
          const status = await connection.open();
          return status.state === 'open' ? status.store : undefined;
        },
        logger: logger.child('panels'),
      }),
    );
    this.register(startLanguageClientOnDemand(context, logger.child('language')));

    const openStore = async () => {
      const status = await connection.open();
      return status.state === 'open' ? status.store : undefined;
    };
    for (const d of registerRunActions({
      store: openStore,
      openWriter: (store) => Promise.resolve(openWriterFor(store, { cwd: cwd(), credentialsFor: (uri) => credentials.provider(uri) })),
      onDidOpenStore: connection.onDidOpenStore,
      refresh: (experimentId) => (experimentId === undefined ? explorer.refreshAll() : explorer.refreshExperiments([experimentId])),
      logger: logger.child('actions'),
    })) {
      this.register(d);
    }
    const activeTrackingUri = async () => {
      const target = await connection.target();
      return target ? absoluteStoreUri(target.uri, cwd()) : undefined;
    };
    const launcher = this.register(
      new Launcher({
        logger: logger.child('launch'),
        mlflowPathSetting: () => settings.mlflowPath(),
        activeTrackingUri,
        credentials: async (uri) => credentials.provider(uri)(),
        env: () => process.env,
        allowFileStore: () => settings.launchAllowFileStore(),
      }),
    );
    this.register(settings.onDidChange(SettingKeys.mlflowPath, () => launcher.forgetMlflow()));
    this.register(trackProjectFolders());
    const updateLaunchRunning = () => void vscode.commands.executeCommand('setContext', ContextKeys.launchRunning, launcher.running().length > 0);
    this.register(
      launcher.onDidStart((launch) => {
        updateLaunchRunning();
        launch.terminal.onExit(updateLaunchRunning);
      }),
    );
    for (const d of registerLaunchCommands({
      extensionUri: context.extensionUri,
      logger: logger.child('launch'),
      launcher,
      workspaceState: context.workspaceState,
      getStore: openStore,
      activeTrackingUri,
      experiments: async () => {
        const store = await openStore();
        const page = await store?.searchExperiments({ viewType: 'ACTIVE_ONLY', maxResults: 1000 });
        return (page?.items ?? []).map((e) => ({ id: e.experiment_id, name: e.name }));
      },
      revealRun: (run) => revealRun(explorer, treeView, run.info.run_id, run.info.experiment_id),
      openRun: (runId) => void vscode.commands.executeCommand(CommandIds.openRun, runId),
      openChart: (runId, metricKeys) => void vscode.commands.executeCommand(CommandIds.openMetricChart, { runIds: [runId], metricKeys }),
      openChartOnLaunch: () => settings.launchOpenChart(),
    })) {
      this.register(d);
    }
    this.register(
      registerMlflowUiCommand({ launcher, activeTrackingUri, projectDir: cwd, env: () => process.env, allowFileStore: () => settings.launchAllowFileStore() }),
    );
    const serving = registerServing({
      extensionUri: context.extensionUri,
      logger: logger.child('serve'),
      launcher,
      currentStore: openStore,
      activeTrackingUri,
      credentials: async (uri) => credentials.provider(uri)(),
      workingDir: () => workspaceFolders()[0],
      env: () => process.env,
      workspaceState: context.workspaceState,
    });
    for (const d of serving.disposables) this.register(d);
    this.register(registerExportRuns({ currentStore: openStore, runQuery: () => explorer.query, defaultFolder: () => workspaceFolders()[0], logger: logger.child('export') }));
    for (const d of registerFileStoreSunset({
      launcher,
      logger: logger.child('launch'),
      settings,
      globalState: context.globalState,
      activeTrackingUri,
      fileStoreFolder: (uri) => localStoreRoot(uri, cwd()),
      projectDir: cwd,
      switchTo: async (uri) => {
        await recentStores.remember(uri);
        await connection.choose(uri);
      },
      onDidOpenStore: connection.onDidOpenStore,
    })) {
      this.register(d);
    }

    this.register(ArtifactFileSystem.register(openStore));
    for (const d of registerArtifactCommands({ currentStore: openStore, logger: logger.child('artifacts') })) this.register(d);
    for (const d of registerProvenanceCommands({ currentStore: openStore, logger: logger.child('provenance') })) this.register(d);
    for (const d of registerCommands(
      {
        refresh: () => {
          const store = connection.currentStore();
          const root = store?.kind === 'file' ? localStoreRoot(store.uri, cwd()) : undefined;
          if (root) store?.notifyChanged?.(root);
          explorer.refreshAll();
        },
        chooseStore: (uri) =>
          chooseStore({ connection, detectAll: () => detectTargets(workspaceFolders(), process.env), recent: recentStores, cwd }, uri),
        setShowDeleted,
        loadMore: (node) => explorer.loadMore(node),
        enterCredentials: async () => {
          const target = await connection.target();
          if (!target || !/^https?:/i.test(target.uri)) {
            void vscode.window.showInformationMessage('MLflow: credentials are only used by tracking servers (http:// or https://).');
            return;
          }
          if (await promptForCredentials(target.uri, credentials)) connection.reset('credentials changed');
        },
      },
      logger.child('commands'),
    )) {
      this.register(d);
    }

    this.api = {
      serving: serving.api,
      panels: panels.api,
      explorer: explorerApi,
      models: models.api,
      runQuery: runQuery.api,
      indexProgress: indexProgress.api,
      activeStoreUri: async () => (await connection.target())?.uri,
      statusBarText: () => statusBar.text,
      statusBarState: () => statusBar.state,
      sqliteEngine: () => {
        const store = connection.currentStore();
        return store?.kind === 'sqlite' ? (store as { engine?: string }).engine : undefined;
      },
    };
    logger.info(`activated in ${(performance.now() - started).toFixed(1)} ms (${vscode.ExtensionMode[context.extensionMode]} mode)`);
  }
}
