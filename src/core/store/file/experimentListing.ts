/** The store's experiments (active and `.trash`) as one listing, and their search pages. */
import fs from 'node:fs';
import type { Experiment, ViewType } from '../../model/entities';
import { StoreError, type StoreProblem } from '../storeErrors';
import type { ProblemPage, SearchExperimentsRequest } from '../trackingStore';
import { decodePageToken, encodePageToken, pageSize, queryFingerprint } from '../pageToken';
import { listExperimentFolders, readExperiment, type ExperimentEntry } from './experimentReader';
import { asyncReadFs, syncReadFs } from './readFs';
import { mapInSlices } from './runLoader';

/** Blocking reads between two yields of the thread. */
const LISTING_SLICE_MS = 8;

export interface ExperimentListing {
  entries: ExperimentEntry[];
  problems: StoreProblem[];
}

export function viewMatches(stage: string, view: ViewType | undefined): boolean {
  const v = view ?? 'ACTIVE_ONLY';
  return v === 'ALL' || (v === 'ACTIVE_ONLY' ? stage === 'active' : stage === 'deleted');
}

export async function readExperimentListing(root: string): Promise<ExperimentListing> {
  let folders;
  try {
    folders = await listExperimentFolders(asyncReadFs, root);
  } catch (e) {
    throw new StoreError('unreachable', `Cannot read the MLflow store ${root}: ${e instanceof Error ? e.message : String(e)}`, root, { cause: e });
  }
  if (!folders) {
    const isFile = await fs.promises.stat(root).then((s) => !s.isDirectory(), () => false);
    throw new StoreError('notFound', isFile ? `${root} is a file, not an MLflow store folder.` : `No MLflow store at ${root}: the folder does not exist.`, root);
  }
  const problems: StoreProblem[] = [];
  const entries: ExperimentEntry[] = [];
  // Blocking reads in short slices (async ones where the disk proves slow): each experiment is a
  // few small files, and fs.promises made this listing the largest read of a one-experiment search.
  const read = await mapInSlices(folders, (fs, f) => readExperiment(fs, f, problems), {
    blockingFs: syncReadFs,
    asyncFs: asyncReadFs,
    sliceMs: LISTING_SLICE_MS,
    lanes: 16,
  });
  const seen = new Set<string>();
  for (const e of read) {
    if (!e) continue;
    // An id both active and in .trash: MLflow sees the active one.
    if (seen.has(e.name)) {
      problems.push({ scope: 'experiment', location: e.dir, experimentId: e.name, message: `experiment '${e.name}' exists both in the store and in .trash; the active one is shown` });
      continue;
    }
    seen.add(e.name);
    entries.push(e);
  }
  return { entries, problems };
}

export function experimentPage(listing: ExperimentListing, request: SearchExperimentsRequest): ProblemPage<Experiment> {
  const matching = listing.entries
    .filter((e) => viewMatches(e.experiment.lifecycle_stage, request.viewType))
    .map((e) => e.experiment)
    .sort(experimentOrder);
  const fingerprint = queryFingerprint(['experiments', request.viewType ?? 'ACTIVE_ONLY']);
  const size = pageSize(request.maxResults, 1000, 50000);
  const offset = decodePageToken(request.pageToken, fingerprint);
  const items = matching.slice(offset, offset + size).map((e) => ({ ...e, tags: [...e.tags] }));
  const page: ProblemPage<Experiment> = { items, problems: offset === 0 ? [...listing.problems] : [], totalCount: matching.length };
  if (offset + size < matching.length) page.nextPageToken = encodePageToken(offset + size, fingerprint);
  return page;
}

/** MLflow's default experiment order: `creation_time DESC, experiment_id ASC` (missing times last). */
function experimentOrder(a: Experiment, b: Experiment): number {
  if (a.creation_time !== b.creation_time) {
    if (a.creation_time === undefined) return 1;
    if (b.creation_time === undefined) return -1;
    return b.creation_time - a.creation_time;
  }
  return a.experiment_id < b.experiment_id ? -1 : a.experiment_id > b.experiment_id ? 1 : 0;
}
