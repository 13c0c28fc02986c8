#!/usr/bin/env bash
# Run the whole suite on SQLite and, when reachable, on PostgreSQL (in parallel: two cores).
# DUCHA_REQUIRE_POSTGRES=1 turns an unreachable PostgreSQL into a failure instead of a skip.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_HOST=${DUCHA_TEST_PG_HOST:-127.0.0.1}
PG_PORT=${DUCHA_TEST_PG_PORT:-5432}
PG_USER=${DUCHA_TEST_PG_USER:-postgres}
mkdir -p test-output
logs=$(mktemp -d)

echo "== ruff"
$BIN/ruff check src tests bench scripts || exit 1
echo "== migrations up to date"
DUCHA_VAR_DIR=$logs/var-mig $BIN/ducha manage makemigrations --check --dry-run >/dev/null || {
  echo "模型有改动但没有迁移文件:请运行 ducha manage makemigrations"; exit 1; }

pg_ok=0
if $BIN/python - "$PG_HOST" "$PG_PORT" "$PG_USER" <<'PY'
import sys, psycopg
host, port, user = sys.argv[1:4]
try:
    psycopg.connect(host=host, port=int(port), user=user, dbname="postgres", connect_timeout=5).close()
except Exception as exc:
    print(f"PostgreSQL unreachable: {exc}")
    sys.exit(1)
PY
then pg_ok=1; fi

if [ "$pg_ok" = 0 ] && [ "${DUCHA_REQUIRE_POSTGRES:-0}" = 1 ]; then
  echo "DUCHA_REQUIRE_POSTGRES=1 but PostgreSQL at $PG_HOST:$PG_PORT is unreachable: failing."
  exit 1
fi

run() {  # name, database url
  local name=$1 url=$2
  DUCHA_VAR_DIR=$logs/var-$name DUCHA_DATABASE_URL=$url DUCHA_TEST_ENGINE=$name \
    $BIN/python -m pytest -p no:cacheprovider --create-db -q \
    --junitxml=test-output/junit-$name.xml "${@:3}" >"$logs/$name.log" 2>&1
}

echo "== pytest on SQLite$( [ $pg_ok = 1 ] && echo ' and PostgreSQL, in parallel')"
run sqlite "sqlite:///$logs/var-sqlite/ducha.sqlite3" "$@" &
sqlite_pid=$!
if [ "$pg_ok" = 1 ]; then
  run postgres "postgres://$PG_USER@$PG_HOST:$PG_PORT/ducha_run_$$" "$@" &
  pg_pid=$!
fi
wait $sqlite_pid; sqlite_rc=$?
pg_rc=0
[ "$pg_ok" = 1 ] && { wait $pg_pid; pg_rc=$?; }

echo "================ SQLite run ================"
cat "$logs/sqlite.log"
if [ "$pg_ok" = 1 ]; then
  echo "================ PostgreSQL run ($PG_HOST:$PG_PORT) ================"
  cat "$logs/postgres.log"
else
  echo "PostgreSQL not reachable: the suite ran on SQLite only (set DUCHA_REQUIRE_POSTGRES=1 to fail instead)."
fi
[ $sqlite_rc = 0 ] && [ $pg_rc = 0 ]
