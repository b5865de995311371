/** Why a store call failed; the UI chooses its words and actions from this, never from message text. */
export type StoreErrorReason =
  | 'notFound'
  | 'corrupt'
  | 'unauthorized'
  | 'unreachable'
  | 'unsupported'
  | 'invalidArgument'
  | 'cancelled';

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly reason: StoreErrorReason,
    message: string,
    /** The file path or URL the error concerns, when there is one. */
    readonly location?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /**
   * Recognises StoreErrors by shape as well as by class: each bundle (extension.js, the lazily loaded
   * storeModule.js, worker scripts) carries its own copy of this class, so `instanceof` alone fails
   * for an error thrown by another bundle.
   */
  static is(value: unknown, reason?: StoreErrorReason): value is StoreError {
    const isStoreError =
      value instanceof StoreError ||
      (value instanceof Error && value.name === 'StoreError' && typeof (value as { reason?: unknown }).reason === 'string');
    return isStoreError && (reason === undefined || (value as StoreError).reason === reason);
  }
}

/** Throws a `cancelled` StoreError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StoreError('cancelled', 'The operation was cancelled.');
}

/**
 * A problem found in one entry of a store (a corrupt meta.yaml, a truncated metric line).
 * Reported next to the results instead of failing the whole listing.
 */
export interface StoreProblem {
  /** File or URL of the broken entry. */
  location: string;
  message: string;
  /** What the problem hides: an experiment, a run, or one value of a run. */
  scope: 'store' | 'experiment' | 'run' | 'value';
  /** The experiment id the problem belongs to, when known. */
  experimentId?: string;
  runId?: string;
}
