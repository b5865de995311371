/**
 * A host for the runs-table bundle in the Chromium tier: the real `RunsTableSession` over a real
 * store answers the webview's row requests and applies its intents, as runsTablePanel.ts does.
 */
import type { TrackingStore } from '../../src/core/store/trackingStore';
import { RunsTableSession } from '../../src/panels/runsTableState';
import type { IntentMessage, RequestMessage } from '../../src/shared/webviewProtocol';
import { filterProblem } from '../../src/views/explorer/runQuery';
import type { WebviewPage } from './webviewPage';

export class TableHost {
  private handled = 0;

  constructor(
    readonly session: RunsTableSession,
    private readonly store: TrackingStore | undefined,
  ) {}

  readonly responder = async (request: RequestMessage<'runsTable'>): Promise<unknown> => {
    if (request.method === 'rows') return this.session.rows(request.params as Parameters<RunsTableSession['rows']>[0]);
    if (request.method === 'parallelRuns') return this.session.parallelRuns(request.params as Parameters<RunsTableSession['parallelRuns']>[0]);
    const filter = (request.params as { filter: string }).filter;
    const error = filter.trim() ? filterProblem(filter) : undefined;
    return error ? { error } : {};
  };

  /** Applies the intents received since the last call (those a panel answers with new state) and pushes the state. */
  async sync(view: WebviewPage<'runsTable'>): Promise<IntentMessage<'runsTable'>[]> {
    const intents = view.received.slice(this.handled).filter((m): m is IntentMessage<'runsTable'> => m.kind === 'intent');
    this.handled = view.received.length;
    let reload = false;
    for (const intent of intents) {
      const p = intent.params as never as Record<string, unknown>;
      switch (intent.name) {
        case 'setExpanded':
          this.session.setExpanded(p['rowId'] as string, p['expanded'] as boolean);
          break;
        case 'setGroupBy':
          this.session.setGroupBy((p['columnId'] as string | null) ?? undefined);
          break;
        case 'setSort':
          reload = this.session.setSort((p['sort'] as never) ?? undefined) || reload;
          break;
        case 'setFilter':
          this.session.query = { ...this.session.query, filter: p['filter'] as string };
          reload = true;
          break;
        case 'setLayout':
          if (this.session.setLayout(p['layout'] as never) && this.store) await this.session.readExtremes(this.store);
          break;
        default:
          break;
      }
    }
    if (reload && this.store) await this.session.load(this.store);
    await view.pushState(this.session.state());
    return intents;
  }
}
