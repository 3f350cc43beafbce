#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for sitrep's tests and trials.
#
#   scripts/postgres.sh start   # install postgresql (apt-get) if pg_ctl is missing, create a cluster
#                               # in a temp dir, listen on 127.0.0.1 only (free port), print the URL
#   scripts/postgres.sh url     # print the SQLAlchemy URL of the running cluster
#   scripts/postgres.sh stop    # stop the cluster and delete its directory
#
# State (the cluster directory) is kept in $SITREP_PG_STATE (default: /tmp/sitrep-pg-<uid>.state),
# so several independent clusters can run when each caller sets its own state file.
# The cluster trusts local connections on 127.0.0.1 and has fsync off: never keep data in it.
set -euo pipefail

STATE="${SITREP_PG_STATE:-${TMPDIR:-/tmp}/sitrep-pg-$(id -u).state}"
DB=sitrep

die() { echo "postgres.sh: $*" >&2; exit 1; }

pg_bin() {
  local ctl
  ctl=$(ls -1 /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$ctl" ] && dirname "$ctl"
}

ensure_installed() {
  if [ -z "$(pg_bin)" ]; then
    [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed and installing it needs root: apt-get install postgresql"
    echo "postgres.sh: installing postgresql with apt-get" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi
  [ -n "$(pg_bin)" ] || die "pg_ctl not found under /usr/lib/postgresql/*/bin after installing"
}

# Run a command as the cluster owner: root cannot run initdb/postgres, so root uses 'postgres'.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

running_dir() {
  [ -f "$STATE" ] || return 1
  local dir
  dir=$(cat "$STATE")
  [ -d "$dir/data" ] || return 1
  as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 || return 1
  echo "$dir"
}

url() {
  local dir
  dir=$(running_dir) || die "no cluster running (state file $STATE); run: $0 start"
  echo "postgresql+psycopg://postgres@127.0.0.1:$(cat "$dir/port")/$DB"
}

start() {
  ensure_installed
  if running_dir >/dev/null; then url; return; fi
  local bin dir port
  bin=$(pg_bin)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-pg.XXXXXX")
  chmod 700 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; die "initdb failed"; }
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
      echo "$port" >"$dir/port"
      echo "$dir" >"$STATE"
      as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB"
      url
      return
    fi
  done
  cat "$dir/server.log" >&2 || true
  rm -rf "$dir"
  die "the server did not start"
}

stop() {
  [ -f "$STATE" ] || { echo "postgres.sh: nothing to stop" >&2; return 0; }
  local dir
  dir=$(cat "$STATE")
  if [ -d "$dir/data" ] && [ -n "$(pg_bin)" ]; then
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  case "$dir" in
    */sitrep-pg.*) rm -rf "$dir" ;;
  esac
  rm -f "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) url ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
