#!/usr/bin/env bash
# System packages the test suite needs: a PostgreSQL server (store tests) and Debian's Chromium
# (the situation-report page opened in a headless browser). Installs them with apt-get when missing
# and we are root; otherwise says which tests will skip. Idempotent and quick when installed.
set -euo pipefail
need=()
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || need+=(postgresql)
command -v chromium >/dev/null || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "system-deps: missing ${need[*]} (not root or no apt-get): their tests will be skipped" >&2
  exit 0
fi
echo "system-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# the Debian package starts a cluster on port 5432; the tests run their own throwaway cluster
if command -v service >/dev/null; then service postgresql stop >/dev/null 2>&1 || true; fi
