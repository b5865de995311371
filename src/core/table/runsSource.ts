/**
 * Reads every run the table lists through the `TrackingStore` interface only: the filter and the
 * `order_by` go to the store (SQL for SQLite, the server for REST, the shared evaluator for the file
 * store), so the three kinds of store give the same rows. Pages until the listing ends.
 */
import type { Run, ViewType } from '../model/entities';
import type { StoreProblem } from '../store/storeErrors';
import type { TrackingStore } from '../store/trackingStore';

export interface TableRunsRequest {
  experimentIds: string[];
  filter?: string;
  orderBy?: string[];
  viewType?: ViewType;
  /** Runs per store call; undefined lets the store choose (and sends no `max_results` to a server). */
  pageSize?: number;
  /** Stops after this many runs (the table says the listing was cut). */
  maxRuns?: number;
}

export interface TableRuns {
  runs: Run[];
  problems: StoreProblem[];
  /** True when `maxRuns` cut the listing short. */
  truncated: boolean;
}

export const DEFAULT_MAX_TABLE_RUNS = 100_000;

export async function loadTableRuns(
  store: TrackingStore,
  request: TableRunsRequest,
  signal?: AbortSignal,
  onPage?: (loaded: number) => void,
): Promise<TableRuns> {
  const maxRuns = request.maxRuns ?? DEFAULT_MAX_TABLE_RUNS;
  const runs: Run[] = [];
  const problems: StoreProblem[] = [];
  const seenTokens = new Set<string>();
  let pageToken: string | undefined;
  for (;;) {
    const page = await store.searchRuns(
      {
        experimentIds: request.experimentIds,
        ...(request.filter?.trim() ? { filter: request.filter } : {}),
        ...(request.orderBy?.length ? { orderBy: request.orderBy } : {}),
        ...(request.viewType ? { viewType: request.viewType } : {}),
        ...(request.pageSize !== undefined ? { maxResults: request.pageSize } : {}),
        ...(pageToken !== undefined ? { pageToken } : {}),
      },
      signal,
    );
    for (const run of page.items) runs.push(run);
    problems.push(...page.problems);
    onPage?.(runs.length);
    if (runs.length >= maxRuns) return { runs: runs.slice(0, maxRuns), problems, truncated: true };
    if (!page.nextPageToken) return { runs, problems, truncated: false };
    // A server that repeats a token would otherwise page forever.
    if (seenTokens.has(page.nextPageToken)) throw new Error(`${store.uri}: the store repeated page token ${page.nextPageToken}`);
    seenTokens.add(page.nextPageToken);
    pageToken = page.nextPageToken;
  }
}
