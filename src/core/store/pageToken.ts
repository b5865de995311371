/**
 * Opaque page tokens for stores that page over an in-memory result: base64url JSON holding the
 * offset and a fingerprint of the query, so a token reused with another query is rejected.
 */
import { StoreError } from './storeErrors';

interface TokenBody {
  o: number;
  q: string;
}

/** A short, stable fingerprint of a query (FNV-1a over its JSON). */
export function queryFingerprint(query: unknown): string {
  const text = JSON.stringify(query) ?? '';
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

export function encodePageToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: fingerprint } satisfies TokenBody)).toString('base64url');
}

/** The offset a token stands for (0 without a token); `invalidArgument` for a foreign or broken token. */
export function decodePageToken(token: string | undefined, fingerprint: string): number {
  if (token === undefined || token === '') return 0;
  let body: Partial<TokenBody>;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
  } catch {
    throw new StoreError('invalidArgument', 'Invalid page token.');
  }
  if (typeof body.o !== 'number' || !Number.isInteger(body.o) || body.o < 0 || body.q !== fingerprint) {
    throw new StoreError('invalidArgument', 'Invalid page token: it belongs to another query.');
  }
  return body.o;
}

/** Validates `maxResults` against a store's default and maximum. */
export function pageSize(maxResults: number | undefined, defaultSize: number, maxSize: number): number {
  if (maxResults === undefined) return defaultSize;
  if (!Number.isInteger(maxResults) || maxResults <= 0) {
    throw new StoreError('invalidArgument', `maxResults must be a positive integer, got ${maxResults}.`);
  }
  if (maxResults > maxSize) throw new StoreError('invalidArgument', `maxResults must be at most ${maxSize}, got ${maxResults}.`);
  return maxResults;
}
