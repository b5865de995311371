/** The browser and harness server shared by every Chromium test, opened once by main.ts. */
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { PanelKind } from '../../src/shared/webviewProtocol';
import type { HarnessServer } from './harnessServer';
import { WebviewPage, type Responder } from './webviewPage';

let current: { browser: Browser; server: HarnessServer } | undefined;

export function useBrowser(browser: Browser, server: HarnessServer): void {
  current = { browser, server };
}

/** The shared browser, for tests that build their own pages (the HTML artifact preview). */
export function sharedBrowser(): Browser {
  if (!current) throw new Error('the browser is not started');
  return current.browser;
}

export function openWebview<K extends PanelKind>(kind: K, responder?: Responder<K>): Promise<WebviewPage<K>> {
  if (!current) throw new Error('the browser is not started');
  return WebviewPage.open(current.browser, current.server, kind, responder);
}

/**
 * Opens a page, runs `body`, and always closes the page. Every page must end without a CSP
 * violation or page error, whatever `body` checked, unless the test provokes one on purpose.
 */
export async function withWebview<K extends PanelKind>(
  kind: K,
  body: (page: WebviewPage<K>) => Promise<void>,
  responder?: Responder<K>,
  options: { expectCspViolations?: boolean } = {},
): Promise<void> {
  const page = await openWebview(kind, responder);
  try {
    await body(page);
    if (!options.expectCspViolations) {
      assert.deepEqual(await page.cspViolations(), [], `${kind}: CSP violations`);
      assert.deepEqual(page.pageErrors, [], `${kind}: page errors`);
    }
  } finally {
    await page.close();
  }
}
