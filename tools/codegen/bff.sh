#!/usr/bin/env bash
# Regenerates graphql/schema.graphql (committed) from the BFF's code-first resolvers.
# Needs no running service: the schema is built from the resolver classes and printed sorted.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/node/ensure-node.sh
node -r ./tools/build/register.js apps/bff/bin/schema.ts "${1:-graphql/schema.graphql}"
