/**
 * The counts an experiment row shows: how many runs it holds (`runCounts.ts`) and, with a run filter,
 * how many of them match (`filterMatchCounts.ts`), and whether the filter hides it. Counts arrive in
 * the background; each arrival is told to the provider, which repaints the row (or the list, when a
 * row is now hidden).
 */
import type { Run, ViewType } from '../../core/model/entities';
import type { Logger } from '../../core/log';
import type { TrackingStore } from '../../core/store/trackingStore';
import { FilterMatchCounts, hasNoMatch, type FilterMatches } from './filterMatchCounts';
import type { ExperimentNode } from './nodes';
import type { Paged } from './pagedListing';
import { RunCounts } from './runCounts';
import { describeStoreError } from './storeErrorText';

export interface ExperimentCountsDeps {
  logger: Logger;
  viewType(): ViewType;
  /** The run filter in force, if any. */
  filter(): string | undefined;
  /** With a filter, leave out the experiments without a matching run. */
  hideEmptyExperiments(): boolean;
  /** An experiment's run or match count changed: its row says something new. */
  onCountChanged(experimentId: string): void;
  /** An experiment turned out to have no match while those are hidden: the list is shorter. */
  onHidden(experimentId: string): void;
}

export class ExperimentCounts {
  private readonly runCounts = new RunCounts(
    (experimentId) => this.deps.onCountChanged(experimentId),
    (error) => this.deps.logger.debug(`counting runs failed: ${describeStoreError(error)}`),
  );
  private readonly filterMatches = new FilterMatchCounts(
    (experimentId, matches) => this.matchesChanged(experimentId, matches),
    (error) => this.deps.logger.debug(`counting the runs matching the filter failed: ${describeStoreError(error)}`),
  );

  constructor(private readonly deps: ExperimentCountsDeps) {}

  /** Writes the counts known now into the row (clearing ones no longer known). */
  fill<T extends ExperimentNode>(node: T): T {
    node.runCount = this.runCounts.get(node.experimentId);
    node.matches = this.filterMatches.get(node.experimentId);
    return node;
  }

  /** Asks the store for these experiments' run counts, and their match counts under a filter. */
  request(store: TrackingStore, experimentIds: readonly string[]): Promise<unknown> {
    return Promise.all([this.runCounts.request(store, experimentIds, this.deps.viewType()), this.countMatches(store, experimentIds)]);
  }

  /** With a filter, counts each experiment's matching runs: in the background, or awaited when empty ones are hidden. */
  async countMatches(store: TrackingStore, experimentIds: readonly string[]): Promise<void> {
    const filter = this.deps.filter();
    if (!filter) return;
    const counting = this.filterMatches.request(store, experimentIds, filter, this.deps.viewType());
    if (this.deps.hideEmptyExperiments()) await counting;
  }

  /** Asks the store for the run counts not known yet (background; never rejects). */
  countRuns(store: TrackingStore, experimentIds: readonly string[]): Promise<void> {
    return this.runCounts.request(store, experimentIds, this.deps.viewType());
  }

  /** A listing that saw every run (or says how many) tells the count without asking. */
  learnFromListing(experimentId: string, page: Paged<Run>): void {
    if (!this.deps.filter()) {
      // Without a filter the listing counts the experiment's runs too (a server's, once every page is in).
      const count = page.totalCount ?? (page.nextPageToken ? undefined : page.items.length);
      if (count !== undefined) this.runCounts.set(experimentId, count);
    } else if (page.totalCount !== undefined || !page.nextPageToken) {
      this.filterMatches.set(experimentId, page.totalCount ?? page.items.length);
    }
  }

  /** Left out of the tree: a filter is on, empty experiments are hidden, and none of its runs matches. */
  hidden(node: ExperimentNode): boolean {
    return this.deps.filter() !== undefined && this.deps.hideEmptyExperiments() && hasNoMatch(node.matches);
  }

  /** The experiment's runs changed: both its counts are asked again. */
  forget(experimentId: string): void {
    this.runCounts.forget(experimentId);
    this.filterMatches.forget(experimentId);
  }

  clear(): void {
    this.runCounts.clear();
    this.filterMatches.clear();
  }

  /** The filter changed: the match counts are stale, the run counts stay. */
  clearMatches(): void {
    this.filterMatches.clear();
  }

  private matchesChanged(experimentId: string, matches: FilterMatches): void {
    if (this.deps.hideEmptyExperiments() && hasNoMatch(matches)) this.deps.onHidden(experimentId);
    else this.deps.onCountChanged(experimentId);
  }
}
