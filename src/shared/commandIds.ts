/**
 * Every command, view and context key id the extension contributes, in one place.
 * `test/unit/shared/commandIds.test.ts` checks that these match `package.json`.
 */
export const CommandIds = {
  refresh: 'mlflowLens.refresh',
  chooseStore: 'mlflowLens.chooseStore',
  showDeleted: 'mlflowLens.showDeleted',
  hideDeleted: 'mlflowLens.hideDeleted',
  copyRunId: 'mlflowLens.copyRunId',
  loadMore: 'mlflowLens.loadMore',
  openArtifact: 'mlflowLens.openArtifact',
  enterCredentials: 'mlflowLens.enterCredentials',
  openRun: 'mlflowLens.openRun',
  openMetricChart: 'mlflowLens.openMetricChart',
  compareRuns: 'mlflowLens.compareRuns',
  openRunsTable: 'mlflowLens.openRunsTable',
  filterRuns: 'mlflowLens.filterRuns',
  clearFilter: 'mlflowLens.clearFilter',
  sortRuns: 'mlflowLens.sortRuns',
  clearSort: 'mlflowLens.clearSort',
  addConnection: 'mlflowLens.addConnection',
  switchConnection: 'mlflowLens.switchConnection',
  removeConnection: 'mlflowLens.removeConnection',
  runEntryPoint: 'mlflowLens.runEntryPoint',
  rerunWithParameters: 'mlflowLens.rerunWithParameters',
  stopLaunch: 'mlflowLens.stopLaunch',
  openMlflowUi: 'mlflowLens.openMlflowUi',
  migrateFileStore: 'mlflowLens.migrateFileStore',
  showFileStoreNotice: 'mlflowLens.showFileStoreNotice',
  copyModelUri: 'mlflowLens.copyModelUri',
  copyModelAliasUri: 'mlflowLens.copyModelAliasUri',
  copyModelRunUri: 'mlflowLens.copyModelRunUri',
  revealModelRun: 'mlflowLens.revealModelRun',
  filterModels: 'mlflowLens.filterModels',
  clearModelFilter: 'mlflowLens.clearModelFilter',
  refreshModels: 'mlflowLens.refreshModels',
  loadMoreModels: 'mlflowLens.loadMoreModels',
  renameRun: 'mlflowLens.renameRun',
  setRunTag: 'mlflowLens.setRunTag',
  deleteRunTag: 'mlflowLens.deleteRunTag',
  editRunNote: 'mlflowLens.editRunNote',
  deleteRun: 'mlflowLens.deleteRun',
  restoreRun: 'mlflowLens.restoreRun',
  renameExperiment: 'mlflowLens.renameExperiment',
  copyRunUri: 'mlflowLens.copyRunUri',
  copyRunWebLink: 'mlflowLens.copyRunWebLink',
  openArtifactAsText: 'mlflowLens.openArtifactAsText',
  downloadArtifact: 'mlflowLens.downloadArtifact',
  compareArtifactWithRun: 'mlflowLens.compareArtifactWithRun',
  openSourceAtCommit: 'mlflowLens.openSourceAtCommit',
  diffSourceWithWorkingTree: 'mlflowLens.diffSourceWithWorkingTree',
  serveModel: 'mlflowLens.serveModel',
  stopModelServer: 'mlflowLens.stopModelServer',
  exportRunsCsv: 'mlflowLens.exportRunsCsv',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

export const ViewIds = {
  container: 'mlflowLens',
  experiments: 'mlflowLens.experiments',
  models: 'mlflowLens.models',
} as const;

/** Context keys set with `setContext`, used in `when` clauses of package.json. */
export const ContextKeys = {
  /** true while deleted experiments and runs are shown. */
  showDeleted: 'mlflowLens.showDeleted',
  /** 'none' when no store was found (shows the welcome view), 'open' otherwise. */
  storeState: 'mlflowLens.storeState',
  /** true once a store is open: Filter, Sort and Show Deleted are offered only then. */
  storeOpen: 'mlflowLens.storeOpen',
  /** true while a run filter is active (the view title shows Clear Filter instead of Filter). */
  filterActive: 'mlflowLens.filterActive',
  /** true while runs are sorted by something other than MLflow's default. */
  sortActive: 'mlflowLens.sortActive',
  /** true while the Models view lists only names containing a text. */
  modelFilterActive: 'mlflowLens.modelFilterActive',
  /** true while a run launched from this window is running (Stop Run is offered). */
  launchRunning: 'mlflowLens.launchRunning',
  /** Folders of the workspace holding an MLproject (the explorer offers Run Entry Point on them). */
  projectFolders: 'mlflowLens.projectFolders',
  /** true while the open store is a tracking server (Copy Web UI Link is offered). */
  storeIsServer: 'mlflowLens.storeIsServer',
  /** true while a model server started from this window is running (Stop Model Server is offered). */
  modelServing: 'mlflowLens.modelServing',
} as const;

/** Configuration keys under `mlflowLens.`. */
export const SettingKeys = {
  trackingUri: 'mlflowLens.trackingUri',
  showDeleted: 'mlflowLens.showDeleted',
  runPageSize: 'mlflowLens.runPageSize',
  hideEmptyExperiments: 'mlflowLens.filter.hideEmptyExperiments',
  experimentFolderSeparator: 'mlflowLens.experimentFolders.separator',
  connections: 'mlflowLens.connections',
  chartMaxPointsPerSeries: 'mlflowLens.chart.maxPointsPerSeries',
  mlflowPath: 'mlflowLens.mlflowPath',
  launchOpenChart: 'mlflowLens.launch.openChart',
  launchAllowFileStore: 'mlflowLens.launch.allowFileStore',
  serverPollInterval: 'mlflowLens.server.pollInterval',
} as const;
