/**
 * The rows the webview holds: fetched from the host in blocks of rows, for the columns on screen
 * only (a 12,000-column store never crosses whole), dropped when the host's version changes, and
 * trimmed to the blocks near the viewport when too many cells pile up.
 */
import type { RunsTableCell, RunsTableRow, RunsTableRows, WireNumber } from '../../src/shared/webviewProtocol';

export const BLOCK_ROWS = 100;
const MAX_CACHED_CELLS = 400_000;

export interface CachedRow {
  meta: Omit<RunsTableRow, 'cells'>;
  cells: Map<string, RunsTableCell>;
}

interface Block {
  rows: CachedRow[];
  loaded: Set<string>;
  pending: Set<string>;
}

export type FetchRows = (params: { version: number; start: number; count: number; columnIds: string[] }) => Promise<RunsTableRows>;

export class RowCache {
  private blocks = new Map<number, Block>();
  private bestValues = new Map<string, WireNumber>();
  private cells = 0;
  version = -1;

  constructor(
    private readonly fetch: FetchRows,
    private readonly onLoaded: () => void,
    private readonly onError: (message: string) => void,
  ) {}

  /** Forgets everything fetched for an older version of the rows. */
  reset(version: number): void {
    this.version = version;
    this.blocks.clear();
    this.bestValues.clear();
    this.cells = 0;
  }

  get(index: number): CachedRow | undefined {
    const block = this.blocks.get(Math.floor(index / BLOCK_ROWS));
    return block?.rows[index % BLOCK_ROWS];
  }

  best(columnId: string): WireNumber | undefined {
    return this.bestValues.get(columnId);
  }

  /** Fetches what rows `first..last` lack of `columnIds` (nothing when all is there or on its way). */
  ensure(first: number, last: number, rowCount: number, columnIds: readonly string[]): void {
    if (rowCount === 0 || last < first) return;
    const firstBlock = Math.floor(Math.max(0, first) / BLOCK_ROWS);
    const lastBlock = Math.floor(Math.min(rowCount - 1, last) / BLOCK_ROWS);
    for (let b = firstBlock; b <= lastBlock; b++) {
      let block = this.blocks.get(b);
      if (!block) {
        block = { rows: [], loaded: new Set(), pending: new Set() };
        this.blocks.set(b, block);
      }
      const missing = columnIds.filter((id) => !block.loaded.has(id) && !block.pending.has(id));
      // The first request of a block also brings its rows' meta (name, depth…), even with no column.
      if (missing.length === 0 && (block.rows.length > 0 || block.pending.size > 0)) continue;
      for (const id of missing) block.pending.add(id);
      if (missing.length === 0) block.pending.add('');
      void this.load(b, block, missing, rowCount);
    }
    this.trim(firstBlock, lastBlock);
  }

  private async load(index: number, block: Block, columnIds: string[], rowCount: number): Promise<void> {
    const version = this.version;
    const start = index * BLOCK_ROWS;
    try {
      const result = await this.fetch({ version, start, count: Math.min(BLOCK_ROWS, rowCount - start), columnIds });
      if (version !== this.version || this.blocks.get(index) !== block) return;
      result.rows.forEach((row, i) => {
        const { cells, ...meta } = row;
        let cached = block.rows[i];
        if (!cached) {
          cached = { meta, cells: new Map() };
          block.rows[i] = cached;
        } else cached.meta = meta;
        columnIds.forEach((id, c) => cached.cells.set(id, cells[c] ?? null));
        this.cells += columnIds.length;
      });
      for (const id of columnIds) {
        block.loaded.add(id);
        block.pending.delete(id);
      }
      block.pending.delete('');
      for (const [id, value] of Object.entries(result.best)) this.bestValues.set(id, value);
      this.onLoaded();
    } catch (error) {
      if (version !== this.version) return;
      for (const id of columnIds) block.pending.delete(id);
      block.pending.delete('');
      this.onError(error instanceof Error ? error.message : String(error));
    }
  }

  /** Keeps memory bounded while panning across thousands of columns: far blocks go first. */
  private trim(firstBlock: number, lastBlock: number): void {
    if (this.cells <= MAX_CACHED_CELLS) return;
    for (const [index, block] of this.blocks) {
      if (index >= firstBlock - 1 && index <= lastBlock + 1) continue;
      this.blocks.delete(index);
      this.cells -= block.rows.length * block.loaded.size;
    }
    if (this.cells <= MAX_CACHED_CELLS) return;
    // Still too many: the visible blocks keep only their meta and refetch the columns on screen.
    for (const block of this.blocks.values()) {
      for (const row of block.rows) row.cells.clear();
      block.loaded.clear();
    }
    this.cells = 0;
  }
}
