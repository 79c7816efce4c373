#!/usr/bin/env bash
# Drift check for core's contracts: regenerates the OpenAPI document and the typed client types
# into a temp dir and fails, with a diff, when either differs from the committed file.
# Fix: bash tools/codegen/core.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if ! bash tools/codegen/core.sh "$tmp" >/dev/null; then
  echo "core: regenerating the contracts failed" >&2
  exit 1
fi
status=0
diff -u apps/core/openapi.json "$tmp/openapi.json" || status=1
diff -u libs/core-client/src/generated/core.ts "$tmp/core.ts" || status=1
if [ "$status" -ne 0 ]; then
  echo "core: committed contracts are out of date: run bash tools/codegen/core.sh" >&2
  exit 1
fi
echo "core: openapi.json and the core-client types are up to date"
