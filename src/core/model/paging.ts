/** One page of results. `nextPageToken` is opaque to callers; absent on the last page. */
export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

/** A paged query. Stores choose their own default and maximum `maxResults`. */
export interface PageRequest {
  maxResults?: number;
  pageToken?: string;
}

/** Reads every page of a paged query (for the CLI and tests; views page lazily). */
export async function collectPages<T>(
  fetchPage: (pageToken: string | undefined) => Promise<Page<T>>,
  maxPages = 1_000_000,
): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(token);
    for (const item of page.items) all.push(item);
    if (!page.nextPageToken) return all;
    // A server that repeats a token would otherwise loop forever.
    if (seen.has(page.nextPageToken)) throw new Error(`page token repeated: ${page.nextPageToken}`);
    seen.add(page.nextPageToken);
    token = page.nextPageToken;
  }
  return all;
}
