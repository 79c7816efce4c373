#!/usr/bin/env bash
# Drift check: regenerates the ingestion OpenAPI document into a temp dir and fails with a diff
# when it differs from the committed apps/ingestion/openapi.json. Fix: bash tools/codegen/ingestion.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
bash tools/codegen/ingestion.sh "$tmp/openapi.json" >/dev/null
if ! diff -u apps/ingestion/openapi.json "$tmp/openapi.json"; then
  echo "apps/ingestion/openapi.json is out of date: run bash tools/codegen/ingestion.sh" >&2
  exit 1
fi
echo "ingestion openapi.json is up to date"
