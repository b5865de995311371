/**
 * REST store settings from the environment variables MLflow's own client reads, so the CLI (and
 * the extension, below whatever the user entered) reaches a server exactly as `mlflow` would:
 * credentials from `MLFLOW_TRACKING_USERNAME`/`PASSWORD`/`TOKEN` with `~/.mlflow/credentials` as the
 * per-field fallback, `MLFLOW_TRACKING_INSECURE_TLS`, `MLFLOW_TRACKING_SERVER_CERT_PATH` (a CA
 * bundle) and `MLFLOW_WORKSPACE`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StoreError } from '../storeErrors';
import { credentialsFromEnv, type Credentials } from './credentials';
import type { RestStoreOptions } from './restStore';

type Env = Readonly<Record<string, string | undefined>>;

export interface EnvironmentAccess {
  /** Reads a text file, or undefined when it does not exist. */
  readText(file: string): string | undefined;
  homeDir: string;
}

const nodeAccess: EnvironmentAccess = {
  readText: (file) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
  homeDir: os.homedir(),
};

export function restOptionsFromEnv(env: Env, access: EnvironmentAccess = nodeAccess): RestStoreOptions {
  const options: RestStoreOptions = {};
  const credentials = mergeCredentials(
    credentialsFromEnv(env),
    credentialsFromFile(access.readText(path.join(access.homeDir, '.mlflow', 'credentials')) ?? ''),
  );
  if (credentials) options.credentials = () => credentials;
  const insecure = /^(true|1)$/i.test(env['MLFLOW_TRACKING_INSECURE_TLS']?.trim() ?? '');
  const caPath = env['MLFLOW_TRACKING_SERVER_CERT_PATH']?.trim();
  if (insecure || caPath) {
    options.tls = { rejectUnauthorized: !insecure };
    if (caPath) {
      const ca = access.readText(caPath);
      if (ca === undefined) {
        throw new StoreError('invalidArgument', `MLFLOW_TRACKING_SERVER_CERT_PATH names ${caPath}, which does not exist.`, caPath);
      }
      options.tls.ca = ca;
    }
  }
  const workspace = env['MLFLOW_WORKSPACE']?.trim();
  if (workspace) options.workspace = workspace;
  return options;
}

/** The `[mlflow]` section of `~/.mlflow/credentials` (MLflow reads only username and password there). */
export function credentialsFromFile(text: string): Credentials | undefined {
  let section = '';
  const found: Credentials = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1]?.trim() ?? '';
      continue;
    }
    if (section !== 'mlflow') continue;
    const entry = /^([^=:]+)[=:](.*)$/.exec(line);
    const key = entry?.[1]?.trim();
    const value = entry?.[2]?.trim();
    if (!value) continue;
    if (key === 'mlflow_tracking_username') found.username = value;
    if (key === 'mlflow_tracking_password') found.password = value;
  }
  return found.username === undefined && found.password === undefined ? undefined : found;
}

/** Field by field: the environment wins, the file fills what it leaves unset (MLflow's order). */
function mergeCredentials(fromEnv: Credentials | undefined, fromFile: Credentials | undefined): Credentials | undefined {
  if (!fromEnv && !fromFile) return undefined;
  return {
    username: fromEnv?.username ?? fromFile?.username,
    password: fromEnv?.password ?? fromFile?.password,
    token: fromEnv?.token,
  };
}
