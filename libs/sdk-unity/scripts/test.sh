#!/usr/bin/env bash
# Builds and tests the Unity SDK with Mono (no Unity editor needed). Nx runs it:
#   bash libs/sdk-unity/scripts/test.sh unit   core + Unity layer build, unit tests, shared vectors
#   bash libs/sdk-unity/scripts/test.sh int    integration tests against the real core + ingestion + Kafka
#   bash libs/sdk-unity/scripts/test.sh build  build only
# Builds are cached in .cache/sdk-unity (rebuilt when a source changes). Results go to
# .reports/jest/sdk-unity.<tier>.json in jest's format, which the repository's test command adds up.
set -uo pipefail
tier="${1:-unit}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT" || exit 1
PKG=libs/sdk-unity/com.gametelemetry.sdk
TESTS=libs/sdk-unity/tests
OUT=.cache/sdk-unity/build
REPORT=".reports/jest/sdk-unity.$tier.json"
mkdir -p "$OUT" .reports/jest .reports/nunit

fail_report() {
  echo "[sdk-unity] $1" >&2
  [ "$tier" = build ] || node libs/sdk-vectors/tools/test-report.mjs failed "$1" "$REPORT" "sdk-unity ($tier)" >/dev/null
  exit 1
}

bash libs/sdk-unity/scripts/ensure-deps.sh || fail_report "build tools are missing (see above)"

NUNIT_DLL="$(pkg-config --variable=Libraries nunit 2>/dev/null | tr ' ' '\n' | grep 'nunit.framework.dll' | head -1)"
[ -n "$NUNIT_DLL" ] || NUNIT_DLL="$(ls /usr/lib/cli/nunit.framework-*/nunit.framework.dll 2>/dev/null | head -1)"
[ -f "$NUNIT_DLL" ] || fail_report "nunit.framework.dll not found (libnunit-cil-dev)"

# C# 7.2 at most: what Debian's mcs reads, and well within what Unity 2021.3+ compiles.
MCS=(mcs -langversion:7.2 -debug -warnaserror -nowarn:1591)

# compile <output> <target> <sources-dir-or-files...> -- <mcs args...>: skipped when nothing changed.
compile() {
  local output="$1" target="$2"
  shift 2
  local sources=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do sources+=("$1"); shift; done
  shift
  local stamp="$OUT/$(basename "$output").stamp"
  local hash
  hash="$( { cat "${sources[@]}"; echo "$*"; } | sha1sum | cut -d' ' -f1)"
  if [ -f "$output" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then return 0; fi
  echo "[sdk-unity] compiling $(basename "$output")"
  if ! "${MCS[@]}" -target:"$target" -out:"$output" "$@" "${sources[@]}"; then
    rm -f "$stamp"
    return 1
  fi
  echo "$hash" >"$stamp"
}

started=$(date +%s)
# 1. The core, alone: it must compile with no UnityEngine reference at all.
compile "$OUT/GameTelemetry.Core.dll" library "$PKG"/Runtime/Core/*.cs -- -r:System.Net.Http.dll ||
  fail_report "the core (Runtime/Core) does not compile without UnityEngine"
# 2. The Unity layer, type-checked against compile-only stand-ins of the UnityEngine API it uses.
compile "$OUT/UnityEngine.dll" library "$TESTS"/unity-stubs/*.cs -- ||
  fail_report "the UnityEngine stand-ins do not compile"
compile "$OUT/GameTelemetry.Unity.dll" library "$PKG"/Runtime/Unity/*.cs -- -r:"$OUT/UnityEngine.dll" -r:"$OUT/GameTelemetry.Core.dll" ||
  fail_report "the Unity layer (Runtime/Unity) does not compile"
compile "$OUT/QuickStartSample.dll" library "$PKG"/Samples~/QuickStart/*.cs -- -r:"$OUT/UnityEngine.dll" -r:"$OUT/GameTelemetry.Core.dll" -r:"$OUT/GameTelemetry.Unity.dll" ||
  fail_report "the sample (Samples~/QuickStart) does not compile"
# Unity needs a .meta file (with a stable GUID) beside every file and folder of a package.
node libs/sdk-unity/scripts/meta.mjs --check || fail_report "package files without .meta files: run node libs/sdk-unity/scripts/meta.mjs"
[ "$tier" = build ] && { echo "[sdk-unity] built in $(( $(date +%s) - started )) s"; exit 0; }

cp -f "$NUNIT_DLL" "$OUT/"
if [ "$tier" = unit ]; then
  compile "$OUT/GameTelemetry.Tests.dll" library "$PKG"/Tests/Editor/*.cs -- -r:"$NUNIT_DLL" -r:"$OUT/GameTelemetry.Core.dll" ||
    fail_report "the unit tests (Tests/Editor) do not compile"
  compile "$OUT/CrashHelper.exe" exe "$TESTS"/crash-helper/*.cs -- -r:"$OUT/GameTelemetry.Core.dll" -r:System.Net.Http.dll ||
    fail_report "tests/crash-helper does not compile"
  compile "$OUT/GameTelemetry.HostTests.dll" library "$TESTS"/host/*.cs -- -r:"$NUNIT_DLL" -r:"$OUT/GameTelemetry.Core.dll" ||
    fail_report "tests/host does not compile"
  assemblies=("$OUT/GameTelemetry.Tests.dll" "$OUT/GameTelemetry.HostTests.dll")
  xml=".reports/nunit/sdk-unity.unit.xml"
  rm -f "$xml"
  GT_SDK_VECTORS_DIR="$ROOT/libs/sdk-vectors/vectors" nunit-console "${assemblies[@]}" -nologo -labels -xml="$xml" >"$OUT/unit.log" 2>&1
  grep -E '^(Tests run|  Not run)|^[0-9]+\) ' "$OUT/unit.log" | head -40
  node libs/sdk-vectors/tools/test-report.mjs nunit "$xml" "$REPORT" "sdk-unity (unit)"
  status=$?
  echo "[sdk-unity] unit tier took $(( $(date +%s) - started )) s"
  exit $status
fi

if [ "$tier" = int ]; then
  compile "$OUT/CrashHelper.exe" exe "$TESTS"/crash-helper/*.cs -- -r:"$OUT/GameTelemetry.Core.dll" -r:System.Net.Http.dll ||
    fail_report "tests/crash-helper does not compile"
  compile "$OUT/GameTelemetry.IntegrationTests.dll" library "$TESTS"/integration/*.cs -- -r:"$NUNIT_DLL" -r:"$OUT/GameTelemetry.Core.dll" -r:System.Net.Http.dll ||
    fail_report "tests/integration does not compile"
  xml=".reports/nunit/sdk-unity.int.xml"
  rm -f "$xml"
  # The stack helper starts core and ingestion (a database of their own), provisions a game
  # client key through core, runs the command with GT_INT_* set, and stops what it started.
  source tools/node/ensure-node.sh || fail_report "no Node for the integration stack"
  node -r ./tools/build/register.js libs/sdk-vectors/test/int/with-stack.ts --platform unity --report "$REPORT" --suite "sdk-unity (int)" -- \
    nunit-console "$OUT/GameTelemetry.IntegrationTests.dll" -nologo -labels -xml="$xml"
  code=$?
  if [ $code -eq 78 ]; then exit 0; fi # skipped loudly by the helper (services not built): report written
  [ $code -eq 0 ] || [ -f "$xml" ] || fail_report "the integration stack did not come up (see above)"
  node libs/sdk-vectors/tools/test-report.mjs nunit "$xml" "$REPORT" "sdk-unity (int)"
  status=$?
  echo "[sdk-unity] int tier took $(( $(date +%s) - started )) s"
  exit $status
fi

echo "usage: test.sh unit|int|build" >&2
exit 2
