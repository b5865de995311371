/** `mlflow models serve` argv, ports, and the command line a user can paste (hostile model paths stay one argument). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { it } from 'node:test';
import { commandLine } from '../../../src/core/launch/shellQuote';
import { freePort } from '../../../src/core/serving/freePort';
import { mlflowServeArgs, portProblem, servingUrl } from '../../../src/core/serving/serveCommand';

const HOSTILE_DIR = `/data/it's "my" model $(touch PWNED) ; rm -rf ~ #/<b>model</b>`;

void it('builds the argv: model, port, loopback host and env manager, each one argument', () => {
  assert.deepEqual(mlflowServeArgs({ modelUri: HOSTILE_DIR, port: 5001, envManager: 'local' }), [
    'models', 'serve', '-m', HOSTILE_DIR, '-p', '5001', '--host', '127.0.0.1', '--env-manager', 'local',
  ]);
  assert.deepEqual(mlflowServeArgs({ modelUri: 'models:/iris classifier/3', port: 65535, envManager: 'virtualenv' }).slice(2, 6), ['-m', 'models:/iris classifier/3', '-p', '65535']);
  assert.equal(servingUrl(5001), 'http://127.0.0.1:5001');
});

void it('refuses ports a user process cannot or should not bind, and an empty model', () => {
  assert.equal(portProblem(8080), undefined);
  assert.match(portProblem(80) ?? '', /between 1024 and 65535, not 80/);
  assert.match(portProblem(70000) ?? '', /not 70000/);
  assert.match(portProblem(5000.5) ?? '', /whole number/);
  assert.match(portProblem('5000') ?? '', /whole number, not "5000"/);
  assert.throws(() => mlflowServeArgs({ modelUri: 'x', port: 22, envManager: 'local' }), /between 1024 and 65535/);
  assert.throws(() => mlflowServeArgs({ modelUri: '  ', port: 5000, envManager: 'local' }), /model URI is empty/);
});

void it('the bash command line of a hostile model path gives back the same argv in a real bash, running nothing', () => {
  const argv = ['/usr/bin/mlflow', ...mlflowServeArgs({ modelUri: HOSTILE_DIR, port: 5002, envManager: 'local' })];
  const line = commandLine(argv, 'bash');
  // bash prints each word it parsed on its own line: the words must be the argv, byte for byte.
  const printed = spawnSync('bash', ['-c', `printf '%s\\n' ${line.slice(line.indexOf(' ') + 1)}`], { encoding: 'utf8', cwd: '/tmp' });
  assert.equal(printed.status, 0, printed.stderr);
  assert.deepEqual(printed.stdout.split('\n').slice(0, -1), argv.slice(1));
});

void it('a free port can be bound at once, and two calls in a row both work', async () => {
  const port = await freePort();
  assert.equal(portProblem(port) === undefined || port < 1024, true);
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
  assert.ok((await freePort()) > 0);
});
