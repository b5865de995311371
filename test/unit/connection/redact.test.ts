import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redact } from '../../../src/core/log';

void describe('redact(): credentials never reach a log line or the screen', () => {
  void it('masks every kind of URL user-info whole: password, bare token, user name alone', () => {
    assert.equal(redact('https://alice:s3cret@mlflow.example.com/api'), 'https://***@mlflow.example.com/api');
    assert.equal(redact('https://dapi0123456789abcdef@mlflow.example.com'), 'https://***@mlflow.example.com');
    assert.equal(redact('http://ghp_TOKEN:@127.0.0.1:5000/'), 'http://***@127.0.0.1:5000/');
    assert.equal(redact('http://alice@host:5000'), 'http://***@host:5000');
    assert.equal(redact('mlflow+postgresql://admin:pw@db:5432/mlflow'), 'mlflow+postgresql://***@db:5432/mlflow');
  });

  void it('a user name holding an @ does not leave the password behind', () => {
    assert.equal(redact('https://me@corp.com:hunter2@mlflow.example.com/x'), 'https://***@mlflow.example.com/x');
  });

  void it('masks each URI of a line and leaves the rest of the text alone', () => {
    assert.equal(
      redact('opened https://tok1@a.example.com then http://u:p@b.example.com:8080/p failed for me@corp.com'),
      'opened https://***@a.example.com then http://***@b.example.com:8080/p failed for me@corp.com',
    );
    assert.equal(redact('MLFLOW_TRACKING_URI is set to HTTPS://TOKEN@Host.'), 'MLFLOW_TRACKING_URI is set to HTTPS://***@Host.');
  });

  void it('an @ after the authority (path, query, fragment) is not user-info', () => {
    for (const text of [
      'https://mlflow.example.com/users/me@corp.com',
      'https://mlflow.example.com?owner=me@corp.com',
      'https://mlflow.example.com#me@corp',
      'sqlite:////data/team@corp/mlflow.db',
      'file:///home/me/proj@2/mlruns',
      'git@github.com:org/repo.git',
    ]) {
      assert.equal(redact(text), text);
    }
  });

  void it('masks auth headers and secret query parameters', () => {
    assert.equal(redact('Authorization: Bearer abc.def.ghi'), 'Authorization: Bearer ***');
    assert.equal(redact('authorization=Basic YWxpY2U6czNjcmV0, next'), 'authorization=Basic ***, next');
    assert.equal(redact('GET https://h/api?token=abc123&x=1'), 'GET https://h/api?token=***&x=1');
    assert.equal(redact('GET https://h/api?x=1&api_key=k3y'), 'GET https://h/api?x=1&api_key=***');
  });

  void it('text without credentials comes back unchanged', () => {
    const plain = 'opened file store /home/me/mlruns in 12 ms (http://127.0.0.1:5000 not used)';
    assert.equal(redact(plain), plain);
  });
});
