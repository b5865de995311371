// Playwright check of the HTML artifact preview in the real workbench (code-server): an HTML artifact
// carrying an inline script, an onload and an onerror handler is opened from the Experiments tree,
// and inside VS Code's real webview frame its markup is shown while none of its code has run.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../integration/harness/lib.mjs';

/** `quick-test-0` of the Default experiment in samples/mlruns: it has no artifacts of its own. */
const RUN_DIR = path.join('mlruns', '0', '4f8f8c9a6060467380b30d1d74496d18');
const REPORT = `<!DOCTYPE html><html><head><title>clean</title>
<script>document.title = 'pwned'; document.documentElement.dataset.inline = 'ran';</script></head>
<body onload="document.documentElement.dataset.onload = 'ran'">
<h1 id="lens-report">Artifact report</h1>
<img src="missing.png" onerror="document.documentElement.dataset.onerror = 'ran'">
</body></html>`;

/** The Experiments pane (the Models view shares the side bar). */
const experimentsPane = (page) => page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'Experiments' }) });

/** The pane's rendered rows in list order (rows are positioned, so DOM order is not list order). */
async function paneRows(page) {
  const rows = await experimentsPane(page)
    .locator('.monaco-list-row')
    .evaluateAll((els) =>
      els.map((e) => ({ index: Number(e.dataset.index), label: e.querySelector('.label-name')?.textContent.trim() ?? '', expanded: e.getAttribute('aria-expanded') })),
    );
  return rows.sort((a, b) => a.index - b.index);
}

/** The first row labelled `label` after the row labelled `after` (or anywhere), once rendered. */
async function rowOf(page, label, after) {
  const found = await waitFor(
    async () => {
      const rows = await paneRows(page);
      const from = after === undefined ? 0 : rows.findIndex((r) => r.label === after) + 1;
      if (after !== undefined && from === 0) return null;
      return rows.slice(from).find((r) => r.label === label) ?? null;
    },
    { timeout: 30000, what: `row ${label}${after ? ` after ${after}` : ''}` },
  );
  return { ...found, locator: experimentsPane(page).locator(`.monaco-list-row[data-index="${found.index}"]`) };
}

/** Expands `label` (after `after`) unless it already is, and waits for `child` below it. */
async function expand(page, label, child, after) {
  const row = await rowOf(page, label, after);
  if (row.expanded !== 'true') await row.locator.click();
  await rowOf(page, child, label);
}

/** Checks that write their artifact into `workspace`'s sample store first. */
export function artifactChecks(workspace) {
  return [
    {
      name: 'an HTML artifact opens rendered in a webview where its inline script and handlers do not run',
      async run(page) {
        const artifacts = path.join(workspace, RUN_DIR, 'artifacts');
        fs.mkdirSync(artifacts, { recursive: true });
        fs.writeFileSync(path.join(artifacts, 'report.html'), REPORT);
        // Opened by the explorer checks in the full tier; opened here when this check runs alone.
        if ((await experimentsPane(page).count()) === 0) {
          const icon = page.locator('.part.activitybar .action-item a.action-label[aria-label="MLflow"]');
          await icon.waitFor({ timeout: 60000 });
          await icon.click();
        }
        await expand(page, 'Default', 'quick-test-0');
        await expand(page, 'quick-test-0', 'Artifacts', 'Default');
        await expand(page, 'Artifacts', 'report.html', 'quick-test-0');
        await (await rowOf(page, 'report.html', 'Artifacts')).locator.click();

        const frame = await waitFor(
          async () => {
            for (const f of page.frames()) {
              const text = await f.$eval('#lens-report', (e) => e.textContent).catch(() => null);
              if (text === 'Artifact report') return f;
            }
            return null;
          },
          { timeout: 60000, what: 'the HTML preview frame' },
        );
        // Let the load and error events fire (they would run the handlers at once if allowed).
        await frame.waitForLoadState('load');
        const shown = await frame.$eval('html', (html) => ({
          marks: html.getAttributeNames().filter((n) => n.startsWith('data-')),
          title: html.ownerDocument.title,
        }));
        assert.deepEqual(shown, { marks: [], title: 'clean' }, 'no script of the artifact ran');
        const sandbox = await (await frame.frameElement()).getAttribute('sandbox');
        assert.ok(sandbox !== null && !/allow-scripts/.test(sandbox), `the content frame's sandbox: ${sandbox}`);
        const policy = await frame.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.getAttribute('content'));
        assert.match(policy, /script-src 'none'/);
        const tab = page.locator('.tabs-container .tab', { hasText: 'report.html (quick-test-0)' });
        assert.equal(await tab.count(), 1, 'one editor tab titled with the file and the run');
      },
    },
  ];
}
