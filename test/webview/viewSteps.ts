/**
 * Steps the panel tests repeat on a webview page: show a state in a theme, save a screenshot when
 * WEBVIEW_SCREENSHOTS names a folder, and reload the page the way VS Code restores a webview.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { PanelContracts, PanelKind } from '../../src/shared/webviewProtocol';
import { applyTheme, THEMES, type ThemeName } from './themes';
import type { WebviewPage } from './webviewPage';

/** Applies `theme`, posts `state` and waits for `selector` to render; returns the theme's colours to check against. */
export async function showInTheme<K extends PanelKind>(view: WebviewPage<K>, theme: ThemeName, state: PanelContracts[K]['state'], selector: string): Promise<Record<string, string>> {
  await applyTheme(view.page, theme);
  await view.pushState(state);
  await view.page.waitForSelector(selector);
  return THEMES[theme];
}

/** Saves `<name>.png` into $WEBVIEW_SCREENSHOTS when set (the README's pictures); does nothing otherwise. */
export async function screenshotIfAsked(page: Page, name: string, viewport?: { width: number; height: number }): Promise<void> {
  const dir = process.env['WEBVIEW_SCREENSHOTS'];
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  if (viewport) await page.setViewportSize(viewport);
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: !viewport });
}

/**
 * A window reload or a moved editor: the page loads again and `getState()` hands back what the webview
 * saved with `setState`. Resolves once the reloaded bundle has posted a new `ready`.
 */
export async function reloadWithSavedState<K extends PanelKind>(view: WebviewPage<K>): Promise<void> {
  const saved = await view.savedState();
  const firstReady = view.received.find((m) => m.kind === 'ready');
  await view.page.addInitScript((state) => {
    (window as unknown as { __savedState: unknown }).__savedState = state;
  }, saved);
  await view.page.reload();
  await view.waitForMessage((m) => m.kind === 'ready' && m !== firstReady);
}
