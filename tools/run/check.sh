#!/usr/bin/env bash
# format + lint + typecheck + generated-contract drift, in one script that CI runs.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tools/node/ensure-node.sh
fail=0
step() { local name="$1"; shift; echo "[check] $name"; if ! "$@"; then echo "[check] FAILED: $name"; fail=$((fail+1)); fi; }
step "format (prettier --check)" npx prettier --check --log-level warn .
step "typecheck (tsc)" npx tsc -p tsconfig.json
step "typecheck (portal)" npx tsc -p apps/portal/tsconfig.json
step "typecheck (portal e2e)" npx tsc -p apps/portal/test/tsconfig.json
step "lint (eslint)" npx eslint --max-warnings 0 .
for gen in tools/codegen/*.check.sh; do [ -e "$gen" ] && step "drift: $gen" bash "$gen"; done
echo "[check] $fail failed step(s)"
exit $fail
