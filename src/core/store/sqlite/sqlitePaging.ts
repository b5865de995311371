/** Offset page tokens (base64 JSON `{"offset": n}`, as MLflow's SQL store writes them) and page slicing. */
import type { PageRequest } from '../../model/paging';
import { StoreError } from '../storeErrors';

export function decodePageToken(token: string | undefined, location: string): number {
  if (token === undefined || token === '') return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    const offset = (parsed as { offset?: unknown }).offset;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the error below
  }
  throw new StoreError('invalidArgument', `Invalid page token '${token}'.`, location);
}

export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

export function pageOf<T>(items: readonly T[], request: PageRequest, location: string, defaultMax: number, max: number) {
  const maxResults = request.maxResults ?? defaultMax;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > max) {
    throw new StoreError('invalidArgument', `Invalid value ${maxResults} for max_results: it must be between 1 and ${max}.`, location);
  }
  const offset = decodePageToken(request.pageToken, location);
  const page = items.slice(offset, offset + maxResults);
  return { items: page, start: offset, nextPageToken: offset + maxResults < items.length ? encodePageToken(offset + maxResults) : undefined };
}

/** A page as the TrackingStore returns it (without the offset). */
export function plainPage<T>(items: readonly T[], request: PageRequest, location: string, defaultMax: number, max: number) {
  const { items: pageItems, nextPageToken } = pageOf(items, request, location, defaultMax, max);
  return nextPageToken === undefined ? { items: pageItems } : { items: pageItems, nextPageToken };
}
