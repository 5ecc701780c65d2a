#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: `start` prints the connection settings as shell
# exports, `stop DIR` removes it. initdb refuses root, so the server runs as `postgres`.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
case "${1:-}" in
  start)
    port=${2:-54329}
    root=$(mktemp -d /tmp/sgpg.XXXXXX)
    chown postgres:postgres "$root"
    runuser -u postgres -- "$PGBIN/initdb" -D "$root/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$root/initdb.log" 2>&1
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 30 \
      -o "-k $root -p $port -c listen_addresses='' -c fsync=off" start >/dev/null
    runuser -u postgres -- "$PGBIN/createdb" -h "$root" -p "$port" -U postgres sgaudit_test
    echo "export SGAUDIT_TEST_PG_DIR=$root"
    echo "export SGAUDIT_TEST_PG_URL='postgresql://postgres@/sgaudit_test?host=$root&port=$port'"
    ;;
  stop)
    root=$2
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$root/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$root"
    ;;
  *)
    echo "usage: $0 start [PORT] | stop DIR" >&2
    exit 2
    ;;
esac
