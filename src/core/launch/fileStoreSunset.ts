// MLflow's file-store sunset, as MLflow itself defines it: 3.10 deprecates the `mlruns` file store and
// ships `mlflow migrate-filestore --source <dir> --target sqlite:///<db>` (SQLite targets only); 3.13
// refuses a file store unless MLFLOW_ALLOW_FILE_STORE=true (mlflow/mlflow#23634). MLflow Lens reads
// `mlruns` of every age itself; this decides what to tell the user and builds the migration's argv.
import path from 'node:path';
import { absoluteTrackingUri } from './trackingEnv';

/** The first MLflow that has `mlflow migrate-filestore`. */
export const MIGRATE_FILESTORE_SINCE = '3.10';
/** The first MLflow that refuses a file store without MLFLOW_ALLOW_FILE_STORE=true. */
export const FILE_STORE_REFUSED_SINCE = '3.13';
export const ALLOW_FILE_STORE_VARIABLE = 'MLFLOW_ALLOW_FILE_STORE';
export const MIGRATION_GUIDE_URL = 'https://mlflow.org/docs/latest/self-hosting/migrate-from-file-store';

/**
 * Whether `version` is at least `minimum`, comparing major.minor.patch numerically. A pre-release
 * counts as its release (`3.13.0rc0` already refuses file stores); an unreadable version is not.
 */
export function versionAtLeast(version: string, minimum: string): boolean {
  const have = numericParts(version);
  const need = numericParts(minimum);
  if (!have || !need) return false;
  for (let i = 0; i < 3; i++) {
    const diff = (have[i] ?? 0) - (need[i] ?? 0);
    if (diff !== 0) return diff > 0;
  }
  return true;
}

function numericParts(version: string): number[] | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)] : undefined;
}

/** What the MLflow found for the workspace does with a file store. */
export interface FileStoreVerdict {
  version: string;
  /** It refuses the store without MLFLOW_ALLOW_FILE_STORE=true. */
  refuses: boolean;
  /** It has `mlflow migrate-filestore`. */
  canMigrate: boolean;
}

export function fileStoreVerdict(version: string): FileStoreVerdict {
  return { version, refuses: versionAtLeast(version, FILE_STORE_REFUSED_SINCE), canMigrate: versionAtLeast(version, MIGRATE_FILESTORE_SINCE) };
}

/** The one-time notice for a file store, or undefined when this MLflow still uses it as it is. */
export function sunsetNoticeText(verdict: FileStoreVerdict, storeDir: string): string | undefined {
  if (!verdict.refuses) return undefined;
  return (
    `MLflow ${verdict.version}, found for this workspace, refuses file stores such as ${storeDir} unless ${ALLOW_FILE_STORE_VARIABLE}=true: ` +
    'runs and `mlflow ui` started on it fail. MLflow Lens keeps reading it either way. ' +
    "Migrate it to an mlflow.db with MLflow's own migrate-filestore (the folder is left as it is), or let runs launched from MLflow Lens keep using it."
  );
}

/** What "MLflow: mlruns and MLflow 3.13" says for any MLflow: the notice, or where this version stands. */
export function fileStoreStatusText(verdict: FileStoreVerdict, storeDir: string): string {
  const notice = sunsetNoticeText(verdict, storeDir);
  if (notice) return notice;
  if (verdict.canMigrate) {
    return (
      `MLflow ${verdict.version}, found for this workspace, still uses the file store ${storeDir} (deprecated since ${MIGRATE_FILESTORE_SINCE}); ` +
      `MLflow ${FILE_STORE_REFUSED_SINCE} and later refuse it unless ${ALLOW_FILE_STORE_VARIABLE}=true. MLflow Lens reads it either way. ` +
      "You can migrate it to an mlflow.db now with MLflow's own migrate-filestore (the folder is left as it is)."
    );
  }
  return (
    `MLflow ${verdict.version}, found for this workspace, uses the file store ${storeDir} as it is, and MLflow Lens reads it either way. ` +
    `MLflow ${FILE_STORE_REFUSED_SINCE} and later refuse file stores unless ${ALLOW_FILE_STORE_VARIABLE}=true; migrating to an mlflow.db needs MLflow ${MIGRATE_FILESTORE_SINCE} or later.`
  );
}

/** Why this MLflow cannot migrate, naming the version it needs; undefined when it can. */
export function migrationVersionProblem(version: string, program: readonly string[]): string | undefined {
  if (versionAtLeast(version, MIGRATE_FILESTORE_SINCE)) return undefined;
  return (
    `migrating an mlruns folder needs MLflow ${MIGRATE_FILESTORE_SINCE} or later (\`mlflow migrate-filestore\`), but the MLflow found for this workspace ` +
    `is ${version} (${program.join(' ')}). Upgrade it in the environment you train with (\`pip install -U "mlflow>=${MIGRATE_FILESTORE_SINCE}"\`) ` +
    'or point mlflowLens.mlflowPath at a newer one. MLflow Lens reads the mlruns folder as it is meanwhile.'
  );
}

/** `mlflow.db` beside the `mlruns` folder (where MLflow itself looks for one), or the next free `mlflow-N.db`. */
export function suggestedMigrationTarget(sourceDir: string, exists: (file: string) => boolean): string {
  const dir = path.dirname(path.resolve(sourceDir));
  const first = path.join(dir, 'mlflow.db');
  if (!exists(first)) return first;
  for (let n = 2; n < 1000; n++) {
    const candidate = path.join(dir, `mlflow-${n}.db`);
    if (!exists(candidate)) return candidate;
  }
  return path.join(dir, `mlflow-${Date.now()}.db`);
}

/**
 * Why a database path cannot receive the migration, or undefined. An existing file is never
 * overwritten; the database never goes inside the store it is made from (that folder stays untouched).
 */
export function migrationTargetProblem(
  target: string,
  sourceDir: string,
  probe: { exists(file: string): boolean; isDirectory(dir: string): boolean },
): string | undefined {
  const trimmed = target.trim();
  if (!trimmed) return 'give the path of the new database file';
  if (!path.isAbsolute(trimmed)) return `${trimmed} is not an absolute path`;
  const resolved = path.resolve(trimmed);
  const source = path.resolve(sourceDir);
  if (resolved === source || resolved.startsWith(source + path.sep)) return `${resolved} is inside the store being migrated, which stays untouched: choose a path outside ${source}`;
  if (probe.exists(resolved)) return `${resolved} already exists and is never overwritten: choose another name`;
  if (!probe.isDirectory(path.dirname(resolved))) return `the folder ${path.dirname(resolved)} does not exist`;
  return undefined;
}

/** The arguments after the MLflow program: `migrate-filestore --source <dir> --target sqlite:///<db>`. */
export function migrateFilestoreArgs(sourceDir: string, targetDatabase: string): string[] {
  return ['migrate-filestore', '--source', path.resolve(sourceDir), '--target', absoluteTrackingUri({ kind: 'sqlite', databasePath: targetDatabase })];
}

/** Remembers which stores were told about the sunset (a Memento-shaped key-value store). */
export interface NoticeMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const NOTICED_KEY = 'mlflowLens.fileStoreSunset.noticed';
const NOTICED_LIMIT = 200;

/** The one-time notice, once per store: `claim` answers true the first time for a store, then false. */
export class SunsetNoticeMemory {
  constructor(private readonly memento: NoticeMemento) {}

  noticed(storeUri: string): boolean {
    return (this.memento.get<string[]>(NOTICED_KEY) ?? []).includes(storeUri);
  }

  async claim(storeUri: string): Promise<boolean> {
    const noticed = this.memento.get<string[]>(NOTICED_KEY) ?? [];
    if (noticed.includes(storeUri)) return false;
    await this.memento.update(NOTICED_KEY, [...noticed, storeUri].slice(-NOTICED_LIMIT));
    return true;
  }
}
