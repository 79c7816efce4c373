#!/usr/bin/env bash
# Regenerates core's committed contracts:
#   apps/core/openapi.json                      from core's controllers and DTOs (no database needed)
#   libs/core-client/src/generated/core.ts      openapi-typescript types of that document
# Usage: bash tools/codegen/core.sh [output dir]   (an output dir writes both files there instead,
# as openapi.json and core.ts; tools/codegen/core.check.sh uses it to compare)
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/node/ensure-node.sh
out_dir="${1:-}"
spec="${out_dir:+$out_dir/openapi.json}"; spec="${spec:-apps/core/openapi.json}"
types="${out_dir:+$out_dir/core.ts}"; types="${types:-libs/core-client/src/generated/core.ts}"
node -r ./tools/build/register.js apps/core/bin/openapi.ts "$spec"
node node_modules/openapi-typescript/bin/cli.js "$spec" --output "$types" --silent
echo "core: wrote $spec and $types"
