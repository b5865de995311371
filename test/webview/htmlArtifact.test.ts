/**
 * An HTML artifact's preview document in real Chromium: inline scripts, event handlers, javascript:
 * URLs and external loads do not run, framed as VS Code frames a webview without `enableScripts`
 * (sandbox without allow-scripts) and also unframed, where the policy alone must stop them. A control
 * frame with the raw artifact shows the script would run, so the checks can fail.
 */
import assert from 'node:assert/strict';
import type { Frame, Route } from 'playwright-core';
import { sandboxedHtmlDocument } from '../../src/core/artifacts/htmlSandbox';
import { sharedBrowser } from './browser';
import { test } from './testing';

const ORIGIN = 'http://artifact.test';

/** Every way the artifact tries to run code marks the document; a load of the beacon marks the server. */
const HOSTILE_ARTIFACT = `<!DOCTYPE html>
<html><head><title>report</title>
<meta http-equiv="Content-Security-Policy" content="script-src * 'unsafe-inline'">
<script>document.documentElement.dataset.inline = 'ran';</script>
<script src="${ORIGIN}/evil.js"></script>
<link rel="stylesheet" href="${ORIGIN}/beacon.css">
</head>
<body onload="document.documentElement.dataset.onload = 'ran'">
<h1 id="title">Model report</h1>
<p style="color: rgb(255, 0, 0)" id="styled">inline styles stay</p>
<img src="x" onerror="document.documentElement.dataset.onerror = 'ran'">
<img src="${ORIGIN}/beacon.png">
<a id="js" href="javascript:void(document.documentElement.dataset.href='ran')">click</a>
<iframe src="${ORIGIN}/framed.html"></iframe>
</body></html>`;

async function marks(frame: Frame): Promise<Record<string, string>> {
  const html = await frame.$eval('html', (e) => e.getAttributeNames().map((n) => [n, e.getAttribute(n) ?? '']));
  return Object.fromEntries(html.filter(([n]) => n?.startsWith('data-')).map(([n, v]) => [n?.slice('data-'.length), v]));
}

test('HTML artifact preview: no script of the artifact runs, its markup and inline styles render', async () => {
  const context = await sharedBrowser().newContext();
  const requested: string[] = [];
  try {
    const page = await context.newPage();
    await context.route(`${ORIGIN}/**`, async (route: Route) => {
      const url = new URL(route.request().url());
      requested.push(url.pathname);
      const body =
        url.pathname === '/host.html'
          ? `<iframe id="sandboxed" sandbox="allow-same-origin" src="/preview.html"></iframe>
             <iframe id="policy-only" src="/preview.html"></iframe>
             <iframe id="control" src="/raw.html"></iframe>`
          : url.pathname === '/preview.html'
            ? sandboxedHtmlDocument(HOSTILE_ARTIFACT)
            : url.pathname === '/raw.html'
              ? HOSTILE_ARTIFACT.replace(/<meta http-equiv[^>]*>/, '')
              : url.pathname === '/evil.js'
                ? "document.documentElement.dataset.external = 'ran';"
                : '';
      await route.fulfill({ status: 200, contentType: url.pathname.endsWith('.js') ? 'text/javascript' : 'text/html', body });
    });
    await page.goto(`${ORIGIN}/host.html`);
    await page.waitForLoadState('load');
    const previews = page.frames().filter((f) => f.url().endsWith('/preview.html'));
    assert.equal(previews.length, 2);
    const control = page.frames().find((f) => f.url().endsWith('/raw.html'));
    assert.ok(control, 'the control frame');
    await control.click('#js');
    // The control proves the artifact is hostile: unprotected, its script, handlers and link run.
    assert.deepEqual(await marks(control), { inline: 'ran', external: 'ran', onload: 'ran', onerror: 'ran', href: 'ran' });
    for (const preview of previews) {
      await preview.click('#js').catch(() => undefined);
      assert.deepEqual(await marks(preview), {}, `scripts ran in ${preview.url()}`);
      assert.equal(await preview.textContent('#title'), 'Model report');
      assert.equal(await preview.$eval('#styled', (e) => getComputedStyle(e).color), 'rgb(255, 0, 0)');
    }
    const fromPreviews = requested.filter((p) => ['/evil.js', '/beacon.css', '/beacon.png', '/framed.html'].includes(p));
    // Each of those is requested by the control frame only.
    assert.deepEqual(fromPreviews.sort(), ['/beacon.css', '/beacon.png', '/evil.js', '/framed.html']);
  } finally {
    await context.close();
  }
});
