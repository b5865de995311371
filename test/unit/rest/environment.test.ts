// REST settings read from MLflow's environment variables and ~/.mlflow/credentials.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { authorizationHeader } from '../../../src/core/store/rest/credentials';
import { credentialsFromFile, restOptionsFromEnv, type EnvironmentAccess } from '../../../src/core/store/rest/environment';
import { RestStore } from '../../../src/core/store/rest/restStore';
import { StoreError } from '../../../src/core/store/storeErrors';
import { sendJson, startFaultServer } from './faultServer';
import { restFixtures } from './replayServer';

const CREDENTIALS_FILE = '# written by mlflow login\n[other]\nmlflow_tracking_password = not-this\n[mlflow]\nmlflow_tracking_username = file-user\nmlflow_tracking_password = file-pass\n';

function access(files: Record<string, string>): EnvironmentAccess {
  return { homeDir: '/home/u', readText: (file) => files[file] };
}

void describe('REST settings from the environment', () => {
  void it('reads the [mlflow] section of ~/.mlflow/credentials', () => {
    assert.deepEqual(credentialsFromFile(CREDENTIALS_FILE), { username: 'file-user', password: 'file-pass' });
    assert.equal(credentialsFromFile('[mlflow]\n'), undefined);
  });

  void it('lets environment variables win field by field over the credentials file', async () => {
    const files = { '/home/u/.mlflow/credentials': CREDENTIALS_FILE };
    const options = restOptionsFromEnv({ MLFLOW_TRACKING_USERNAME: 'env-user' }, access(files));
    const credentials = await options.credentials?.();
    assert.deepEqual(credentials, { username: 'env-user', password: 'file-pass', token: undefined });
    assert.equal(authorizationHeader(credentials)?.value, `Basic ${Buffer.from('env-user:file-pass').toString('base64')}`);
    assert.equal(restOptionsFromEnv({}, access({})).credentials, undefined);
  });

  void it('maps MLFLOW_TRACKING_INSECURE_TLS, MLFLOW_TRACKING_SERVER_CERT_PATH and MLFLOW_WORKSPACE', () => {
    assert.deepEqual(restOptionsFromEnv({ MLFLOW_TRACKING_INSECURE_TLS: 'true', MLFLOW_WORKSPACE: 'team-a' }, access({})), {
      tls: { rejectUnauthorized: false },
      workspace: 'team-a',
    });
    assert.deepEqual(restOptionsFromEnv({ MLFLOW_TRACKING_SERVER_CERT_PATH: '/ca.pem' }, access({ '/ca.pem': 'PEM' })).tls, { rejectUnauthorized: true, ca: 'PEM' });
    assert.throws(
      () => restOptionsFromEnv({ MLFLOW_TRACKING_SERVER_CERT_PATH: '/missing.pem' }, access({})),
      (error: unknown) => StoreError.is(error, 'invalidArgument') && error.message.includes('/missing.pem'),
    );
  });

  void it('reaches a self-signed server through the CA bundle named in the environment', async () => {
    const tlsDir = path.join(restFixtures(), 'tls');
    const cert = fs.readFileSync(path.join(tlsDir, 'server.crt'), 'utf8');
    const key = fs.readFileSync(path.join(tlsDir, 'server.key'), 'utf8');
    const server = await startFaultServer((_req, res) => sendJson(res, 200, { experiment: { experiment_id: '0', name: 'Default' } }), { key, cert });
    const store = new RestStore(server.url, restOptionsFromEnv({ MLFLOW_TRACKING_SERVER_CERT_PATH: path.join(tlsDir, 'server.crt') }));
    try {
      assert.equal((await store.getExperiment('0')).name, 'Default');
    } finally {
      store.dispose();
      await server.close();
    }
  });
});
