/**
 * Run actions on a file store (`mlruns/`), written as MLflow 2.12.2's `FileStore` writes them:
 * `meta.yaml` rewritten whole with keys sorted (`run_name`, `lifecycle_stage`, `deleted_time`;
 * an experiment's `name` and `last_update_time`), tags as `tags/<key>` files holding the raw value
 * bytes. Every file is replaced atomically; MLflow's refusals (deleted runs, duplicate experiment
 * names, missing tags) are checked first, so a refused write changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from '../storeErrors';
import { writeFileAtomic } from './atomicFile';
import { editMeta, readMeta, type MetaChanges, type MetaFile } from './metaYamlEdit';
import { RUN_NAME_TAG, type StoreWriter } from './storeWriter';

interface RunFolder {
  dir: string;
  meta: MetaFile;
  experimentInTrash: boolean;
}

/** Errors of the file system that mean "this store cannot be written from here". */
const READ_ONLY_CODES = new Set(['EACCES', 'EPERM', 'EROFS']);

export class FileStoreWriter implements StoreWriter {
  readonly kind = 'file' as const;

  /** `onChanged` receives every path written, for the reading store's caches. */
  constructor(
    readonly root: string,
    private readonly onChanged: (changedPath: string) => void = () => undefined,
  ) {}

  async renameRun(runId: string, name: string): Promise<void> {
    const run = await this.activeRun(runId, 'rename');
    const tagFile = path.join(run.dir, 'tags', RUN_NAME_TAG);
    const previousTag = await fs.promises.readFile(tagFile).catch(() => undefined);
    // In MLflow's order: the tag, then meta.yaml (whose run_name readers prefer).
    await this.writeTag(run, RUN_NAME_TAG, name);
    try {
      await this.writeMeta(path.join(run.dir, 'meta.yaml'), run.meta, { run_name: name });
    } catch (e) {
      // Put the tag back so a refused rename leaves the run exactly as it was.
      await (previousTag === undefined ? fs.promises.rm(tagFile, { force: true }) : writeFileAtomic(tagFile, previousTag, { tempDir: run.dir })).catch(() => undefined);
      this.onChanged(tagFile);
      throw e;
    }
  }

  async setRunTag(runId: string, key: string, value: string): Promise<void> {
    if (key === RUN_NAME_TAG) return this.renameRun(runId, value);
    const run = await this.activeRun(runId, 'tag');
    await this.writeTag(run, key, value);
    await this.touchMeta(run.dir);
  }

  async deleteRunTag(runId: string, key: string): Promise<void> {
    const run = await this.activeRun(runId, 'untag');
    const file = path.join(run.dir, 'tags', ...key.split('/'));
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (!stat?.isFile()) throw new StoreError('notFound', `No tag with name: ${key} in run with id ${runId}.`, file);
    await this.guard(file, () => fs.promises.unlink(file));
    await this.touchMeta(run.dir);
    this.onChanged(file);
  }

  async deleteRun(runId: string): Promise<void> {
    const run = await this.findRun(runId);
    await this.writeMeta(path.join(run.dir, 'meta.yaml'), run.meta, { lifecycle_stage: 'deleted', deleted_time: Date.now() });
  }

  async restoreRun(runId: string): Promise<void> {
    const run = await this.findRun(runId);
    if (run.experimentInTrash) throw new StoreError('invalidArgument', `Run ${runId} belongs to a deleted experiment: restore the experiment first.`, run.dir);
    await this.writeMeta(path.join(run.dir, 'meta.yaml'), run.meta, { lifecycle_stage: 'active', deleted_time: undefined });
  }

  async renameExperiment(experimentId: string, name: string): Promise<void> {
    const dir = path.join(this.root, experimentId);
    const metaPath = path.join(dir, 'meta.yaml');
    const meta = await this.readMetaFile(metaPath, `Experiment '${experimentId}' does not exist in ${this.root}.`);
    if (String(meta.values.get('experiment_id')) !== experimentId) throw new StoreError('corrupt', `${metaPath} names another experiment id; it is left as it is.`, metaPath);
    if ((meta.values.get('lifecycle_stage') ?? 'active') !== 'active') throw new StoreError('invalidArgument', `Experiment ${experimentId} is deleted: MLflow does not rename a deleted experiment.`, metaPath);
    for (const other of await this.experimentNames()) {
      if (other.name === name && other.id !== experimentId) {
        throw new StoreError('invalidArgument', `Experiment '${name}' already exists (id ${other.id}${other.inTrash ? ', deleted' : ''}).`, this.root);
      }
    }
    await this.writeMeta(metaPath, meta, { name, last_update_time: Date.now() });
  }

  dispose(): void {}

  // ---------------------------------------------------------------- finding

  private async findRun(runId: string): Promise<RunFolder> {
    const folders = await this.experimentFolders();
    for (const { dir: expDir, id, inTrash } of folders) {
      const dir = path.join(expDir, runId);
      const metaPath = path.join(dir, 'meta.yaml');
      if (!(await fs.promises.stat(metaPath).catch(() => undefined))?.isFile()) continue;
      const meta = await this.readMetaFile(metaPath, `Run '${runId}' not found.`);
      if (String(meta.values.get('experiment_id')) !== id) {
        throw new StoreError('corrupt', `${metaPath} names experiment ${String(meta.values.get('experiment_id'))}, not the folder it is in (${id}); MLflow ignores this run.`, metaPath);
      }
      return { dir, meta, experimentInTrash: inTrash };
    }
    throw new StoreError('notFound', `Run '${runId}' not found in ${this.root}.`, this.root);
  }

  private async activeRun(runId: string, action: 'rename' | 'tag' | 'untag'): Promise<RunFolder> {
    const run = await this.findRun(runId);
    if ((run.meta.values.get('lifecycle_stage') ?? 'active') !== 'active' || run.experimentInTrash) {
      const verb = action === 'rename' ? 'renamed' : 'tagged';
      throw new StoreError('invalidArgument', `Run ${runId} is deleted: MLflow does not change a deleted run (restore it first to have it ${verb}).`, run.dir);
    }
    return run;
  }

  private async experimentFolders(): Promise<{ id: string; dir: string; inTrash: boolean }[]> {
    const list = async (dir: string, inTrash: boolean) => {
      const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT' && inTrash) return [];
        throw new StoreError('notFound', `Cannot read the store folder ${dir}: ${e.message}`, dir, { cause: e });
      });
      return entries
        .filter((e) => e.isDirectory() && !e.name.startsWith('.') && (inTrash || e.name !== 'models'))
        .map((e) => ({ id: e.name, dir: path.join(dir, e.name), inTrash }));
    };
    return [...(await list(this.root, false)), ...(await list(path.join(this.root, '.trash'), true))];
  }

  private async experimentNames(): Promise<{ id: string; name: string; inTrash: boolean }[]> {
    const out: { id: string; name: string; inTrash: boolean }[] = [];
    for (const folder of await this.experimentFolders()) {
      const text = await fs.promises.readFile(path.join(folder.dir, 'meta.yaml'), 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      try {
        const name = readMeta(text, folder.dir).values.get('name');
        if (typeof name === 'string') out.push({ id: folder.id, name, inTrash: folder.inTrash });
      } catch {
        // A broken experiment is not a name clash; MLflow skips it too.
      }
    }
    return out;
  }

  private async readMetaFile(metaPath: string, missing: string): Promise<MetaFile> {
    let text: string;
    try {
      text = await fs.promises.readFile(metaPath, 'utf8');
    } catch (e) {
      throw new StoreError('notFound', missing, metaPath, { cause: e });
    }
    return readMeta(text, metaPath);
  }

  // ---------------------------------------------------------------- writing

  private async writeMeta(metaPath: string, meta: MetaFile, changes: MetaChanges): Promise<void> {
    await this.guard(metaPath, () => writeFileAtomic(metaPath, editMeta(meta, changes)));
    this.onChanged(metaPath);
  }

  private async writeTag(run: RunFolder, key: string, value: string): Promise<void> {
    const file = path.join(run.dir, 'tags', ...key.split('/'));
    await this.guard(file, async () => {
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      // The temporary file goes in the run folder: one left in tags/ would read as a tag.
      await writeFileAtomic(file, Buffer.from(value, 'utf8'), { tempDir: run.dir });
    });
    this.onChanged(file);
  }

  /**
   * Indexes of finished runs (MLflow Lens keeps one per VS Code and one for the CLI) notice a run
   * changed by its meta.yaml's time stamp; a tag written by another process must move it too.
   */
  private async touchMeta(runDir: string): Promise<void> {
    const metaPath = path.join(runDir, 'meta.yaml');
    const now = new Date();
    await fs.promises.utimes(metaPath, now, now).catch(() => undefined);
    this.onChanged(metaPath);
  }

  private async guard(target: string, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code && READ_ONLY_CODES.has(code)) {
        throw new StoreError('unsupported', `${target} cannot be written (${code}): the store is read-only for this user; nothing was changed.`, target, { cause: e });
      }
      if (StoreError.is(e)) throw e;
      throw new StoreError('unreachable', `Writing ${target} failed: ${(e as Error).message}`, target, { cause: e });
    }
  }
}
