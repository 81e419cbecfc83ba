#!/bin/sh
# Runs a test against a throwaway PostgreSQL cluster: initdb and pg_ctl in a temporary folder,
# on a Unix socket only (no TCP port), stopped and removed on exit, whatever the test did.
# initdb refuses root, so as root (CI machines) the cluster runs as the unprivileged
# "postgres" user through runuser. Without initdb the test runs without CSL_TEST_PG_CONNINFO
# and skips itself, saying why.
#
#   with-pg-cluster.sh TEST [ARGS…]
# gives the test CSL_TEST_PG_CONNINFO, and CSL_TEST_PG_STOP / CSL_TEST_PG_START (shell
# commands) to take the server away and bring it back.
set -eu

initdb=$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$initdb" ] || [ ! -x "$initdb" ]; then
  CSL_TEST_PG_SKIP="initdb is not installed (apt-get install postgresql)" exec "$@"
fi
bindir=$(dirname "$initdb")

run_as=""
if [ "$(id -u)" = 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    CSL_TEST_PG_SKIP="running as root and there is no postgres user to run the server as" exec "$@"
  fi
  run_as="runuser -u postgres --"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/csl-pg.XXXXXX")
[ -n "$run_as" ] && chown postgres "$tmp"
data="$tmp/data"
stop="$run_as $bindir/pg_ctl -D $data -m immediate -w stop"
start="$run_as $bindir/pg_ctl -D $data -l $tmp/log -w -o \"-k $tmp -c listen_addresses='' -c fsync=off\" start"
cleanup() {
  $run_as "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

$run_as "$bindir/initdb" -D "$data" -A trust -U postgres --no-sync >"$tmp/initdb.log" 2>&1 || {
  cat "$tmp/initdb.log" >&2
  exit 1
}
sh -c "$start" >/dev/null

CSL_TEST_PG_CONNINFO="host=$tmp port=5432 dbname=postgres user=postgres" \
CSL_TEST_PG_STOP="$stop" CSL_TEST_PG_START="$start" "$@"
