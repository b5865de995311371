/**
 * The run actions MLflow Lens can write, one method each, in the store's own write path and format:
 * the files MLflow's file store writes (each replaced atomically), one short SQLite transaction, or
 * the documented REST endpoint. Every method checks its input as MLflow does before touching the
 * store, refuses with a `StoreError` saying why (nothing changed), and tells the reading store what
 * changed so its caches do not serve the old value.
 */

/** The tag MLflow keeps in step with the run name. */
export const RUN_NAME_TAG = 'mlflow.runName';
/** The tag holding a run's note (Markdown description). */
export const NOTE_TAG = 'mlflow.note.content';

export interface StoreWriter {
  readonly kind: 'file' | 'sqlite' | 'rest';
  /** Sets the run's name and its `mlflow.runName` tag, as MLflow's `update_run` does. */
  renameRun(runId: string, name: string): Promise<void>;
  /** Sets one tag (`mlflow.runName` renames the run, as in MLflow). */
  setRunTag(runId: string, key: string, value: string): Promise<void>;
  /** Removes one tag; refused when the run has no such tag. */
  deleteRunTag(runId: string, key: string): Promise<void>;
  /** Marks the run deleted (it stays in place; `mlflow gc` would remove it for good). */
  deleteRun(runId: string): Promise<void>;
  restoreRun(runId: string): Promise<void>;
  renameExperiment(experimentId: string, name: string): Promise<void>;
  dispose(): void;
}
