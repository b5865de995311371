// What `mlflow run` prints about its run (observed with MLflow 2.12.2, on stderr):
//   === Running command '…' in run with ID '<run id>' ===
//   === Run (ID '<run id>') succeeded ===   |   === Run (ID '<run id>') failed ===
//   === Run (ID '<run id>') interrupted, cancelling run ===

const RUN_ID = /=== Running command [\s\S]*? in run with ID '([0-9a-f]{32})' ===/;

/** Reads output chunks as they come (lines may be split between chunks) and finds the run id once. */
export class RunOutputScanner {
  private tail = '';
  runId: string | undefined;

  /** Feeds a chunk; returns the run id when this chunk completed it. */
  push(chunk: string): string | undefined {
    if (this.runId) return undefined;
    // The command inside the quotes can be long (and hold newlines): keep a generous window.
    this.tail = (this.tail + chunk).slice(-256 * 1024);
    const match = RUN_ID.exec(this.tail);
    if (!match) return undefined;
    this.runId = match[1];
    this.tail = '';
    return this.runId;
  }
}
