# The comment scenario on PostgreSQL (`bench/comments.sh --postgres`), as a newsroom that
# outgrew one machine runs it: a throwaway cluster on disk with PostgreSQL's default
# durability (fsync and synchronous_commit on), started from this script and so on the
# load CPU like everything it starts, the comment run's database copied into it with
# `herald copy`. The cluster is stopped and deleted when the run ends.

POSTGRES=0 PG_BIN="" PG_DIR="" PG_URL="" PG_AS=()

ensure_postgres() {
  pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
  PG_BIN=$(pg_bin)
  if [[ -z $PG_BIN || ! -x $PG_BIN/initdb ]]; then
    ((INSTALL)) && [[ $(id -u) -eq 0 ]] || die "--postgres needs PostgreSQL's server (run as root, without --no-install, to install it)"
    log "installing postgresql from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    PG_BIN=$(pg_bin)
  fi
  # PostgreSQL refuses to run as root.
  if [[ $(id -u) -eq 0 ]]; then PG_AS=(runuser -u postgres --); fi
}

# start_postgres DATA: the cluster, then DATA's SQLite database copied into it. Sets PG_URL.
start_postgres() {
  local data=$1 port
  PG_DIR="$RUN/postgres"
  rm -rf "$PG_DIR" && mkdir -p "$PG_DIR"
  if ((${#PG_AS[@]})); then chown postgres: "$PG_DIR"; fi
  "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U herald --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$RUN/postgres-initdb.log" 2>&1 ||
    die "initdb failed: $(tail -5 "$RUN/postgres-initdb.log")"
  port=$(free_port 55400)
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" start -w -t 60 -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$PG_DIR' -c shared_buffers=512MB -c max_connections=200" >/dev/null ||
    die "PostgreSQL did not start: $(tail -5 "$PG_DIR/server.log")"
  "${PG_AS[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U herald herald || die "createdb failed"
  PG_URL="postgres://herald@127.0.0.1:$port/herald"
  log "copying the comment run's database into PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') (on disk, fsync on, CPU $LOAD_CPU)"
  "$HERALD" copy --data "$data" --to "$PG_URL" >"$RUN/postgres-copy.log" 2>&1 ||
    die "herald copy into PostgreSQL failed: $(tail -5 "$RUN/postgres-copy.log")"
  "${PG_AS[@]}" "$PG_BIN/psql" -q -h 127.0.0.1 -p "$port" -U herald -d herald -c "VACUUM ANALYZE" >/dev/null
}

stop_postgres() {
  if [[ -z $PG_DIR ]]; then return; fi
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" stop -D "$PG_DIR/data" -m fast >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}

# What the report says the comments were stored in.
comment_store_note() {
  if ((POSTGRES)); then
    echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on disk (fsync and synchronous_commit on), on CPU $LOAD_CPU with the client"
  else
    echo "SQLite synchronous=FULL"
  fi
}
