/**
 * Stops paging through a server that never finishes: one that hands back a token it already gave
 * for the same query, an empty page that still carries a token, or more pages than any real
 * listing has. Callers page one request at a time (the explorer's "Load more"), so the guard
 * remembers the tokens of each query chain between calls.
 */
import type { StoreProblem } from '../storeErrors';

export interface PageVerdict {
  /** The token to give the caller; undefined when paging ends here. */
  nextPageToken?: string;
  problem?: StoreProblem;
}

const MAX_CHAINS = 64;

export class PageGuard {
  private readonly chains = new Map<string, Set<string>>();

  constructor(
    private readonly location: string,
    private readonly maxPages = 100_000,
  ) {}

  /**
   * Judges the token a server returned for a page.
   * @param query identifies the query apart from its token (endpoint, filter, order, page size)
   * @param sentToken the token the page was requested with (undefined for the first page)
   */
  check(query: string, sentToken: string | undefined, returnedToken: string | undefined, itemCount: number): PageVerdict {
    if (!returnedToken) {
      this.chains.delete(query);
      return {};
    }
    const chain = this.chainFor(query, sentToken);
    let why: string | undefined;
    if (itemCount === 0) why = 'sent an empty page that still carries a next page token';
    else if (returnedToken === sentToken || chain.has(returnedToken)) why = 'sent a page token it had already sent for this query';
    else if (chain.size >= this.maxPages) why = `sent more than ${this.maxPages} pages for one query`;
    if (why !== undefined) {
      this.chains.delete(query);
      return {
        problem: {
          location: this.location,
          scope: 'store',
          message: `The server ${why}; paging stopped here so the listing cannot loop forever.`,
        },
      };
    }
    chain.add(returnedToken);
    return { nextPageToken: returnedToken };
  }

  private chainFor(query: string, sentToken: string | undefined): Set<string> {
    let chain = sentToken === undefined ? undefined : this.chains.get(query);
    if (!chain) {
      chain = new Set(sentToken === undefined ? [] : [sentToken]);
      this.chains.delete(query);
      this.chains.set(query, chain);
      // Forget the oldest chains: a caller that abandoned a listing must not grow this forever.
      while (this.chains.size > MAX_CHAINS) {
        const oldest = this.chains.keys().next().value;
        if (oldest === undefined) break;
        this.chains.delete(oldest);
      }
    }
    return chain;
  }
}
