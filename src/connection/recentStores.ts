/**
 * The tracking URIs typed or browsed to in "Choose Tracking Store", offered again by it and by
 * "Switch Connection". Kept in the workspace's memento, never in settings; a URI holding
 * credentials is refused before it gets here and skipped if one is ever read back.
 */
import { sameTrackingUri, trackingUriProblem } from './namedConnections';

const RECENT_KEY = 'mlflowLens.recentTrackingUris';
export const MAX_RECENT_STORES = 5;

/** The part of `vscode.Memento` used here (plain, so the list logic is unit-tested without VS Code). */
export interface RecentMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** `uri` first, the same store typed another way dropped, at most `max` entries. */
export function withRecentStore(list: readonly string[], uri: string, max = MAX_RECENT_STORES): string[] {
  const entry = uri.trim();
  return [entry, ...list.filter((u) => !sameTrackingUri(u, entry))].slice(0, max);
}

/** The entries of a stored list that may be offered: strings without credentials, no duplicates. */
export function readRecentStores(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const list: string[] = [];
  for (const uri of raw) {
    if (typeof uri !== 'string' || trackingUriProblem(uri) !== undefined || list.some((u) => sameTrackingUri(u, uri))) continue;
    list.push(uri.trim());
  }
  return list.slice(0, MAX_RECENT_STORES);
}

export class RecentStores {
  constructor(private readonly memento: RecentMemento) {}

  list(): string[] {
    return readRecentStores(this.memento.get<unknown>(RECENT_KEY));
  }

  async remember(uri: string): Promise<void> {
    if (trackingUriProblem(uri) !== undefined) return;
    await this.memento.update(RECENT_KEY, withRecentStore(this.list(), uri));
  }
}
