import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { artifactKind, languageHint } from '../../../src/core/artifacts/artifactKind';
import { HTML_PREVIEW_CSP, sandboxedHtmlDocument } from '../../../src/core/artifacts/htmlSandbox';
import { formatBytes } from '../../../src/core/artifacts/sizeGuard';

void describe('artifact kinds and the HTML sandbox document', () => {
  void it('choose the editor by name, MLmodel as YAML', () => {
    const kinds = Object.fromEntries(
      ['model/MLmodel', 'notes.txt', 'tables/sweep.json', 'config/params.yaml', 'data/predictions.csv', 'reports/README.md', 'nb.ipynb',
        'plots/loss.png', 'report.HTML', 'blobs/weights.bin', 'model/model.pkl', 'model/requirements.txt'].map((p) => [p, artifactKind(p)]),
    );
    assert.deepEqual(kinds, {
      'model/MLmodel': 'text', 'notes.txt': 'text', 'tables/sweep.json': 'text', 'config/params.yaml': 'text', 'data/predictions.csv': 'text',
      'reports/README.md': 'markdown', 'nb.ipynb': 'notebook', 'plots/loss.png': 'image', 'report.HTML': 'html', 'blobs/weights.bin': 'binary',
      'model/model.pkl': 'binary', 'model/requirements.txt': 'text',
    });
    assert.equal(languageHint('model/MLmodel'), 'yaml');
    assert.equal(languageHint('notes.txt'), undefined);
  });

  void it('put the no-script policy first, after a doctype', () => {
    const doc = sandboxedHtmlDocument('<!DOCTYPE html><html><head><script>alert(1)</script></head></html>');
    assert.ok(doc.startsWith(`<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="${HTML_PREVIEW_CSP}">`), doc);
    assert.ok(sandboxedHtmlDocument('<p>hi</p>').startsWith('<meta http-equiv="Content-Security-Policy"'));
    assert.match(HTML_PREVIEW_CSP, /default-src 'none'; script-src 'none'/);
    assert.doesNotMatch(HTML_PREVIEW_CSP, /unsafe-eval|nonce|https?:|\*/);
  });

  void it('neutralise a meta refresh, which no policy stops', () => {
    const doc = sandboxedHtmlDocument(`<meta http-equiv='refresh' content="0;url=https://evil.example"><META HTTP-EQUIV=Refresh content=1>`);
    assert.doesNotMatch(doc, /http-equiv\s*=\s*['"]?refresh/i);
  });

  void it('format sizes for the guard messages', () => {
    assert.equal(formatBytes(2 * 1024 ** 3), '2.0 GB');
    assert.equal(formatBytes(4 * 1024 ** 2), '4.0 MB');
    assert.equal(formatBytes(0), '0 bytes');
    assert.equal(formatBytes(1), '1 byte');
    assert.equal(formatBytes(Number.NaN), 'an unknown size');
  });
});
