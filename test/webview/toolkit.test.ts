/**
 * The toolkit controls of webviews/shared/ui.ts in Chromium behind the real CSP: they are upgraded
 * custom elements styled by constructable stylesheets, they take the VS Code theme's colours (light
 * and dark), and keyboard use drives the same changes as clicks. With WEBVIEW_SCREENSHOTS=<dir>,
 * the themed metric and run panels are saved there as PNGs to look at.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadMetricChart } from '../../src/panels/metricChartState';
import { loadRunDetails } from '../../src/panels/runDetailsState';
import { withWebview } from './browser';
import { findRun, fixtureStore } from './fixtureData';
import { test } from './testing';
import { applyTheme, THEMES, type ThemeName } from './themes';
import type { Page } from 'playwright-core';

/** Which shadow element of each control paints its background. */
const PAINTED: Record<string, string | undefined> = {
  'vscode-button': undefined,
  'vscode-dropdown': undefined,
  'vscode-checkbox': '.control',
  'vscode-text-field': '.root',
};

async function background(page: Page, selector: string): Promise<string> {
  return page.$eval(
    selector,
    (host, painted) => {
      const inner = painted[host.localName];
      const target = inner ? host.shadowRoot?.querySelector(inner) : host;
      return target ? getComputedStyle(target).backgroundColor : 'no painted element';
    },
    PAINTED,
  );
}

async function waitForBackground(page: Page, selector: string, expected: string): Promise<void> {
  try {
    await page.waitForFunction(
      ({ selector, expected, painted }) => {
        const host = document.querySelector(selector);
        const inner = host && painted[host.localName];
        const target = inner ? host.shadowRoot?.querySelector(inner) : host;
        return !!target && getComputedStyle(target).backgroundColor === expected;
      },
      { selector, expected, painted: PAINTED },
      { timeout: 5_000 },
    );
  } catch {
    assert.fail(`${selector}: background ${await background(page, selector)}, expected ${expected} from the theme`);
  }
}

async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env['WEBVIEW_SCREENSHOTS'];
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: false });
}

const THEME_NAMES: ThemeName[] = ['light', 'dark'];

test('toolkit: metric panel controls are toolkit elements in the theme colours, under the CSP, work from the keyboard, and follow a theme switch', async () => {
  const store = fixtureStore();
  const runIds = await Promise.all(['C=0.01', 'C=0.1', 'C=1.0'].map(async (n) => (await findRun(store, n)).info.run_id));
  const state = await loadMetricChart(store, { runIds, metricKeys: ['train_loss', 'accuracy'] }, 1000);
  for (const theme of THEME_NAMES) {
    await withWebview('metrics', async (view) => {
      await applyTheme(view.page, theme);
      await view.pushState(state);
      await view.page.waitForSelector('figure[data-metric-key="train_loss"][data-renders]');
      const upgraded = await view.page.evaluate(() =>
        ['vscode-button', 'vscode-checkbox', 'vscode-dropdown', 'vscode-option'].map((tag) => {
          const element = document.querySelector(tag);
          return `${tag}: ${customElements.get(tag) ? 'defined' : 'undefined'}, ${element?.shadowRoot?.adoptedStyleSheets.length ? 'adopted sheets' : 'no sheets'}`;
        }),
      );
      assert.deepEqual(upgraded, ['vscode-button', 'vscode-checkbox', 'vscode-dropdown', 'vscode-option'].map((tag) => `${tag}: defined, adopted sheets`));
      const colours = THEMES[theme];
      await waitForBackground(view.page, 'vscode-button[appearance="secondary"]', colours['--vscode-button-secondaryBackground'] as string);
      await waitForBackground(view.page, 'vscode-dropdown', colours['--vscode-dropdown-background'] as string);
      await waitForBackground(view.page, '.legend vscode-checkbox', colours['--vscode-checkbox-background'] as string);
      await screenshot(view.page, `metrics-${theme}`);

      // Keyboard: Space on a legend entry hides that run, as a click does.
      const entry = `.legend .toggle[data-run-id="${runIds[0]}"]`;
      await view.page.focus(entry);
      await view.page.keyboard.press('Space');
      await view.page.waitForSelector('figure[data-metric-key="train_loss"][data-series="2"]');
      assert.equal(await view.page.getAttribute(entry, 'aria-checked'), 'false');
      // Keyboard: the Y scale dropdown opens with Enter, moves with ArrowDown, commits with Enter.
      const yScale = view.page.getByRole('combobox', { name: 'Y scale', exact: true });
      await yScale.focus();
      await view.page.keyboard.press('Enter');
      await view.page.keyboard.press('ArrowDown');
      await view.page.keyboard.press('Enter');
      await view.page.waitForFunction(() => /log scale/.test(document.querySelector('figure[data-metric-key="train_loss"] figcaption')?.textContent ?? ''));
      assert.equal(((await view.savedState()) as { view: { yScale: string } }).view.yScale, 'log');

      // A theme switch repaints the charts in the new colours, keeping the view choices.
      const other: ThemeName = theme === 'light' ? 'dark' : 'light';
      await applyTheme(view.page, other);
      const expected = THEMES[other]['--vscode-editor-background'] as string;
      await view.page.waitForFunction((rgb) => {
        const canvas = document.querySelector('figure[data-metric-key="train_loss"] canvas') as HTMLCanvasElement | null;
        const pixel = canvas?.getContext('2d')?.getImageData(1, 1, 1, 1).data;
        return !!pixel && `rgb(${pixel[0]}, ${pixel[1]}, ${pixel[2]})` === rgb;
      }, expected);
      await waitForBackground(view.page, 'vscode-dropdown', THEMES[other]['--vscode-dropdown-background'] as string);
      assert.match((await view.page.textContent('figure[data-metric-key="train_loss"] figcaption')) ?? '', /log scale/);
      assert.equal(await view.page.getAttribute('figure[data-metric-key="train_loss"]', 'data-series'), '2');
      assert.deepEqual(await view.incidents(), []);
    });
  }
});

test('toolkit: run panel text field and buttons in the theme colours; typing filters the table', async () => {
  const store = fixtureStore();
  const run = await findRun(store, 'C=0.1');
  const state = await loadRunDetails(store, run.info.run_id);
  for (const theme of THEME_NAMES) {
    await withWebview('runDetails', async (view) => {
      await applyTheme(view.page, theme);
      await view.pushState(state);
      await view.page.waitForSelector('[data-table="parameters"]');
      const colours = THEMES[theme];
      await waitForBackground(view.page, 'vscode-text-field', colours['--vscode-input-background'] as string);
      await waitForBackground(view.page, 'vscode-button[appearance="secondary"]', colours['--vscode-button-secondaryBackground'] as string);
      await screenshot(view.page, `runDetails-${theme}`);

      const filter = view.page.getByRole('textbox', { name: 'Filter parameters', exact: true });
      await filter.focus();
      await view.page.keyboard.type('zzz-no-such-param');
      await view.page.waitForFunction(() => document.querySelectorAll('[data-table="parameters"] tbody tr').length === 0);
      await view.page.keyboard.press('Control+A');
      await view.page.keyboard.press('Backspace');
      await view.page.waitForFunction((n) => document.querySelectorAll('[data-table="parameters"] tbody tr').length === n, state.params.length);

      await view.page.getByRole('button', { name: 'Refresh', exact: true }).press('Enter');
      await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'refresh');
      assert.deepEqual(await view.incidents(), []);
    });
  }
});
