// `mlflow models serve` as an argv array (started without a shell), bound to the loopback interface
// only: a served model answers anyone who can reach its port, so it is never exposed beyond this machine.
import type { EnvManager } from '../launch/mlflowRun';

export const SERVE_HOST = '127.0.0.1';

export interface ServeRequest {
  /** What MLflow loads: a local model folder, or a `runs:/`, `models:/` or remote URI. */
  modelUri: string;
  port: number;
  envManager: EnvManager;
}

/** Why a port cannot be used, or undefined when it can (1024–65535: no root needed). */
export function portProblem(port: unknown): string | undefined {
  if (typeof port !== 'number' || !Number.isInteger(port)) return `The port must be a whole number, not ${JSON.stringify(port)}.`;
  if (port < 1024 || port > 65535) return `The port must be between 1024 and 65535, not ${port}.`;
  return undefined;
}

/** Arguments after the MLflow program (`mlflow`, or `python -m mlflow`). */
export function mlflowServeArgs(request: ServeRequest): string[] {
  const problem = portProblem(request.port);
  if (problem) throw new Error(problem);
  if (request.modelUri.trim() === '') throw new Error('No model to serve: the model URI is empty.');
  return ['models', 'serve', '-m', request.modelUri, '-p', String(request.port), '--host', SERVE_HOST, '--env-manager', request.envManager];
}

/** The base URL of a model served on `port` (the scoring server's `/ping` and `/invocations` are below it). */
export function servingUrl(port: number): string {
  return `http://${SERVE_HOST}:${port}`;
}
