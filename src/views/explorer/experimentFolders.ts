/**
 * Experiment folders: `team/project/exp` shows as folder `team` → folder `project` → experiment `exp`
 * (MLflow has no folders; mlflow#16400 asks for them). Built from the experiment list the store returned,
 * in one pass (linear in the length of the names), never by reading the store again. Pure, no `vscode`.
 *
 * The rule, for a separator `s` (`/` by default, `.`, or none):
 * - a name is cut at every `s`; empty and blank pieces are dropped, so `/a`, `a//b` and `a/ /b` never
 *   make a folder without a name;
 * - fewer than two pieces left (`solo`, `/`, `//`, `a/`): a plain experiment at the root, labelled
 *   with its whole name;
 * - otherwise every piece but the last is a folder (at most `MAX_FOLDER_DEPTH` of them) and the row is
 *   labelled with the rest of the name (`a/b/` → folder `a`, label `b/`; past the depth limit the rest
 *   keeps its separators);
 * - folders come first, in natural order (`run2` before `run10`), then experiments in the store's order.
 */
import type { Experiment } from '../../core/model/entities';

/** `''`: no folders (every experiment at the root). */
export type FolderSeparator = '/' | '.' | '';

export const FOLDER_SEPARATORS: readonly FolderSeparator[] = ['/', '.', ''];

/** Deeper names keep their remaining pieces in the row label (a tree 500 levels deep helps nobody). */
export const MAX_FOLDER_DEPTH = 32;

export interface FolderPlacement {
  /** The folders the experiment sits in, outermost first; empty at the root. */
  folders: string[];
  /** The row's label: the whole name at the root, else the rest of the name after its folders. */
  label: string;
}

export function placeExperiment(name: string, separator: FolderSeparator): FolderPlacement {
  if (!separator || !name.includes(separator)) return { folders: [], label: name };
  const pieces = name.split(separator);
  const named: number[] = [];
  for (let i = 0; i < pieces.length; i++) if (pieces[i]!.trim() !== '') named.push(i);
  if (named.length < 2) return { folders: [], label: name };
  const folderIndexes = named.slice(0, Math.min(named.length - 1, MAX_FOLDER_DEPTH));
  const rest = pieces.slice(folderIndexes[folderIndexes.length - 1]! + 1);
  while (rest.length > 0 && rest[0]!.trim() === '') rest.shift();
  return { folders: folderIndexes.map((i) => pieces[i]!), label: rest.join(separator) };
}

export interface ExperimentFolder {
  /** `folder:` and the folder path, each piece URI-encoded: stable across refreshes, distinct from any other id. */
  id: string;
  name: string;
  /** The folder's path as the names spell it (`team/vision`). */
  path: string;
  parent?: ExperimentFolder;
  /** Subfolders in natural order. */
  folders: ExperimentFolder[];
  /** The experiments directly inside, in the store's order. */
  experiments: Experiment[];
  /** Every experiment inside, at any depth, in the store's order (`experimentsAsShown` for the tree's). */
  allExperiments: Experiment[];
}

export interface FolderTree {
  /** Top-level folders, natural order. */
  folders: ExperimentFolder[];
  /** Experiments at the root, in the store's order. */
  experiments: Experiment[];
  /** Each experiment's row label (its whole name at the root). */
  labels: Map<string, string>;
  /** The folder an experiment sits in directly; absent at the root. */
  folderOf: Map<string, ExperimentFolder>;
  byId: Map<string, ExperimentFolder>;
}

const naturalOrder = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function byName(a: ExperimentFolder, b: ExperimentFolder): number {
  return naturalOrder.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

export function groupExperiments(experiments: readonly Experiment[], separator: FolderSeparator): FolderTree {
  const tree: FolderTree = { folders: [], experiments: [], labels: new Map(), folderOf: new Map(), byId: new Map() };
  const topLevel = new Map<string, ExperimentFolder>();
  const subfolders = new Map<ExperimentFolder, Map<string, ExperimentFolder>>();
  for (const experiment of experiments) {
    const placement = placeExperiment(experiment.name, separator);
    tree.labels.set(experiment.experiment_id, placement.label);
    if (placement.folders.length === 0) {
      tree.experiments.push(experiment);
      continue;
    }
    let parent: ExperimentFolder | undefined;
    for (const name of placement.folders) {
      const siblings = parent ? subfolders.get(parent)! : topLevel;
      let folder = siblings.get(name);
      if (!folder) {
        folder = {
          id: parent ? `${parent.id}/${encodeURIComponent(name)}` : `folder:${encodeURIComponent(name)}`,
          name,
          path: parent ? `${parent.path}${separator}${name}` : name,
          ...(parent ? { parent } : {}),
          folders: [],
          experiments: [],
          allExperiments: [],
        };
        siblings.set(name, folder);
        subfolders.set(folder, new Map());
        tree.byId.set(folder.id, folder);
        (parent ? parent.folders : tree.folders).push(folder);
      }
      folder.allExperiments.push(experiment);
      parent = folder;
    }
    parent!.experiments.push(experiment);
    tree.folderOf.set(experiment.experiment_id, parent!);
  }
  tree.folders.sort(byName);
  for (const folder of tree.byId.values()) folder.folders.sort(byName);
  return tree;
}

/** A folder's experiments in the order the tree shows them: its subfolders' (depth first), then its own. */
export function experimentsAsShown(folder: ExperimentFolder): Experiment[] {
  return [...folder.folders.flatMap(experimentsAsShown), ...folder.experiments];
}

/** Every experiment in the order the tree shows them with every folder expanded: folders first, then the root's. */
export function experimentsInTreeOrder(tree: FolderTree): Experiment[] {
  return [...tree.folders.flatMap(experimentsAsShown), ...tree.experiments];
}

/** The folder and the folders around it, innermost first. */
export function folderChain(folder: ExperimentFolder | undefined): ExperimentFolder[] {
  const chain: ExperimentFolder[] = [];
  for (let f = folder; f; f = f.parent) chain.push(f);
  return chain;
}
