/**
 * Checks a tracking URI typed into an input box (Choose Tracking Store, Add Connection) before it is
 * used or saved, so a typo is refused with its reason instead of becoming an error in the tree: no
 * credentials in it, a kind of store this version opens, and for a local store a folder or database
 * file that exists. Relative paths are read from the workspace folder, as the store opens them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { redact } from '../core/log';
import { hasExperiments, isSupportedUri } from '../core/store/detectStore';
import { fileUriToPath } from '../core/store/locationUri';
import { sqlitePathFromUri } from '../core/store/sqlite/sqliteUri';
import { trackingUriProblem } from './namedConnections';

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]+):/;
const DRIVE = /^[a-zA-Z]:([/\\]|$)/;

/** Why a typed tracking URI cannot be used, or undefined when it names a store that can be opened. */
export function typedTrackingUriProblem(value: string, cwd: string): string | undefined {
  const syntax = trackingUriProblem(value);
  if (syntax) return syntax;
  const uri = value.trim();
  const scheme = DRIVE.test(uri) ? undefined : SCHEME.exec(uri)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return serverUrlProblem(uri);
  if (scheme === 'sqlite') return databaseProblem(uri, cwd);
  if (scheme !== undefined && scheme !== 'file') {
    return `${redact(uri)}: ${scheme}: stores are not supported. Use a folder, file://, sqlite:/// or http(s):// URI.`;
  }
  if (!isSupportedUri(uri)) return `${uri} names a Databricks workspace, which MLflow Lens does not open.`;
  return folderProblem(scheme === 'file' ? fileUriToPath(uri) : uri, cwd);
}

function serverUrlProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `${redact(uri)} is not a valid server URL (expected http://host:port or https://host/path).`;
  }
  return url.hostname ? undefined : `${redact(uri)} names no server host.`;
}

function databaseProblem(uri: string, cwd: string): string | undefined {
  let database: string;
  try {
    database = sqlitePathFromUri(uri, cwd);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const stat = fs.statSync(database, { throwIfNoEntry: false });
  if (!stat) return `No database file ${database}: MLflow Lens reads existing stores only.`;
  if (!stat.isFile()) return `${database} is a folder, not a SQLite database file.`;
  return undefined;
}

function folderProblem(typed: string, cwd: string): string | undefined {
  const folder = path.resolve(cwd, typed);
  const stat = fs.statSync(folder, { throwIfNoEntry: false });
  if (!stat) return `No folder ${folder}.`;
  if (stat.isFile()) {
    return /\.(db|sqlite3?)$/i.test(folder)
      ? `${folder} is a file: a SQLite database opens as sqlite:///${folder.split(path.sep).join('/')}.`
      : `${folder} is a file, not an mlruns folder.`;
  }
  // The project folder typed instead of its store: say which folder holds the experiments.
  const inner = path.join(folder, 'mlruns');
  if (!hasExperiments(folder) && hasExperiments(inner)) return `${folder} holds no experiments; its store is ${inner}.`;
  return undefined;
}
