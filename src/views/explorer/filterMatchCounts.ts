/**
 * With a run filter, how many runs of each experiment match it ("3 of 12 runs"), so that experiments
 * without a match can collapse or be hidden (`mlflowLens.filter.hideEmptyExperiments`). One search over
 * the listed experiments, reading no run data, counts them all; a count asked for before the filter
 * or an experiment changed is dropped when it arrives.
 */
import type { ViewType } from '../../core/model/entities';
import type { TrackingStore } from '../../core/store/trackingStore';

export interface FilterMatches {
  count: number;
  /** More runs match than were counted (the count stopped at `MAX_COUNTED`). */
  more: boolean;
}

/** Bounds on the runs one count reads: a server sends each run whole, so it is asked for one page. */
export const MAX_COUNTED = { local: 20_000, server: 1_000 } as const;
const PAGE_SIZE = 5_000;

/** "3 of 12 runs", "0 of 12 runs"; "3 matching" when the store does not say how many runs there are. */
export function describeMatches(matches: FilterMatches, runCount: number | undefined): string {
  const count = `${matches.count}${matches.more ? '+' : ''}`;
  return runCount === undefined ? `${count} matching` : `${count} of ${runCount} run${runCount === 1 ? '' : 's'}`;
}

/** Known to have no matching run, so there is nothing to expand to. */
export function hasNoMatch(matches: FilterMatches | undefined): boolean {
  return matches !== undefined && matches.count === 0 && !matches.more;
}

/**
 * Counts the runs matching `filter` per experiment, paging through the matches without their data.
 * Cut short by the bound, the counts are lower bounds (`more`), and an experiment none of whose runs
 * was seen is left out: it may still have matches.
 */
export async function countFilterMatches(
  store: Pick<TrackingStore, 'searchRuns' | 'kind'>,
  experimentIds: readonly string[],
  filter: string,
  viewType: ViewType,
  maxCounted: number = store.kind === 'rest' ? MAX_COUNTED.server : MAX_COUNTED.local,
): Promise<Map<string, FilterMatches>> {
  const counts = new Map(experimentIds.map((id) => [id, 0]));
  let read = 0;
  let pageToken: string | undefined;
  do {
    const page = await store.searchRuns({
      experimentIds: [...experimentIds],
      viewType,
      filter,
      include: { params: false, metrics: false, tags: false },
      maxResults: Math.min(PAGE_SIZE, maxCounted - read),
      ...(pageToken ? { pageToken } : {}),
    });
    for (const run of page.items) {
      const id = run.info.experiment_id;
      if (counts.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    read += page.items.length;
    pageToken = page.items.length > 0 ? page.nextPageToken : undefined;
  } while (pageToken && read < maxCounted);
  const more = pageToken !== undefined;
  return new Map([...counts].filter(([, count]) => !more || count > 0).map(([id, count]) => [id, { count, more }]));
}

export class FilterMatchCounts {
  private readonly counts = new Map<string, FilterMatches>();
  /** The request each experiment's count is awaited from. */
  private readonly pending = new Map<string, object>();
  private readonly inFlight = new Map<object, Promise<void>>();

  /** `onChange` is told each experiment whose count changed. */
  constructor(
    private readonly onChange: (experimentId: string, matches: FilterMatches) => void,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  get(experimentId: string): FilterMatches | undefined {
    return this.counts.get(experimentId);
  }

  /** A count known for sure (a complete filtered listing); it wins over a request still running. */
  set(experimentId: string, count: number): void {
    this.pending.delete(experimentId);
    this.update(experimentId, { count, more: false });
  }

  /** The experiment's runs changed: its count is asked again at the next request. */
  forget(experimentId: string): void {
    this.counts.delete(experimentId);
    this.pending.delete(experimentId);
  }

  /** The filter, the store or the deleted-runs choice changed: every count is stale. */
  clear(): void {
    this.counts.clear();
    this.pending.clear();
  }

  /**
   * Counts the experiments not known or asked for yet; resolves when every one of `experimentIds`
   * asked for so far is in (never rejects), so a caller that needs them (hiding) can await them.
   */
  async request(store: Pick<TrackingStore, 'searchRuns' | 'kind'>, experimentIds: readonly string[], filter: string, viewType: ViewType): Promise<void> {
    const wanted = [...new Set(experimentIds)].filter((id) => !this.counts.has(id) && !this.pending.has(id));
    if (wanted.length) this.start(store, wanted, filter, viewType);
    const tickets = new Set(experimentIds.map((id) => this.pending.get(id)).filter((t): t is object => t !== undefined));
    await Promise.all([...tickets].map((t) => this.inFlight.get(t)));
  }

  private start(store: Pick<TrackingStore, 'searchRuns' | 'kind'>, wanted: readonly string[], filter: string, viewType: ViewType): void {
    const ticket = {};
    for (const id of wanted) this.pending.set(id, ticket);
    const counting = countFilterMatches(store, wanted, filter, viewType)
      .then(
        (counts) => {
          for (const id of wanted) {
            if (this.pending.get(id) !== ticket) continue;
            this.pending.delete(id);
            const matches = counts.get(id);
            if (matches) this.update(id, matches);
          }
        },
        (error: unknown) => {
          for (const id of wanted) if (this.pending.get(id) === ticket) this.pending.delete(id);
          this.onError(error);
        },
      )
      .finally(() => this.inFlight.delete(ticket));
    this.inFlight.set(ticket, counting);
  }

  private update(experimentId: string, matches: FilterMatches): void {
    const known = this.counts.get(experimentId);
    if (known?.count === matches.count && known.more === matches.more) return;
    this.counts.set(experimentId, matches);
    this.onChange(experimentId, matches);
  }
}
