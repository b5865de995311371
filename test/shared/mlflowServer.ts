/**
 * A live `mlflow server` (the real MLflow 2.12.2 of ../shared/mlflow) over a temporary COPY of the
 * generated server fixture, on a free port; stopped by process group (MLflow starts gunicorn workers).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { realMlflow } from './realMlflow';

export interface LiveMlflowServer {
  url: string;
  /** Stops the server and removes the copy. */
  stop(): Promise<void>;
}

/** Why a live server cannot be started here (`SKIPPED: …`), or false. */
export function skipWithoutLiveServer(): false | string {
  const mlflow = realMlflow();
  if (typeof mlflow === 'string') return mlflow;
  return fs.existsSync(path.join(findFixture(), 'mlflow.db')) ? false : `SKIPPED: no server fixture at ${findFixture()}`;
}

/** ../shared/fixtures/generated/server beside the repository (tests and bench run from out/…). */
function findFixture(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.resolve(dir, '..', 'shared', 'fixtures', 'generated', 'server');
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${url}/health`, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => req.destroy());
  });
}

/** `database`: serve a copy of this SQLite file (with an empty artifact root) instead of the fixture. */
export async function startLiveMlflowServer(options: { workers?: number; database?: string } = {}): Promise<LiveMlflowServer> {
  const mlflow = realMlflow();
  if (typeof mlflow === 'string') throw new Error(mlflow);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-live-'));
  if (options.database) {
    fs.copyFileSync(options.database, path.join(dir, 'mlflow.db'));
    fs.mkdirSync(path.join(dir, 'mlartifacts'));
  } else {
    fs.cpSync(findFixture(), dir, { recursive: true });
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = ['server', '--backend-store-uri', `sqlite:///${path.join(dir, 'mlflow.db')}`, '--artifacts-destination', path.join(dir, 'mlartifacts'), '--host', '127.0.0.1', '--port', String(port), '--workers', String(options.workers ?? 2), '--gunicorn-opts', '--timeout 600'];
  const log = fs.openSync(path.join(dir, 'server.log'), 'w');
  const child = spawn(mlflow.mlflow, args, { cwd: dir, detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = async () => {
    if (!exited && child.pid !== undefined) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await gone;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  // MLflow's start-up (imports, migrations check) takes seconds; poll /health with a bound.
  for (let i = 0; i < 240; i++) {
    if (await healthy(url)) return { url, stop };
    if (exited) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const output = fs.readFileSync(path.join(dir, 'server.log'), 'utf8').slice(-2000);
  await stop();
  throw new Error(`mlflow server did not become healthy on ${url}: ${output}`);
}
