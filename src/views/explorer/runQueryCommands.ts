/**
 * "Filter Runs…", "Clear Run Filter", "Sort Runs…" and the default-order command: they set the
 * explorer's run query, remember it (and the filter history) per workspace, and show it in the
 * view's description and in the context keys that swap the title-bar icons.
 */
import * as vscode from 'vscode';
import { registerGuardedCommand } from '../../commands/guardedCommand';
import type { Logger } from '../../core/log';
import { CommandIds, ContextKeys } from '../../shared/commandIds';
import { parseFilter } from '../../core/search/filterParser';
import type { UnknownKey } from '../../core/search/keySuggestions';
import { describeUnknownKeys, runKeysOf, unknownFilterKeys } from '../../core/search/keySuggestions';
import type { ExplorerProvider } from './explorerProvider';
import type { FilterInputObserver } from './filterPicker';
import { chooseFilter } from './filterPicker';
import type { QuickInputProbe } from './quickInputProbe';
import { probeQuickInput } from './quickInputProbe';
import type { RunQuery, RunSort, SortEntity } from './runQuery';
import {
  SORT_ATTRIBUTES,
  describeQuery,
  filterProblem,
  readFilterHistory,
  readRunQuery,
  rememberFilter,
  sortFromOrderBy,
  sortKeysOf,
} from './runQuery';

const HISTORY_KEY = 'mlflowLens.filterHistory';
const QUERY_KEY = 'mlflowLens.runQuery';
const LOWER_IS_BETTER = /loss|error|err$|mse|mae|rmse|perplexity/i;

type SortChoice = vscode.QuickPickItem & { sort?: Omit<RunSort, 'ascending'>; action: 'sort' | 'default' };

/** What the test API exposes: the validation the input box uses and the state the view shows. */
export interface RunQueryApi {
  validateFilter(filter: string): string | undefined;
  current(): RunQuery;
  /** The Experiments view's description as VS Code shows it (also its message line). */
  viewDescription(): string | undefined;
  viewMessage(): string | undefined;
  filterHistory(): string[];
  /** The metric and param keys the Sort quick pick offers now. */
  sortKeys(): Promise<{ metrics: string[]; params: string[] }>;
  /** The next quick input Filter Runs shows, once shown: VS Code's API cannot type into another's. */
  nextFilterInput(): Promise<QuickInputProbe>;
}

export class RunQueryController implements vscode.Disposable {
  private readonly registrations: vscode.Disposable[];
  /** Said above the tree while the filter names keys no listed run has. */
  private keyNotice: string | undefined;
  private readonly inputWaiters: ((probe: QuickInputProbe) => void)[] = [];
  private readonly observeInput: FilterInputObserver = (input) => {
    const probe = probeQuickInput(input);
    for (const waiter of this.inputWaiters.splice(0)) waiter(probe);
  };

  constructor(
    private readonly explorer: ExplorerProvider,
    private readonly view: vscode.TreeView<unknown>,
    private readonly workspaceState: vscode.Memento,
    private readonly logger: Logger,
  ) {
    this.apply(readRunQuery(workspaceState.get(QUERY_KEY)), false);
    const guarded = (id: string, handler: (...args: unknown[]) => Promise<void>) =>
      registerGuardedCommand(id, handler, this.logger);
    this.registrations = [
      guarded(CommandIds.filterRuns, (filter) => this.filterRuns(filter)),
      guarded(CommandIds.clearFilter, async () => this.apply({ ...this.explorer.query, filter: undefined })),
      guarded(CommandIds.sortRuns, (orderBy) => this.sortRuns(orderBy)),
      guarded(CommandIds.clearSort, async () => this.apply({ ...this.explorer.query, sort: undefined })),
    ];
  }

  readonly api: RunQueryApi = {
    validateFilter: (filter) => filterProblem(filter),
    current: () => ({ ...this.explorer.query }),
    viewDescription: () => this.view.description,
    viewMessage: () => (typeof this.view.message === 'string' ? this.view.message : undefined),
    filterHistory: () => this.history(),
    sortKeys: async () => sortKeysOf(await this.explorer.sampleRunsForKeys()),
    nextFilterInput: () => new Promise((resolve) => this.inputWaiters.push(resolve)),
  };

  dispose(): void {
    for (const r of this.registrations) r.dispose();
  }

  /**
   * With a string argument (scripts, tests, keybindings) the filter is applied directly after the
   * same validation as the input box; '' clears it. Otherwise the history is offered, then the input box.
   */
  private async filterRuns(argument: unknown): Promise<void> {
    if (typeof argument === 'string') {
      const problem = filterProblem(argument);
      if (problem) throw new Error(`Invalid run filter "${argument}". ${problem}`);
      return this.useFilter(argument);
    }
    const decision = await chooseFilter(this.history(), this.explorer.query.filter, this.observeInput);
    if (decision) await this.useFilter(decision.filter);
  }

  private async useFilter(filter: string): Promise<void> {
    const trimmed = filter.trim();
    if (trimmed) await this.workspaceState.update(HISTORY_KEY, rememberFilter(this.history(), trimmed));
    this.apply({ ...this.explorer.query, filter: trimmed || undefined });
    if (trimmed) await this.noticeUnknownKeys(trimmed);
  }

  /**
   * MLflow accepts a filter on a key no run logged and matches nothing: say so above the tree, and
   * offer the nearest logged keys (without blocking; the filter stays applied).
   */
  private async noticeUnknownKeys(filter: string): Promise<void> {
    let unknown: UnknownKey[] = [];
    try {
      const ast = parseFilter(filter);
      if (!ast.clauses.some((c) => c.entity === 'metric' || c.entity === 'parameter' || c.entity === 'tag')) return;
      const runs = await this.explorer.sampleRunsForKeys({ unfiltered: true });
      // With no run listed there is nothing to tell a typo from.
      if (runs.length > 0) unknown = unknownFilterKeys(filter, ast, runKeysOf(runs));
    } catch (err) {
      this.logger.warn(`checking the filter's keys against the listed runs failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (this.explorer.query.filter !== filter || unknown.length === 0) return;
    this.keyNotice = describeUnknownKeys(unknown);
    this.showQuery(this.explorer.query);
    const fixes = unknown.flatMap((u) => u.suggestions.slice(0, unknown.length === 1 ? 3 : 1));
    void vscode.window
      .showWarningMessage(`MLflow Lens: ${this.keyNotice}`, ...fixes.map((f) => `Use ${f.identifier}`))
      .then((picked) => {
        const fix = fixes.find((f) => `Use ${f.identifier}` === picked);
        if (fix && this.explorer.query.filter === filter) return this.useFilter(fix.filter);
        return undefined;
      })
      .then(undefined, (err: unknown) => this.logger.error(`applying the suggested filter failed: ${err instanceof Error ? err.message : String(err)}`));
  }

  /** A string argument is one MLflow `order_by` clause kept as it is parsed (`metrics.loss ASC`); '' restores the default. */
  private async sortRuns(argument: unknown): Promise<void> {
    if (typeof argument === 'string') return this.apply({ ...this.explorer.query, sort: sortFromOrderBy(argument) });
    const choices = this.sortChoices();
    const picked = await vscode.window.showQuickPick(choices, { title: 'Sort MLflow Runs By', placeHolder: 'An attribute, or a metric or parameter of the loaded runs' });
    if (!picked) return;
    if (picked.action === 'default' || !picked.sort) return this.apply({ ...this.explorer.query, sort: undefined });
    const chosenSort = picked.sort;
    const numeric = chosenSort.entity === 'metric' || chosenSort.key.endsWith('_time');
    const directions: (vscode.QuickPickItem & { ascending: boolean })[] = [
      { label: '$(arrow-up) Ascending', description: numeric ? 'smallest / oldest first' : 'A → Z', ascending: true },
      { label: '$(arrow-down) Descending', description: numeric ? 'largest / newest first' : 'Z → A', ascending: false },
    ];
    // The likelier direction first: best scores and newest runs on top, losses lowest first.
    if (numeric && !(chosenSort.entity === 'metric' && LOWER_IS_BETTER.test(chosenSort.key))) directions.reverse();
    const direction = await vscode.window.showQuickPick(directions, { title: `Sort by ${picked.label.replace(/^\$\([^)]*\)\s*/, '')}` });
    if (!direction) return;
    this.apply({ ...this.explorer.query, sort: { ...chosenSort, ascending: direction.ascending } });
  }

  /** Attributes at once; metric and param keys once the loaded runs have been read (the pick shows busy meanwhile). */
  private async sortChoices(): Promise<SortChoice[]> {
    const attributes: SortChoice[] = SORT_ATTRIBUTES.map((a) => ({ label: `$(symbol-field) ${a.label}`, description: a.key, action: 'sort', sort: { entity: 'attribute', key: a.key } }));
    let keys: { metrics: string[]; params: string[] } = { metrics: [], params: [] };
    try {
      keys = sortKeysOf(await this.explorer.sampleRunsForKeys());
    } catch (err) {
      this.logger.warn(`reading metric and parameter keys for sorting failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    const keyed = (entity: Exclude<SortEntity, 'attribute'>, list: string[], icon: string): SortChoice[] =>
      list.map((key) => ({ label: `$(${icon}) ${key}`, description: entity === 'metric' ? 'metric' : 'parameter', action: 'sort', sort: { entity, key } }));
    return [
      { label: '$(history) Default order', description: 'start time, newest first', action: 'default' },
      { label: 'Attributes', kind: vscode.QuickPickItemKind.Separator, action: 'sort' },
      ...attributes,
      ...(keys.metrics.length ? [{ label: 'Metrics', kind: vscode.QuickPickItemKind.Separator, action: 'sort' as const }] : []),
      ...keyed('metric', keys.metrics, 'graph-line'),
      ...(keys.params.length ? [{ label: 'Parameters', kind: vscode.QuickPickItemKind.Separator, action: 'sort' as const }] : []),
      ...keyed('param', keys.params, 'symbol-parameter'),
    ];
  }

  private history(): string[] {
    return readFilterHistory(this.workspaceState.get(HISTORY_KEY));
  }

  private apply(query: RunQuery, persist = true): void {
    const clean: RunQuery = {
      ...(query.filter ? { filter: query.filter } : {}),
      ...(query.sort ? { sort: query.sort } : {}),
    };
    if (clean.filter !== this.explorer.query.filter) this.keyNotice = undefined;
    this.explorer.setQuery(clean);
    this.showQuery(clean);
    void vscode.commands.executeCommand('setContext', ContextKeys.filterActive, clean.filter !== undefined);
    void vscode.commands.executeCommand('setContext', ContextKeys.sortActive, clean.sort !== undefined);
    if (persist) void this.workspaceState.update(QUERY_KEY, clean);
    this.logger.info(`run query: ${describeQuery(clean) ?? 'none'}`);
  }

  private showQuery(query: RunQuery): void {
    const description = describeQuery(query);
    this.view.description = description;
    // Alone in its container the view has no header, so VS Code hides the description: the message
    // line above the tree shows the same text in every layout (and what the filter cannot match).
    this.view.message = description && this.keyNotice ? `${description} — ${this.keyNotice}` : description;
  }
}
