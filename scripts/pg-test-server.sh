#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: `start` prints the connection settings as shell
# exports, `stop DIR` removes it. initdb refuses root, so the server runs as `postgres`.
# Two roles: `postgres`, trusted (the tests' own setup), and `sgaudit_pw`, which must give a
# password (SCRAM-SHA-256) and may read every table (pg_read_all_data): the tests prove that
# PGPASSWORD and ~/.pgpass work and that the password never shows. Its password is made afresh
# at each start.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
case "${1:-}" in
  start)
    port=${2:-54329}
    root=$(mktemp -d /tmp/sgpg.XXXXXX)
    chown postgres:postgres "$root"
    runuser -u postgres -- "$PGBIN/initdb" -D "$root/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$root/initdb.log" 2>&1
    # The password role's line first: pg_hba.conf is read top down, the first match decides.
    hba="$root/data/pg_hba.conf"
    { echo "local all sgaudit_pw scram-sha-256"; cat "$hba"; } > "$hba.new" && mv "$hba.new" "$hba"
    chown postgres:postgres "$hba"
    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 30 \
      -o "-k $root -p $port -c listen_addresses='' -c fsync=off" start >/dev/null
    runuser -u postgres -- "$PGBIN/createdb" -h "$root" -p "$port" -U postgres sgaudit_test
    runuser -u postgres -- "$PGBIN/psql" -h "$root" -p "$port" -U postgres -d sgaudit_test -q -v ON_ERROR_STOP=1 \
      -c "SET password_encryption = 'scram-sha-256'" \
      -c "CREATE ROLE sgaudit_pw LOGIN PASSWORD '$password' IN ROLE pg_read_all_data" >/dev/null
    echo "export SGAUDIT_TEST_PG_DIR=$root"
    echo "export SGAUDIT_TEST_PG_URL='postgresql://postgres@/sgaudit_test?host=$root&port=$port'"
    echo "export SGAUDIT_TEST_PG_PASSWORD_URL='postgresql://sgaudit_pw@/sgaudit_test?host=$root&port=$port'"
    echo "export SGAUDIT_TEST_PG_PASSWORD='$password'"
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
