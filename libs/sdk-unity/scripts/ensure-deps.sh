#!/usr/bin/env bash
# Installs what building and testing the Unity SDK here needs, from Debian: Mono's C# compiler
# (mono-devel), NUnit 2.6 and its console runner (libnunit-cil-dev, nunit-console). Idempotent and
# instant when everything is present. As root it runs apt-get; otherwise it prints the command.
set -uo pipefail
missing=()
command -v mcs >/dev/null 2>&1 || missing+=(mono-devel)
command -v nunit-console >/dev/null 2>&1 || missing+=(nunit-console)
pkg-config --exists nunit 2>/dev/null || missing+=(libnunit-cil-dev)
[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "[sdk-unity] missing Debian packages: ${missing[*]}" >&2
  echo "[sdk-unity] install them with: sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
echo "[sdk-unity] installing ${missing[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
# The two SDKs' tests run in parallel: one apt-get at a time.
exec 9>/tmp/gt-sdk-apt.lock
flock 9
# The package lists may be stale on a fresh machine: refresh them only when the install needs it.
$cmd >/tmp/gt-sdk-unity-apt.log 2>&1 || { apt-get update -qq >>/tmp/gt-sdk-unity-apt.log 2>&1 && $cmd >>/tmp/gt-sdk-unity-apt.log 2>&1; } || {
  echo "[sdk-unity] apt-get failed; see /tmp/gt-sdk-unity-apt.log" >&2
  tail -5 /tmp/gt-sdk-unity-apt.log >&2
  exit 1
}
