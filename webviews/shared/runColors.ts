/**
 * The colour of each run, the same in every panel that shows it (chart lines and legend, the
 * comparison's headers and scatter).
 *
 * The palette is categorical and keeps clear of the hues that carry a meaning elsewhere: the run
 * status colours (finished green, failed red, killed/scheduled yellow-orange, running blue) and the
 * comparison's green "best value". A run drawn red would read as failed. What is left (teals,
 * cyans, violets, magentas, pinks) is spread over lightness so that neighbours stay apart on light
 * and dark backgrounds alike (pairwise CIEDE2000 ≥ 16, ≥ 18 from every status colour of VS Code's
 * light and dark themes; the Chromium tier measures both). Eight colours: past eight runs they repeat.
 *
 * Assignment: each run prefers the slot of a hash of its id, so a run keeps its colour from panel to
 * panel, in any order; when runs shown together want the same slot, the one with the smallest id
 * keeps it and the others take the next free slots. The result depends only on the set of runs,
 * never on their order, so a comparison and the chart opened from it agree.
 */

export const RUN_PALETTE: readonly string[] = [
  '#2a9d8f', // teal
  '#8e6fe6', // violet
  '#f08fc0', // pink
  '#48d1e0', // cyan
  '#8f2d7a', // plum
  '#c3a6ff', // lavender
  '#1d6f6a', // deep teal
  '#d63ac8', // magenta
];

/** FNV-1a: small, stable across sessions and machines. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One colour per run id of `runIds` (duplicates share one), distinct while there are no more runs than colours. */
export function assignRunColors(runIds: readonly string[]): ReadonlyMap<string, string> {
  const ids = [...new Set(runIds)].sort();
  const slots = new Map<string, number>();
  const owner = new Array<string | undefined>(RUN_PALETTE.length);
  // First every run that is alone on its preferred slot (or the smallest id there) takes it...
  for (const id of ids) {
    const slot = hash(id) % RUN_PALETTE.length;
    if (owner[slot] === undefined) {
      owner[slot] = id;
      slots.set(id, slot);
    }
  }
  // ...then the others take the next free slot after theirs, or share theirs once all are taken.
  for (const id of ids) {
    if (slots.has(id)) continue;
    const preferred = hash(id) % RUN_PALETTE.length;
    let slot = preferred;
    for (let i = 1; i < RUN_PALETTE.length && owner[slot] !== undefined; i++) slot = (preferred + i) % RUN_PALETTE.length;
    if (owner[slot] !== undefined) slot = preferred;
    else owner[slot] = id;
    slots.set(id, slot);
  }
  return new Map(ids.map((id) => [id, RUN_PALETTE[slots.get(id) as number] as string]));
}

/** The colour of `runId` among `colors`, for a run the assignment did not see (never expected). */
export function colorOf(colors: ReadonlyMap<string, string>, runId: string): string {
  return colors.get(runId) ?? (RUN_PALETTE[hash(runId) % RUN_PALETTE.length] as string);
}
