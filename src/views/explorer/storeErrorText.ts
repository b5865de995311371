/** How a failed read is worded in the tree (message, file or URL) and in the log (with its reason). */
import { StoreError } from '../../core/store/storeErrors';

export function errorMessageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The file or URL a store error concerns, shown next to its message. */
export function errorLocationOf(err: unknown): string | undefined {
  return StoreError.is(err) ? err.location : undefined;
}

export function describeStoreError(err: unknown): string {
  return StoreError.is(err) ? `${err.reason}: ${err.message}${err.location ? ` (${err.location})` : ''}` : errorMessageOf(err);
}
