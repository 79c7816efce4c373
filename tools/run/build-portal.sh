#!/usr/bin/env bash
# Builds the portal (Vite) into apps/portal/dist, which the BFF serves at / (PORTAL_DIST).
# Skips the build when nothing it is made from changed since the last one (a stamp file in dist).
#   bash tools/run/build-portal.sh           build if needed
#   bash tools/run/build-portal.sh --force   always build
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/node/ensure-node.sh >/dev/null
dist=apps/portal/dist
stamp="$dist/.build-stamp"
if [ "${1:-}" != "--force" ] && [ -f "$stamp" ] && [ -f "$dist/index.html" ]; then
  changed="$(find apps/portal/src apps/portal/public apps/portal/index.html apps/portal/vite.config.mts \
    package-lock.json platform.config.json -newer "$stamp" -type f \
    ! -name '*.spec.ts' ! -name '*.spec.tsx' ! -path 'apps/portal/src/test/*' -print -quit 2>/dev/null || true)"
  if [ -z "$changed" ]; then
    echo "[portal] up to date ($dist)"
    exit 0
  fi
fi
echo "[portal] building into $dist"
started=$(date +%s)
npx vite build --config apps/portal/vite.config.mts --logLevel warn
touch "$stamp"
echo "[portal] built in $(( $(date +%s) - started )) s"
