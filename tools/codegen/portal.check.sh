#!/usr/bin/env bash
# Drift check: regenerates the portal's GraphQL types into a temp dir and fails with a diff when
# they differ from the committed apps/portal/src/generated/graphql.ts. Fix: bash tools/codegen/portal.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
bash tools/codegen/portal.sh "$tmp/graphql.ts" >/dev/null
if ! diff -u apps/portal/src/generated/graphql.ts "$tmp/graphql.ts"; then
  echo "apps/portal/src/generated/graphql.ts is out of date: run bash tools/codegen/portal.sh" >&2
  exit 1
fi
echo "portal generated GraphQL types are up to date"
