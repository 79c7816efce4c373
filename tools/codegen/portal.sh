#!/usr/bin/env bash
# Regenerates the portal's typed GraphQL documents (apps/portal/src/generated/graphql.ts,
# committed) from graphql/schema.graphql and graphql/operations/portal/*.graphql (codegen.yml).
# Usage: bash tools/codegen/portal.sh [output-file]   (default: the committed file)
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/node/ensure-node.sh
out="${1:-apps/portal/src/generated/graphql.ts}"
PORTAL_CODEGEN_OUT="$out" npx graphql-codegen --config codegen.yml --silent
# Formatted with the repository's prettier settings wherever the file was written (the drift
# check writes outside the repository, where prettier would not find .prettierrc.json and
# would skip the file as outside the project unless told to ignore no path).
npx prettier --config .prettierrc.json --ignore-path= --log-level warn --write "$out"
