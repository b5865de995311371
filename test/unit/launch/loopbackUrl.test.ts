// Which URLs the extension routes through `asExternalUri` (the window may be on another machine):
// those naming this machine, and no others.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLoopbackUrl } from '../../../src/core/launch/loopbackUrl';

void describe('isLoopbackUrl', () => {
  void it('is true for http(s) URLs on this machine', () => {
    for (const url of ['http://127.0.0.1:5000', 'http://127.0.0.1:5000/#/experiments/1', 'https://localhost:8443/x', 'http://LOCALHOST:5000', 'http://app.localhost:3000', 'http://127.1.2.3:80', 'http://[::1]:5000/', 'http://0.0.0.0:5000']) {
      assert.equal(isLoopbackUrl(url), true, url);
    }
  });

  void it('is false for other hosts, other schemes and text that is not a URL', () => {
    for (const url of ['https://mlflow.example.com', 'http://10.0.0.5:5000', 'http://localhost.example.com:5000', 'http://127.0.0.1.nip.io', 'mailto:me@localhost', 'file:///tmp/x', 'ws://localhost:1', 'localhost:5000', 'not a url', '']) {
      assert.equal(isLoopbackUrl(url), false, url);
    }
  });
});
