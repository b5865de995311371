import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { headBytesOf, headQuery } from '../../../src/views/explorer/artifactUriPath';

void describe('the head query of "Open Anyway" URIs', () => {
  void it('round-trips and is clamped to the bound', () => {
    assert.equal(headBytesOf(headQuery(4194304), 16 * 1024 * 1024), 4194304);
    assert.equal(headBytesOf('head=99999999999', 1024), 1024);
    assert.equal(headBytesOf('head=0', 1024), 1);
  });

  void it('is absent for whole-file URIs and malformed queries', () => {
    for (const query of ['', 'heads=5', 'head=', 'head=-5', 'head=1e9', 'x=1&head=abc', 'head=9999999999999999']) {
      assert.equal(headBytesOf(query, 1024), undefined, query);
    }
    assert.equal(headBytesOf('x=1&head=7', 1024), 7);
  });
});
