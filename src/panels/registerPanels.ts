/**
 * Registers the panel commands (`mlflowLens.openRun`, `mlflowLens.openMetricChart`) and the
 * serializers that restore panels after a window reload. One panel per run and per chart target:
 * opening it again reveals the existing one.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import type { TrackingStore } from '../core/store/trackingStore';
import { CommandIds } from '../shared/commandIds';
import { ProtocolLimits, type CompareRunsRestore, type MetricChartRestore, type PanelKind, type RunsTableRestore } from '../shared/webviewProtocol';
import { CompareRunsPanel, compareTitle } from './compareRunsPanel';
import { parseRestoreState, ProtocolViolation } from './messageGuard';
import { chartTitle, MetricsPanel } from './metricsPanel';
import { panelOptions, viewTypeOf } from './panelController';
import type { PanelDeps } from './panelDeps';
import { RunDetailsPanel } from './runDetailsPanel';
import { RunsTablePanel, runsTableTitle } from './runsTablePanel';
import { experimentIdsFrom, pickExperiments } from './runsTableTarget';

export interface PanelHostDeps {
  /** The connected store; may open it (after a window reload, panels restore before the tree). */
  getStore(): TrackingStore | undefined | Promise<TrackingStore | undefined>;
  logger: Logger;
}

/** The open panels, for the integration tests (returned from `activate()` as `panels`). */
export interface PanelsApi {
  /** Each open panel: its kind, tab title and what it shows. */
  open(): { kind: PanelKind; title: string; runIds?: string[]; experimentIds?: string[] }[];
  /** The open runs table of these experiments: its handler table, driven as its webview drives it. */
  runsTable(experimentIds: readonly string[]): Pick<RunsTablePanel, 'deliver' | 'loadedState'> | undefined;
  /** The open chart of exactly these runs and keys: what its webview reports having painted. */
  chart(target: MetricChartRestore): Pick<MetricsPanel, 'drawn' | 'onDidDraw'> | undefined;
}

/** Registers commands and serializers; the returned disposable closes every panel too. */
export function registerPanels(context: vscode.ExtensionContext, hostDeps: PanelHostDeps): vscode.Disposable & { api: PanelsApi } {
  const runPanels = new Map<string, RunDetailsPanel>();
  const chartPanels = new Map<string, MetricsPanel>();
  const comparePanels = new Map<string, CompareRunsPanel>();
  const tablePanels = new Map<string, RunsTablePanel>();
  const logger = hostDeps.logger;

  const deps: PanelDeps = {
    extensionUri: context.extensionUri,
    logger,
    getStore: async () => hostDeps.getStore(),
    openRun: (runId, runName) => openRun(runId, runName),
    openMetricChart: (target) => openChart(target),
  };

  const createPanel = (kind: PanelKind, title: string) =>
    vscode.window.createWebviewPanel(viewTypeOf(kind), title, vscode.ViewColumn.Active, panelOptions(context.extensionUri));

  function adoptRunPanel(panel: vscode.WebviewPanel, runId: string): void {
    const runPanel = new RunDetailsPanel(panel, runId, deps);
    runPanels.set(runId, runPanel);
    runPanel.onDidDispose(() => runPanels.delete(runId));
  }

  function adoptChartPanel(panel: vscode.WebviewPanel, target: MetricChartRestore): void {
    const key = chartKey(target);
    const chart = new MetricsPanel(panel, target, deps);
    chartPanels.set(key, chart);
    chart.onDidDispose(() => chartPanels.delete(key));
  }

  function adoptComparePanel(panel: vscode.WebviewPanel, target: CompareRunsRestore): void {
    const key = JSON.stringify(target.runIds);
    const compare = new CompareRunsPanel(panel, target, deps);
    comparePanels.set(key, compare);
    compare.onDidDispose(() => comparePanels.delete(key));
  }

  function adoptTablePanel(panel: vscode.WebviewPanel, target: RunsTableRestore): void {
    const key = JSON.stringify([...target.experimentIds].sort());
    const table = new RunsTablePanel(panel, target, { ...deps, workspaceState: context.workspaceState });
    tablePanels.set(key, table);
    table.onDidDispose(() => tablePanels.delete(key));
  }

  function openTable(target: RunsTableRestore): void {
    const existing = tablePanels.get(JSON.stringify([...target.experimentIds].sort()));
    if (existing) existing.panel.reveal();
    else adoptTablePanel(createPanel('runsTable', runsTableTitle(target)), target);
  }

  function openCompare(target: CompareRunsRestore): void {
    const existing = comparePanels.get(JSON.stringify(target.runIds));
    if (existing) existing.panel.reveal();
    else adoptComparePanel(createPanel('compareRuns', compareTitle(target)), target);
  }

  /** `runName`, when the caller knows it (the tree does), titles the tab before the run has loaded. */
  function openRun(runId: string, runName?: string): void {
    const existing = runPanels.get(runId);
    if (existing) existing.reveal();
    else adoptRunPanel(createPanel('runDetails', `Run: ${runName || runId}`), runId);
  }

  function openChart(target: MetricChartRestore): void {
    const existing = chartPanels.get(chartKey(target));
    if (existing) existing.panel.reveal();
    else adoptChartPanel(createPanel('metrics', chartTitle(target)), target);
  }

  const restoreWith =
    <K extends PanelKind>(kind: K, adopt: (panel: vscode.WebviewPanel, restore: ReturnType<typeof parseRestoreState<K>>) => void) =>
    async (panel: vscode.WebviewPanel, saved: unknown): Promise<void> => {
      try {
        adopt(panel, parseRestoreState(kind, saved));
      } catch (error) {
        if (!(error instanceof ProtocolViolation)) throw error;
        logger.warn(`could not restore a ${kind} panel: ${error.message}`);
        panel.dispose();
      }
    };

  const registrations = [
    vscode.commands.registerCommand(CommandIds.openRun, (arg: unknown) => {
      const runId = runIdFrom(arg);
      if (runId) openRun(runId, runNameFrom(arg));
      else void vscode.window.showWarningMessage('MLflow Lens: select a run to open.');
    }),
    vscode.commands.registerCommand(CommandIds.openMetricChart, (arg: unknown, selection: unknown) => {
      const target = chartTargetFrom(arg, selection);
      if (target) openChart(target);
      else void vscode.window.showWarningMessage('MLflow Lens: select a metric to chart.');
    }),
    vscode.commands.registerCommand(CommandIds.compareRuns, (arg: unknown, selection: unknown) => {
      const runIds = compareTargetFrom(arg, selection);
      if (runIds.length >= 2) openCompare({ runIds });
      else void vscode.window.showInformationMessage('MLflow Lens: select two or more runs in the Experiments view (Ctrl/Cmd-click), then Compare Runs.');
    }),
    vscode.commands.registerCommand(CommandIds.openRunsTable, async (arg: unknown, selection: unknown) => {
      let experimentIds = experimentIdsFrom(arg, selection);
      if (experimentIds.length === 0) {
        const store = await deps.getStore();
        if (!store) return void vscode.window.showWarningMessage('MLflow Lens: open a tracking store first.');
        experimentIds = await pickExperiments(store);
      }
      if (experimentIds.length > 0) openTable({ experimentIds });
    }),
    vscode.window.registerWebviewPanelSerializer(viewTypeOf('runsTable'), {
      deserializeWebviewPanel: restoreWith('runsTable', adoptTablePanel),
    }),
    vscode.window.registerWebviewPanelSerializer(viewTypeOf('compareRuns'), {
      deserializeWebviewPanel: restoreWith('compareRuns', adoptComparePanel),
    }),
    vscode.window.registerWebviewPanelSerializer(viewTypeOf('runDetails'), {
      deserializeWebviewPanel: restoreWith('runDetails', (panel, restore) => adoptRunPanel(panel, restore.runId)),
    }),
    vscode.window.registerWebviewPanelSerializer(viewTypeOf('metrics'), {
      deserializeWebviewPanel: restoreWith('metrics', adoptChartPanel),
    }),
  ];

  const api: PanelsApi = {
    open: () => [
      ...[...runPanels.entries()].map(([runId]) => ({ kind: 'runDetails' as const, title: runPanels.get(runId)?.panel.title ?? '', runIds: [runId] })),
      ...[...chartPanels.values()].map((p) => ({ kind: 'metrics' as const, title: p.panel.title })),
      ...[...comparePanels.entries()].map(([key, p]) => ({ kind: 'compareRuns' as const, title: p.panel.title, runIds: JSON.parse(key) as string[] })),
      ...[...tablePanels.values()].map((p) => ({ kind: 'runsTable' as const, title: p.panel.title, experimentIds: [...p.target.experimentIds] })),
    ],
    runsTable: (experimentIds) => tablePanels.get(JSON.stringify([...experimentIds].sort())),
    chart: (target) => chartPanels.get(chartKey(target)),
  };
  return Object.assign(
    new vscode.Disposable(() => {
      for (const r of registrations) r.dispose();
      for (const p of [...runPanels.values(), ...chartPanels.values(), ...comparePanels.values(), ...tablePanels.values()]) p.dispose();
    }),
    { api },
  );
}

function chartKey(target: MetricChartRestore): string {
  return JSON.stringify([target.runIds, target.metricKeys]);
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= ProtocolLimits.maxIdLength;
}

/** `{ runId }`, a run tree node, or a bare run id string. */
export function runIdFrom(arg: unknown): string | undefined {
  if (isId(arg)) return arg;
  const runId = field(arg, 'runId');
  return isId(runId) ? runId : undefined;
}

/** The run's name from `{ runName }` or a run tree node (`run.info.run_name`), when it is a usable title. */
export function runNameFrom(arg: unknown): string | undefined {
  const name = field(arg, 'runName') ?? field(field(field(arg, 'run'), 'info'), 'run_name');
  return typeof name === 'string' && name.trim() !== '' ? name.trim().slice(0, ProtocolLimits.maxIdLength) : undefined;
}

/**
 * `{ runIds, metricKeys }`, or a metric tree node `{ runId, metricKey }`; with a multi-selection
 * in the tree (VS Code passes it as the second argument), every selected metric node counts.
 */
export function chartTargetFrom(arg: unknown, selection?: unknown): MetricChartRestore | undefined {
  const runIds = field(arg, 'runIds');
  const metricKeys = field(arg, 'metricKeys');
  if (Array.isArray(runIds) && Array.isArray(metricKeys) && runIds.every(isId) && metricKeys.every((k) => typeof k === 'string')) {
    if (runIds.length === 0 || metricKeys.length === 0) return undefined;
    return { runIds: unique(runIds), metricKeys: unique(metricKeys as string[]) };
  }
  const nodes = Array.isArray(selection) && selection.length > 0 ? selection : [arg];
  const picked = nodes
    .map((n) => ({ runId: field(n, 'runId'), key: field(n, 'metricKey') }))
    .filter((n): n is { runId: string; key: string } => isId(n.runId) && typeof n.key === 'string');
  if (picked.length === 0) return undefined;
  return { runIds: unique(picked.map((p) => p.runId)), metricKeys: unique(picked.map((p) => p.key)) };
}

/** `{ runIds }`, or the runs selected in the tree (the clicked node plus VS Code's selection list). */
export function compareTargetFrom(arg: unknown, selection?: unknown): string[] {
  const runIds = field(arg, 'runIds');
  if (Array.isArray(runIds) && runIds.every(isId)) return unique(runIds).slice(0, ProtocolLimits.maxRunsPerChart);
  const nodes = Array.isArray(selection) && selection.length > 0 ? selection : [arg];
  const ids = nodes.filter((n) => field(n, 'kind') === 'run').map((n) => field(n, 'runId')).filter(isId);
  return unique(ids).slice(0, ProtocolLimits.maxRunsPerChart);
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
