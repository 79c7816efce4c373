#!/usr/bin/env bash
# Shared by the run and test commands: Node 24, dependencies, no Nx daemon or cloud.
set -uo pipefail
GT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$GT_ROOT"
source tools/node/ensure-node.sh
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false} FORCE_COLOR=0

# npm ci only when node_modules is missing or older than the lock file.
gt_install() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "[install] npm ci"
    # npm 11 writes lock files without foreign-platform optional packages (@swc/core-darwin-*)
    # and then its own `npm ci` calls the lock out of sync; `npm install` honours the same lock.
    npm ci --no-audit --no-fund --loglevel=error 2>/dev/null ||
      npm install --no-audit --no-fund --loglevel=error || { echo "[install] npm install failed"; return 1; }
  fi
}

# Secrets for a local run, made once and kept under .infra (ignored).
gt_local_secrets() {
  mkdir -p .infra
  if [ ! -f .infra/secrets.env ]; then
    {
      echo "SERVICE_TOKEN=$(node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))')"
    } > .infra/secrets.env
    chmod 600 .infra/secrets.env
  fi
  set -a; source .infra/secrets.env; set +a
}
