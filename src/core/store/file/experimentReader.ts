/**
 * Lists the experiments of a file store root: every sub-folder except `.trash` and `models`, plus
 * the folders inside `.trash/` (deleted, whatever their meta.yaml says). Plain files and hidden
 * folders are ignored as MLflow ignores them; a folder whose meta.yaml is missing or broken
 * becomes a problem naming the file.
 */
import type { Experiment } from '../../model/entities';
import type { StoreProblem } from '../storeErrors';
import type { ReadFs } from './readFs';
import { readKeyValues } from './runReader';
import { MetaError, experimentFromMeta, parseMetaYaml } from './yamlMeta';

export interface ExperimentFolder {
  /** Folder name = experiment id. */
  name: string;
  dir: string;
  inTrash: boolean;
}

export interface ExperimentEntry extends ExperimentFolder {
  experiment: Experiment;
}

/** Root entries that are never experiments. */
const NOT_EXPERIMENTS = new Set(['.trash', 'models']);

/** Sub-folders of an experiment folder that are never runs. */
export const NOT_RUNS = new Set(['tags', 'datasets', 'traces', 'models']);

/** Experiment folders under `root` (and `root/.trash`); undefined when `root` does not exist. */
export async function listExperimentFolders(fs: ReadFs, root: string): Promise<ExperimentFolder[] | undefined> {
  const entries = await fs.readdir(root);
  if (!entries) return undefined;
  const out: ExperimentFolder[] = [];
  for (const e of entries) {
    if (!e.isDir || NOT_EXPERIMENTS.has(e.name) || e.name.startsWith('.')) continue;
    out.push({ name: e.name, dir: `${root}/${e.name}`, inTrash: false });
  }
  if (entries.some((e) => e.isDir && e.name === '.trash')) {
    const trash = (await fs.readdir(`${root}/.trash`).catch(() => undefined)) ?? [];
    for (const e of trash) {
      if (!e.isDir || e.name.startsWith('.')) continue;
      out.push({ name: e.name, dir: `${root}/.trash/${e.name}`, inTrash: true });
    }
  }
  return out;
}

/** Reads one experiment folder; a problem (and undefined) when it is not a readable experiment. */
export async function readExperiment(fs: ReadFs, folder: ExperimentFolder, problems: StoreProblem[]): Promise<ExperimentEntry | undefined> {
  const metaPath = `${folder.dir}/meta.yaml`;
  const where = folder.inTrash ? `.trash/${folder.name}` : folder.name;
  let text: string | undefined;
  try {
    text = await fs.readText(metaPath);
  } catch (e) {
    problems.push({ scope: 'experiment', location: metaPath, experimentId: folder.name, message: `experiment '${where}' skipped: cannot read meta.yaml: ${e instanceof Error ? e.message : String(e)}` });
    return undefined;
  }
  if (text === undefined) {
    problems.push({ scope: 'experiment', location: folder.dir, experimentId: folder.name, message: `folder '${where}' is not an experiment: it has no meta.yaml` });
    return undefined;
  }
  try {
    const experiment = experimentFromMeta(parseMetaYaml(text), folder.name, folder.inTrash);
    experiment.tags = await readKeyValues(fs, `${folder.dir}/tags`, problems, { scope: 'value', experimentId: folder.name });
    return { ...folder, experiment };
  } catch (e) {
    if (!(e instanceof MetaError)) throw e;
    problems.push({ scope: 'experiment', location: metaPath, experimentId: folder.name, message: `experiment '${where}' skipped: ${e.message}` });
    return undefined;
  }
}

/** Run folder candidates of an experiment folder (sub-folders that are not `tags`, `datasets`…). */
export async function listRunFolders(fs: ReadFs, experimentDir: string): Promise<string[] | undefined> {
  const entries = await fs.readdir(experimentDir);
  if (!entries) return undefined;
  return entries.filter((e) => e.isDir && !NOT_RUNS.has(e.name) && !e.name.startsWith('.')).map((e) => e.name);
}
