import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorNode } from '../../../src/views/explorer/nodes';
import { escapeMarkdown, locationKind, present } from '../../../src/views/explorer/presentation';

const now = Date.UTC(2026, 0, 1);

void describe('the hover of a store error names what its location is, with no credentials', () => {
  void it('labels a server, a request URL, a database and a file', () => {
    assert.equal(locationKind('http://127.0.0.1:5000'), 'Server');
    assert.equal(locationKind('https://mlflow.example.com/'), 'Server');
    assert.equal(locationKind('http://127.0.0.1:5000/api/2.0/mlflow/experiments/search'), 'URL');
    assert.equal(locationKind('sqlite:////data/mlflow.db'), 'Database');
    assert.equal(locationKind('/data/mlruns/1/meta.yaml'), 'File');
    assert.equal(locationKind('C:\\\\work\\\\mlruns'), 'File');
  });

  void it('a server error says Server:, not File:', () => {
    const p = present(errorNode('root', 'Cannot reach the server', 'http://127.0.0.1:5000', 'enterCredentials'), now);
    assert.match(p.tooltipMarkdown ?? '', /\*\*Server:\*\* http\\:\\\/\\\/127\\\.0\\\.0\\\.1\\:5000/);
    assert.doesNotMatch(p.tooltipMarkdown ?? '', /File/);
  });

  void it('masks a token or password in the location and the message, in the row and the hover', () => {
    const p = present(
      errorNode('root', 'Cannot open https://dapiSECRET@mlflow.example.com/x', 'https://alice:hunter2@mlflow.example.com'),
      now,
    );
    const shown = [p.label, p.description, p.tooltipMarkdown].join('\n');
    assert.ok(!/dapiSECRET|hunter2|alice/.test(shown), shown);
    assert.equal(p.description, 'https://***@mlflow.example.com');
    assert.ok(p.tooltipMarkdown?.includes(escapeMarkdown('https://***@mlflow.example.com')), p.tooltipMarkdown);
  });
});
