// Playwright check of the HTML artifact preview in the real workbench (code-server): an HTML artifact
// carrying an inline script, an onload and an onerror handler is opened from the Experiments tree,
// and inside VS Code's real webview frame its markup is shown while none of its code has run.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../integration/harness/lib.mjs';
import { experimentsPane, expandRow, openMlflowContainer, rowOf } from './workbench.mjs';

/** `quick-test-0` of the Default experiment in samples/mlruns: it has no artifacts of its own. */
const RUN_DIR = path.join('mlruns', '0', '4f8f8c9a6060467380b30d1d74496d18');
const REPORT = `<!DOCTYPE html><html><head><title>clean</title>
<script>document.title = 'pwned'; document.documentElement.dataset.inline = 'ran';</script></head>
<body onload="document.documentElement.dataset.onload = 'ran'">
<h1 id="lens-report">Artifact report</h1>
<img src="missing.png" onerror="document.documentElement.dataset.onerror = 'ran'">
</body></html>`;

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
        await openMlflowContainer(page);
        const pane = experimentsPane(page);
        await expandRow(pane, 'Default', 'quick-test-0');
        await expandRow(pane, 'quick-test-0', 'Artifacts', { after: 'Default' });
        await expandRow(pane, 'Artifacts', 'report.html', { after: 'quick-test-0' });
        await (await rowOf(pane, 'report.html', { after: 'Artifacts' })).locator.click();

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
