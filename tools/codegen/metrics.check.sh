#!/usr/bin/env bash
# Drift check: regenerates the metrics OpenAPI document and client types into a temp dir and
# fails with a diff when they differ from the committed files. Fix: bash tools/codegen/metrics.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
bash tools/codegen/metrics.sh "$tmp" >/dev/null
status=0
diff -u apps/metrics/openapi.json "$tmp/openapi.json" || status=1
diff -u libs/metrics-client/src/generated/metrics.ts "$tmp/metrics.ts" || status=1
if [ "$status" -ne 0 ]; then
  echo "the metrics contract is out of date: run bash tools/codegen/metrics.sh" >&2
  exit 1
fi
echo "metrics openapi.json and client types are up to date"
