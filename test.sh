#!/usr/bin/env bash
# Runs Herald's whole test suite. On a fresh Debian machine (as root) it first installs
# what the tests need: Chromium for the browser tests, Java for the HTML checker,
# PostgreSQL for the second storage provider.
# Ends with one line: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v java >/dev/null || missing+=(default-jre-headless)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
[ -n "${HERALD_TEST_POSTGRES:-}" ] || [ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
if ((${#missing[@]})); then
  echo "Installing ${missing[*]} ..."
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh needs root to install: ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

(cd tests/validators && npm ci --no-audit --no-fund --silent)

# A throwaway PostgreSQL cluster for this run only (unless HERALD_TEST_POSTGRES names a
# server already): its own folder and a free port on 127.0.0.1, never the system cluster.
# The tests create one database per test on it; the cluster is deleted on exit.
if [ -z "${HERALD_TEST_POSTGRES:-}" ]; then
  pg="$(pg_bin)"
  pgdir=$(mktemp -d /tmp/herald-pg-XXXXXX)
  as_pg=()
  if [ "$(id -u)" -eq 0 ]; then
    # PostgreSQL refuses to run as root.
    chown postgres: "$pgdir"
    as_pg=(runuser -u postgres --)
  fi
  stop_pg() {
    "${as_pg[@]}" "$pg/pg_ctl" stop -D "$pgdir/data" -m immediate >/dev/null 2>&1 || true
    rm -rf "$pgdir"
  }
  trap stop_pg EXIT
  trap 'exit 130' INT TERM
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  echo "$password" >"$pgdir/password"
  "${as_pg[@]}" "$pg/initdb" -D "$pgdir/data" -U herald --pwfile="$pgdir/password" --auth=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1 || { cat "$pgdir/initdb.log" >&2; exit 1; }
  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 30000))
    (: <"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    if "${as_pg[@]}" "$pg/pg_ctl" start -w -t 60 -D "$pgdir/data" -l "$pgdir/server.log" \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$pgdir' -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null; then
      export HERALD_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=herald;Password=$password;Database=postgres"
      # The fault test restarts this throwaway cluster (it runs alone, after the parallel tests).
      export HERALD_TEST_POSTGRES_RESTART="${as_pg[*]} $pg/pg_ctl restart -w -t 60 -m fast -D $pgdir/data -l $pgdir/server.log"
      break
    fi
  done
  if [ -z "${HERALD_TEST_POSTGRES:-}" ]; then
    echo "could not start a PostgreSQL cluster for the tests:" >&2
    cat "$pgdir/server.log" >&2 2>/dev/null || true
    exit 1
  fi
fi

results="$(pwd)/TestResults"
rm -rf "$results"
status=0
dotnet test tests/Herald.Tests --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@" || status=$?

trx="$results/results.trx"
if [ ! -f "$trx" ]; then
  echo "0 passed, 0 failed (the test run did not complete)"
  exit 1
fi
counters=$(grep -o '<Counters [^>]*>' "$trx")
count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
passed=$(count passed); failed=$(count failed); total=$(count total); executed=$(count executed)
skipped=$((total - executed))
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
