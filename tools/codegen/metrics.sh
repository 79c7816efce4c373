#!/usr/bin/env bash
# Regenerates the metrics service's contract: apps/metrics/openapi.json (from the controllers and
# DTOs, without Kafka or InfluxDB) and the typed client's types in
# libs/metrics-client/src/generated/metrics.ts (openapi-typescript). Both are committed.
# Usage: metrics.sh [output dir]  (default: write in place)
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/node/ensure-node.sh
out="${1:-}"
spec="${out:+$out/openapi.json}"; spec="${spec:-apps/metrics/openapi.json}"
types="${out:+$out/metrics.ts}"; types="${types:-libs/metrics-client/src/generated/metrics.ts}"
mkdir -p "$(dirname "$spec")" "$(dirname "$types")"
node -r ./tools/build/register.js apps/metrics/bin/openapi.ts "$spec"
npx --no-install openapi-typescript "$spec" -o "$types" --alphabetize >/dev/null
echo "wrote $types"
