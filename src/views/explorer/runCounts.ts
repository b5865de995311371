/**
 * How many runs each experiment row says it holds. Asked of the store in the background, so counting
 * never delays the tree, or learnt from a listing that saw every run. A count asked for before a change
 * (`forget`, `clear`) is dropped when it arrives. Stores that cannot count cheaply (a server) are not asked.
 */
import type { ViewType } from '../../core/model/entities';
import type { TrackingStore } from '../../core/store/trackingStore';

export class RunCounts {
  private readonly counts = new Map<string, number>();
  /** The request each experiment's count is awaited from. */
  private readonly pending = new Map<string, object>();

  /** `onChange` is told the experiments whose count changed (to repaint their rows). */
  constructor(
    private readonly onChange: (experimentId: string) => void,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  get(experimentId: string): number | undefined {
    return this.counts.get(experimentId);
  }

  /** A count known for sure (a complete listing); it wins over any request still running. */
  set(experimentId: string, count: number): void {
    this.pending.delete(experimentId);
    this.update(experimentId, count);
  }

  /** The experiment changed: its count is asked again (the row keeps showing the last one meanwhile). */
  forget(experimentId: string): void {
    this.counts.delete(experimentId);
    this.pending.delete(experimentId);
  }

  clear(): void {
    this.counts.clear();
    this.pending.clear();
  }

  /** Asks the store for the counts not known or asked for yet; resolves when they are in (never rejects). */
  async request(store: Pick<TrackingStore, 'countRuns'>, experimentIds: readonly string[], viewType: ViewType): Promise<void> {
    if (!store.countRuns) return;
    const wanted = [...new Set(experimentIds)].filter((id) => !this.counts.has(id) && !this.pending.has(id));
    if (wanted.length === 0) return;
    const ticket = {};
    for (const id of wanted) this.pending.set(id, ticket);
    let counts: Map<string, number>;
    try {
      counts = await store.countRuns({ experimentIds: wanted, viewType });
    } catch (error) {
      for (const id of wanted) if (this.pending.get(id) === ticket) this.pending.delete(id);
      this.onError(error);
      return;
    }
    for (const id of wanted) {
      if (this.pending.get(id) !== ticket) continue;
      this.pending.delete(id);
      const count = counts.get(id);
      if (count !== undefined) this.update(id, count);
    }
  }

  private update(experimentId: string, count: number): void {
    if (this.counts.get(experimentId) === count) return;
    this.counts.set(experimentId, count);
    this.onChange(experimentId);
  }
}
