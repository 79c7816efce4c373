#!/usr/bin/env bash
# Builds and tests the portable C++ core of the Unreal plugin (no engine needed). Nx runs it:
#   bash libs/sdk-unreal/scripts/test.sh unit   core build (as Unreal compiles it), unit tests, shared vectors
#   bash libs/sdk-unreal/scripts/test.sh int    integration tests (libcurl) against the real core + ingestion + Kafka
#   bash libs/sdk-unreal/scripts/test.sh build  build only
# The CMake build is cached in .cache/sdk-unreal/build (incremental). Results go to
# .reports/jest/sdk-unreal.<tier>.json in jest's format, which the repository's test command adds up.
set -uo pipefail
tier="${1:-unit}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT" || exit 1
BUILD=.cache/sdk-unreal/build
REPORT=".reports/jest/sdk-unreal.$tier.json"
mkdir -p "$BUILD" .reports/jest .reports/gtest

fail_report() {
  echo "[sdk-unreal] $1" >&2
  [ "$tier" = build ] || node libs/sdk-vectors/tools/test-report.mjs failed "$1" "$REPORT" "sdk-unreal ($tier)" >/dev/null
  exit 1
}

bash libs/sdk-unreal/scripts/ensure-deps.sh || fail_report "build tools are missing (see above)"

started=$(date +%s)
if [ ! -f "$BUILD/build.ninja" ]; then
  # No debug info and light optimisation: the build is most of this tier's time on a small machine.
  cmake -S libs/sdk-unreal -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1" >"$BUILD/cmake.log" 2>&1 ||
    { tail -20 "$BUILD/cmake.log"; fail_report "cmake could not configure libs/sdk-unreal"; }
fi
targets=(gametelemetry_core)
[ "$tier" = unit ] && targets+=(gt_unit_tests)
[ "$tier" = int ] && targets+=(gt_int_tests)
echo "[sdk-unreal] building ${targets[*]}"
if ! ninja -C "$BUILD" -j "$(nproc)" "${targets[@]}" >"$BUILD/build.log" 2>&1; then
  grep -E 'error|Error' -A3 "$BUILD/build.log" | head -40
  fail_report "the C++ build failed (log: $BUILD/build.log)"
fi
[ "$tier" = build ] && { echo "[sdk-unreal] built in $(( $(date +%s) - started )) s"; exit 0; }

if [ "$tier" = unit ]; then
  xml=".reports/gtest/sdk-unreal.unit.xml"
  rm -f "$xml"
  GT_SDK_VECTORS_DIR="$ROOT/libs/sdk-vectors/vectors" "$BUILD/gt_unit_tests" --gtest_output="xml:$xml" --gtest_brief=1 >"$BUILD/unit.log" 2>&1
  grep -E 'FAILED|Failure' -A4 "$BUILD/unit.log" | head -40
  node libs/sdk-vectors/tools/test-report.mjs gtest "$xml" "$REPORT" "sdk-unreal (unit)"
  status=$?
  echo "[sdk-unreal] unit tier took $(( $(date +%s) - started )) s"
  exit $status
fi

if [ "$tier" = int ]; then
  xml=".reports/gtest/sdk-unreal.int.xml"
  rm -f "$xml"
  source tools/node/ensure-node.sh || fail_report "no Node for the integration stack"
  node -r ./tools/build/register.js libs/sdk-vectors/test/int/with-stack.ts --platform unreal --report "$REPORT" --suite "sdk-unreal (int)" -- \
    "$BUILD/gt_int_tests" --gtest_output="xml:$xml"
  code=$?
  if [ $code -eq 78 ]; then exit 0; fi # skipped loudly by the helper (services not built): report written
  [ $code -eq 0 ] || [ -f "$xml" ] || fail_report "the integration stack did not come up (see above)"
  node libs/sdk-vectors/tools/test-report.mjs gtest "$xml" "$REPORT" "sdk-unreal (int)"
  status=$?
  echo "[sdk-unreal] int tier took $(( $(date +%s) - started )) s"
  exit $status
fi

echo "usage: test.sh unit|int|build" >&2
exit 2
