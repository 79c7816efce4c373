#!/usr/bin/env bash
# Drift check: regenerates the BFF schema into a temp dir and fails with a diff when it differs
# from the committed graphql/schema.graphql. Fix: bash tools/codegen/bff.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
bash tools/codegen/bff.sh "$tmp/schema.graphql" >/dev/null
if ! diff -u graphql/schema.graphql "$tmp/schema.graphql"; then
  echo "graphql/schema.graphql is out of date: run bash tools/codegen/bff.sh" >&2
  exit 1
fi
echo "bff schema.graphql is up to date"
