// Failures that cannot be staged on 127.0.0.1 (DNS, routing) and MLflow error codes, mapped directly.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorFromResponse, errorFromTransport, type RequestContext } from '../../../src/core/store/rest/restErrors';

const ctx: RequestContext = {
  origin: 'https://mlflow.corp.example',
  path: '/api/2.0/mlflow/runs/search',
  url: 'https://mlflow.corp.example/api/2.0/mlflow/runs/search',
  timeoutMs: 60_000,
};

void describe('REST error mapping', () => {
  void it('names the host that DNS does not know, and a network without a route', () => {
    const dns = errorFromTransport(Object.assign(new Error('getaddrinfo ENOTFOUND mlflow.corp.example'), { code: 'ENOTFOUND' }), ctx);
    assert.deepEqual([dns.reason, dns.failure, dns.location], ['unreachable', 'connection', ctx.url]);
    assert.equal(dns.message, 'Cannot reach the MLflow server at https://mlflow.corp.example: the host name "mlflow.corp.example" was not found.');
    const route = errorFromTransport(Object.assign(new Error('connect EHOSTUNREACH'), { code: 'EHOSTUNREACH' }), ctx);
    assert.match(route.message, /no route to it \(EHOSTUNREACH\)/);
  });

  void it('maps MLflow error codes to reasons, whatever the status', () => {
    const cases: [number, string, string][] = [
      [404, 'RESOURCE_DOES_NOT_EXIST', 'notFound'],
      [400, 'INVALID_PARAMETER_VALUE', 'invalidArgument'],
      [403, 'PERMISSION_DENIED', 'unauthorized'],
      [500, 'FEATURE_DISABLED', 'unsupported'],
      [501, 'NOT_IMPLEMENTED', 'unsupported'],
      [503, 'TEMPORARILY_UNAVAILABLE', 'unreachable'],
    ];
    for (const [status, code, reason] of cases) {
      const error = errorFromResponse({ status, contentType: 'application/json', bodyText: JSON.stringify({ error_code: code, message: 'm' }) }, ctx);
      assert.deepEqual([error.reason, error.errorCode, error.status], [reason, code, status], code);
    }
  });

  void it('says a workspace server needs a workspace in the server\'s words', () => {
    const error = errorFromResponse(
      { status: 400, contentType: 'application/json', bodyText: JSON.stringify({ error_code: 'INVALID_PARAMETER_VALUE', message: 'Workspace context is required for this request.' }) },
      ctx,
    );
    assert.match(error.message, /INVALID_PARAMETER_VALUE \(HTTP 400\): Workspace context is required for this request\./);
  });
});
