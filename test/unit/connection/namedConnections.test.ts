import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  connectionNameFor,
  connectionNameProblem,
  readConnections,
  sameTrackingUri,
  suggestedConnectionName,
  trackingUriProblem,
  withConnection,
  withoutConnection,
} from '../../../src/connection/namedConnections';

const local = { name: 'local', trackingUri: '/home/me/project/mlruns' };
const server = { name: 'team server', trackingUri: 'https://mlflow.example.com' };

void describe('named connections setting', () => {
  void it('keeps valid entries and explains each skipped one', () => {
    const { connections, problems } = readConnections([
      local,
      { name: '', trackingUri: 'x' },
      { name: 'no uri' },
      'just a string',
      { name: 'leaky', trackingUri: 'https://bob:hunter2@mlflow.example.com' },
      { name: 'token', trackingUri: 'https://dapiSECRET42@mlflow.example.com' },
      { name: 'local', trackingUri: 'sqlite:///other.db' },
      { name: ' spaced ', trackingUri: ' sqlite:///mlflow.db ' },
    ]);
    assert.deepEqual(connections, [local, { name: 'spaced', trackingUri: 'sqlite:///mlflow.db' }]);
    assert.equal(problems.length, 6);
    assert.match(problems[0]!, /connections\[1\] has no name/);
    assert.match(problems[1]!, /connections\[2\] \("no uri"\) has no trackingUri/);
    assert.match(problems[2]!, /connections\[3\] is not an object/);
    assert.match(problems[3]!, /"leaky"\) holds credentials in its URI/);
    assert.match(problems[4]!, /"token"\) holds credentials in its URI/);
    assert.ok(!/hunter2|dapiSECRET42/.test(problems.join(' ')), 'a secret reached a log line');
    assert.match(problems[5]!, /"local" is used twice/);
  });

  void it('an absent setting is empty; a non-array is one problem', () => {
    assert.deepEqual(readConnections(undefined), { connections: [], problems: [] });
    assert.equal(readConnections({ name: 'x' }).problems.length, 1);
  });

  void it('adds, replaces by name, and removes', () => {
    const two = withConnection([local], server);
    assert.deepEqual(two, [local, server]);
    const replaced = withConnection(two, { name: 'local', trackingUri: 'sqlite:///mlflow.db' });
    assert.deepEqual(replaced, [{ name: 'local', trackingUri: 'sqlite:///mlflow.db' }, server]);
    assert.deepEqual(withoutConnection(replaced, 'local'), [server]);
    assert.deepEqual(withoutConnection(replaced, 'nope'), replaced);
  });

  void it('validates names and URIs as the input boxes do', () => {
    assert.match(connectionNameProblem([local], '  ') ?? '', /Enter a name/);
    assert.match(connectionNameProblem([local], 'local') ?? '', /already exists/);
    assert.equal(connectionNameProblem([local], 'other'), undefined);
    assert.match(trackingUriProblem('') ?? '', /Enter a tracking URI/);
    assert.match(trackingUriProblem('http://u:p@host:5000') ?? '', /credentials/);
    // A bare token before @ is a credential too, and so is a user name holding an @.
    assert.match(trackingUriProblem('https://dapi0123@host') ?? '', /credentials/);
    assert.match(trackingUriProblem('https://me@corp.com:pw@host') ?? '', /credentials/);
    assert.equal(trackingUriProblem('https://host/path?owner=me@corp.com'), undefined);
    assert.equal(trackingUriProblem('http://host:5000'), undefined);
    assert.equal(trackingUriProblem('sqlite:///mlflow.db'), undefined);
  });

  void it('names the active store after the connection pointing at it', () => {
    assert.equal(connectionNameFor([local, server], 'file:///home/me/project/mlruns/'), 'local');
    assert.equal(connectionNameFor([local, server], 'https://mlflow.example.com/'), 'team server');
    assert.equal(connectionNameFor([local, server], '/elsewhere/mlruns'), undefined);
    assert.equal(connectionNameFor([local], undefined), undefined);
    assert.ok(sameTrackingUri('/a/mlruns', 'file:///a/mlruns'));
    assert.ok(!sameTrackingUri('/a/mlruns', '/b/mlruns'));
  });

  void it('suggests a name from the URI', () => {
    assert.equal(suggestedConnectionName('https://bob@mlflow.example.com:5000/'), 'mlflow.example.com');
    assert.equal(suggestedConnectionName('/home/me/project/mlruns'), 'project');
    assert.equal(suggestedConnectionName('sqlite:////data/exp/mlflow.db'), 'exp');
    assert.equal(suggestedConnectionName('/data/stores/run-store'), 'run-store');
  });
});
