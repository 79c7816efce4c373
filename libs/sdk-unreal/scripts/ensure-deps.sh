#!/usr/bin/env bash
# Installs what building and testing the Unreal SDK's portable core here needs, from Debian:
# g++, cmake and ninja, GoogleTest (libgtest-dev), zlib and libcurl headers (the test compressor
# and transport). Idempotent and instant when everything is present. As root it runs apt-get;
# otherwise it prints the command.
set -uo pipefail
missing=()
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v ninja >/dev/null 2>&1 || missing+=(ninja-build)
[ -f /usr/include/gtest/gtest.h ] || missing+=(libgtest-dev)
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
[ -f /usr/include/x86_64-linux-gnu/curl/curl.h ] || [ -f /usr/include/curl/curl.h ] || ls /usr/include/*/curl/curl.h >/dev/null 2>&1 || missing+=(libcurl4-openssl-dev)
[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "[sdk-unreal] missing Debian packages: ${missing[*]}" >&2
  echo "[sdk-unreal] install them with: sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
echo "[sdk-unreal] installing ${missing[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
# The two SDKs' tests run in parallel: one apt-get at a time.
exec 9>/tmp/gt-sdk-apt.lock
flock 9
$cmd >/tmp/gt-sdk-unreal-apt.log 2>&1 || { apt-get update -qq >>/tmp/gt-sdk-unreal-apt.log 2>&1 && $cmd >>/tmp/gt-sdk-unreal-apt.log 2>&1; } || {
  echo "[sdk-unreal] apt-get failed; see /tmp/gt-sdk-unreal-apt.log" >&2
  tail -5 /tmp/gt-sdk-unreal-apt.log >&2
  exit 1
}
