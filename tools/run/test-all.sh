#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what it needs, brings the local
# infrastructure up, runs format/lint/typecheck/drift checks and every test tier, and ends
# with one line `N passed, N failed` (jest's counts; a failed check step counts as a failure).
source "$(dirname "$0")/common.sh"
started=$(date +%s)
gt_install || exit 1
bash tools/infra/infra.sh up || { echo "[test] infrastructure did not come up"; echo "0 passed, 1 failed"; exit 1; }
rm -rf .reports/jest && mkdir -p .reports/jest

status=0
check_failed=0
bash tools/run/check.sh || { check_failed=1; status=1; }

echo "[test] unit tests"
npx nx run-many -t test --parallel=2 --outputStyle=stream || status=1
echo "[test] integration tests (real PostgreSQL, Kafka, Redis, InfluxDB, SMTP)"
npx nx run-many -t int-test --parallel=1 --outputStyle=stream || status=1
echo "[test] end-to-end tests"
npx nx run-many -t e2e --parallel=1 --outputStyle=stream || status=1

echo "[test] took $(( $(date +%s) - started )) s"
node tools/jest/summary.mjs "$check_failed"
exit $status
