/** A page of a listing as the tree keeps it: the items so far, their problems, and how to go on. */
import type { StoreProblem } from '../../core/store/storeErrors';

export interface Paged<T> {
  items: T[];
  problems: StoreProblem[];
  nextPageToken?: string;
  /** All the matches, when the store can tell (a server cannot). */
  totalCount?: number;
}

/** Keeps only what the tree uses of a store's page (no stray fields from the backend). */
export function pagedOf<T>(page: Paged<T>): Paged<T> {
  return {
    items: page.items,
    problems: page.problems,
    ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    ...(page.totalCount !== undefined ? { totalCount: page.totalCount } : {}),
  };
}

/** The listing after "Load more": `next` appended to `current`, its token and total winning. */
export function appendPage<T>(current: Paged<T>, next: Paged<T>): Paged<T> {
  const totalCount = next.totalCount ?? current.totalCount;
  return {
    items: [...current.items, ...next.items],
    problems: [...current.problems, ...next.problems],
    ...(next.nextPageToken ? { nextPageToken: next.nextPageToken } : {}),
    ...(totalCount !== undefined ? { totalCount } : {}),
  };
}
