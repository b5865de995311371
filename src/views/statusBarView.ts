/**
 * What the store status-bar item says for a connection and its health: text, Markdown tooltip
 * (store data escaped) and background. Pure, so the unit tests cover every state without VS Code.
 */
import type { ConnectionHealth } from '../connection/connectionHealth';
import { redact } from '../core/log';
import type { StoreTarget } from '../connection/storeTarget';
import { shortStoreLabel } from '../connection/storeTarget';
import { formatTimestamp } from './explorer/format';
import { escapeMarkdown } from './explorer/presentation';

export interface StatusBarView {
  text: string;
  /** Untrusted Markdown: every piece of store data in it is escaped. */
  tooltipMarkdown: string;
  /** The item's background: `error` for a store that cannot be used, `warning` for an outage. */
  background?: 'error' | 'warning';
  /** The health it shows, for the test API. */
  state: ConnectionHealth['state'] | 'none';
}

const CLICK = 'Click to switch connection.';

export function statusBarView(target: StoreTarget | undefined, name: string | undefined, health: ConnectionHealth): StatusBarView {
  if (!target) {
    return { text: '$(beaker) MLflow: no store', tooltipMarkdown: 'No MLflow tracking store found. Click to choose one.', state: 'none' };
  }
  const label = name ?? shortStoreLabel(target.uri);
  const heading = name ? `**MLflow connection ${escapeMarkdown(name)}**` : '**MLflow tracking store**';
  const about = `${heading}  \n${escapeMarkdown(redact(target.uri))}  \n${escapeMarkdown(target.reason)}`;
  switch (health.state) {
    case 'idle':
    case 'ok':
      return { text: `$(beaker) MLflow: ${label}`, tooltipMarkdown: `${about}  \n${CLICK}`, state: health.state };
    case 'connecting':
      return { text: `$(sync~spin) MLflow: ${label}`, tooltipMarkdown: `${about}  \nConnecting…  \n${CLICK}`, state: 'connecting' };
    case 'failed':
      return {
        text: `$(error) MLflow: ${label}`,
        tooltipMarkdown: `${about}  \n**Cannot use this store:** ${escapeMarkdown(health.message)}${where(health.location)}  \n${CLICK}`,
        background: 'error',
        state: 'failed',
      };
    case 'unreachable':
      return {
        text: `$(debug-disconnect) MLflow: ${label} (offline)`,
        tooltipMarkdown:
          `${about}  \n**Unreachable since ${escapeMarkdown(formatTimestamp(health.since))}:** ${escapeMarkdown(health.message)}` +
          `${where(health.location)}  \nRetrying by itself; the Experiments view shows what was loaded before (marked stale).  \n${CLICK}`,
        background: 'warning',
        state: 'unreachable',
      };
  }
}

function where(location: string | undefined): string {
  return location ? ` (${escapeMarkdown(redact(location))})` : '';
}
