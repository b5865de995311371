// The environment `mlflow run` gets: the active store as an absolute MLFLOW_TRACKING_URI (the process
// starts in the project folder, where a relative URI would name another store) and the server's
// credentials as MLflow's own variables — never on the command line, never in the output.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Credentials } from '../store/rest/credentials';

/** MLflow's variables that a launch sets itself; inherited values are dropped so they cannot mix. */
const OWNED = ['MLFLOW_TRACKING_URI', 'MLFLOW_TRACKING_USERNAME', 'MLFLOW_TRACKING_PASSWORD', 'MLFLOW_TRACKING_TOKEN', 'MLFLOW_RUN_ID', 'MLFLOW_EXPERIMENT_ID', 'MLFLOW_EXPERIMENT_NAME'];

/** The store as a URI MLflow reads the same from any folder. */
export function absoluteTrackingUri(parsed: { kind: 'file'; path: string } | { kind: 'sqlite'; databasePath: string } | { kind: 'rest'; uri: string }): string {
  switch (parsed.kind) {
    case 'file':
      return pathToFileURL(path.resolve(parsed.path)).href;
    case 'sqlite':
      // sqlite:/// + an absolute path: four slashes on POSIX, `sqlite:///C:/…` on Windows.
      return `sqlite:///${path.resolve(parsed.databasePath).replace(/\\/g, '/')}`;
    case 'rest':
      return parsed.uri;
  }
}

export interface LaunchEnvironmentOptions {
  /**
   * The user chose to keep using a file store with MLflow 3.13+ (`mlflowLens.launch.allowFileStore`):
   * a file store then gets MLFLOW_ALLOW_FILE_STORE=true. Never set otherwise (an inherited value is the user's own).
   */
  allowFileStore?: boolean;
}

export function launchEnvironment(base: NodeJS.ProcessEnv, trackingUri: string, credentials?: Credentials, options: LaunchEnvironmentOptions = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const key of OWNED) delete env[key];
  env['MLFLOW_TRACKING_URI'] = trackingUri;
  if (options.allowFileStore && isFileStoreUri(trackingUri)) env['MLFLOW_ALLOW_FILE_STORE'] = 'true';
  // Output reaches the terminal as it is printed, not when a buffer fills.
  env['PYTHONUNBUFFERED'] = '1';
  if (credentials?.username !== undefined) env['MLFLOW_TRACKING_USERNAME'] = credentials.username;
  if (credentials?.password !== undefined) env['MLFLOW_TRACKING_PASSWORD'] = credentials.password;
  if (credentials?.token !== undefined) env['MLFLOW_TRACKING_TOKEN'] = credentials.token;
  return env;
}

/** A file store: a `file:` URI or a plain path, a Windows drive path included (what MLflow's 3.13 refusal is about). */
export function isFileStoreUri(trackingUri: string): boolean {
  if (/^file:/i.test(trackingUri) || /^[a-z]:[\\/]/i.test(trackingUri)) return true;
  return !/^[a-z][a-z0-9+.-]*:/i.test(trackingUri) && trackingUri !== 'databricks';
}
