/** The browser and harness server shared by every Chromium test, opened once by main.ts. */
import type { Browser } from 'playwright-core';
import type { PanelKind } from '../../src/shared/webviewProtocol';
import type { HarnessServer } from './harnessServer';
import { WebviewPage, type Responder } from './webviewPage';

let current: { browser: Browser; server: HarnessServer } | undefined;

export function useBrowser(browser: Browser, server: HarnessServer): void {
  current = { browser, server };
}

export function openWebview<K extends PanelKind>(kind: K, responder?: Responder<K>): Promise<WebviewPage<K>> {
  if (!current) throw new Error('the browser is not started');
  return WebviewPage.open(current.browser, current.server, kind, responder);
}

/** Opens a page, runs `body`, and always closes the page. */
export async function withWebview<K extends PanelKind>(kind: K, body: (page: WebviewPage<K>) => Promise<void>, responder?: Responder<K>): Promise<void> {
  const page = await openWebview(kind, responder);
  try {
    await body(page);
  } finally {
    await page.close();
  }
}
