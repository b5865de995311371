/**
 * Whether the active store can be read right now, as the status bar and the tree show it. Pure
 * transitions (no `vscode`): the connection manager feeds them with what opening and reading did.
 */
import { StoreError } from '../core/store/storeErrors';

export type ConnectionHealth =
  /** Nothing opened yet (the view has not asked), or the store was just replaced. */
  | { state: 'idle' }
  /** Opening the store, or waiting for a server's first answer. */
  | { state: 'connecting' }
  | { state: 'ok' }
  /** The store could not be opened, or the server refuses us: retrying will not help by itself. */
  | { state: 'failed'; message: string; location?: string }
  /** The server did not answer; loaded data is kept (and marked stale) while reads are retried. */
  | { state: 'unreachable'; message: string; location?: string; since: number };

/** What was read: the experiment list (the whole store) or one item; from a server (retried) or a local store. */
export interface ReadScope {
  experimentList: boolean;
  server: boolean;
}

/** The health after a read succeeded (`error` undefined) or failed with `error`. */
export function healthAfterRead(current: ConnectionHealth, error: unknown, now: number, scope: ReadScope): ConnectionHealth {
  if (error === undefined) return current.state === 'ok' ? current : { state: 'ok' };
  if (StoreError.is(error, 'cancelled')) return current;
  if (StoreError.is(error, 'unreachable') && scope.server) {
    // The outage started at the first failure; later failures keep its start time.
    if (current.state === 'unreachable') return { ...current, message: messageOf(error), ...locationOf(error) };
    return { state: 'unreachable', message: messageOf(error), ...locationOf(error), since: now };
  }
  // A store whose experiment list cannot be read (a missing folder, a refused login) is unusable.
  if (scope.experimentList || StoreError.is(error, 'unauthorized') || StoreError.is(error, 'unreachable')) {
    return { state: 'failed', message: messageOf(error), ...locationOf(error) };
  }
  // Other errors (a bad filter, a run that is gone) concern one request, not the connection.
  return current;
}

export function sameHealth(a: ConnectionHealth, b: ConnectionHealth): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function locationOf(error: unknown): { location?: string } {
  return StoreError.is(error) && error.location !== undefined ? { location: error.location } : {};
}
