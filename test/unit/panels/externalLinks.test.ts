import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkExternalLink } from '../../../src/panels/externalLinks';

void describe('links a run description may open (host-side check of openLink)', () => {
  void it('opens http, https and mailto links, normalised', () => {
    assert.deepEqual(checkExternalLink('https://mlflow.org/docs/latest/index.html'), { ok: true, href: 'https://mlflow.org/docs/latest/index.html' });
    assert.deepEqual(checkExternalLink('HTTP://Example.com:8080/a b'), { ok: true, href: 'http://example.com:8080/a%20b' });
    assert.deepEqual(checkExternalLink('mailto:team@example.com?subject=run'), { ok: true, href: 'mailto:team@example.com?subject=run' });
  });

  void it('refuses every other scheme, however it is spelt', () => {
    for (const url of [
      'javascript:window.__pwned=1',
      'JaVaScRiPt:alert(1)',
      ' \tjavascript:alert(1)',
      'java\nscript:alert(1)',
      'command:workbench.action.terminal.new',
      'command:mlflowLens.chooseStore?%5B%22%2Fetc%22%5D',
      'file:///etc/passwd',
      'vscode://file/etc/passwd',
      'vscode-insiders://extension/x',
      'data:text/html,<script>alert(1)</script>',
      'blob:https://example.com/uuid',
      'ftp://example.com/file',
      'ssh://host',
    ]) {
      const check = checkExternalLink(url);
      assert.equal(check.ok, false, url);
      if (!check.ok) assert.match(check.reason, /only http, https and mailto|not an absolute URL/, url);
    }
  });

  void it('refuses relative and malformed links and web links without a host', () => {
    for (const url of ['/relative/path', '#anchor', 'www.example.com', '', 'http://']) {
      assert.equal(checkExternalLink(url).ok, false, JSON.stringify(url));
    }
  });
});
