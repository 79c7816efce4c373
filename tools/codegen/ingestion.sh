#!/usr/bin/env bash
# Regenerates apps/ingestion/openapi.json (committed) from the service's controllers and DTOs.
# Needs neither Kafka nor core: the Nest app is built, documented and closed without starting.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/node/ensure-node.sh
node -r ./tools/build/register.js apps/ingestion/bin/openapi.ts "${1:-apps/ingestion/openapi.json}"
