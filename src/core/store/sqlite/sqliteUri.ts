import path from 'node:path';
import { StoreError } from '../storeErrors';
import { percentDecode } from '../locationUri';

/**
 * The database file of an SQLAlchemy SQLite URI, as MLflow reads it: `sqlite:///mlflow.db` is
 * relative (to `baseDir`, the working folder), `sqlite:////abs/mlflow.db` absolute,
 * `sqlite:///C:/x/mlflow.db` a Windows path. Query options (`?mode=ro`) are ignored.
 */
export function sqlitePathFromUri(uri: string, baseDir: string): string {
  const m = /^sqlite:\/\/\/(.*)$/i.exec(uri.trim());
  if (!m) {
    throw new StoreError(
      'invalidArgument',
      `Not a SQLite tracking URI: ${uri}. Expected sqlite:///relative/mlflow.db or sqlite:////absolute/mlflow.db.`,
      uri,
    );
  }
  const rest = percentDecode((m[1] ?? '').replace(/\?.*$/, ''));
  if (rest === '' || rest === ':memory:') {
    throw new StoreError('invalidArgument', `The SQLite tracking URI ${uri} names no database file.`, uri);
  }
  if (rest.startsWith('/') || /^[a-zA-Z]:[/\\]/.test(rest)) return path.normalize(rest);
  return path.resolve(baseDir, rest);
}

export function isSqliteUri(uri: string): boolean {
  return /^sqlite:\/\//i.test(uri.trim());
}
