# Herald instances and the nginx ceiling, each pinned to the server CPU.

declare -A PID=() PORT=()
NGINX_PID="" NGINX_PORT=""

# start_herald NAME DATA [extra Herald arguments...]: starts and waits for the first 200 on /.
start_herald() {
  local name=$1 data=$2
  shift 2
  PORT[$name]=$(free_port $((18080 + ${#PORT[@]} * 10)))
  ASPNETCORE_ENVIRONMENT=Production taskset -c "$SERVER_CPU" "$HERALD" serve --urls "http://127.0.0.1:${PORT[$name]}" \
    --data "$data" --no-demo --Herald:ChangePollSeconds=0.05 --Logging:LogLevel:Default=Warning "$@" \
    >>"$RUN/herald-$name.log" 2>&1 &
  PID[$name]=$!
  if ! STARTUP_MS=$(wait_http "http://127.0.0.1:${PORT[$name]}/" 120); then
    tail -20 "$RUN/herald-$name.log" >&2
    die "Herald ($name) did not serve / (it answered: $STARTUP_MS); log: $RUN/herald-$name.log"
  fi
}

stop_herald() {
  stop_pid "${PID[$1]}"
  unset "PID[$1]"
}

stop_all_herald() {
  local name
  for name in "${!PID[@]}"; do stop_herald "$name"; done
}

# A site without a staff account sends every page to /setup. Where Herald has the
# `user create` command, the run's database gets an owner account first.
prepare_accounts() {
  local data=$1
  if ! "$HERALD" user create --help >/dev/null 2>&1; then
    ACCOUNT_NOTE="none (this Herald has no \`herald user create\`)"
    return
  fi
  "$HERALD" user create --data "$data" --email bench-owner@herald.invalid --name "Bench owner" --role owner \
    --password "bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')" >"$RUN/user-create.log" 2>&1 ||
    die "herald user create failed: $(cat "$RUN/user-create.log")"
  ACCOUNT_NOTE="an owner account was created with \`herald user create\` (a site without staff shows only its setup page)"
}

# nginx serving FILE for every path (FILE.gz to requests that accept gzip, when it exists):
# one worker, no access log, same CPU as Herald.
start_nginx() {
  local file=$1 dir="$RUN/nginx" i=0
  NGINX_PORT=$(free_port 18500)
  mkdir -p "$dir/tmp"
  cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
user root;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    open_file_cache max=16 inactive=60s;
    open_file_cache_valid 60s;
    keepalive_requests 1000000;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    types { }
    default_type "text/html; charset=utf-8";
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $(dirname "$file");
        # The gzip rows: FILE.gz, when there is one, for requests that accept gzip.
        location / { gzip_static on; gzip_vary on; try_files /$(basename "$file") =404; }
    }
}
CONF
  taskset -c "$SERVER_CPU" nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" -g 'daemon off;' &
  NGINX_PID=$!
  wait_http "http://127.0.0.1:$NGINX_PORT/" 10 >/dev/null || die "nginx did not start: $(cat "$dir/error.log")"
  NGINX_WORKER=$(pgrep -P "$NGINX_PID" | head -1)
}

# The bare Kestrel reference: ASP.NET Core's web server alone, answering with FILE's bytes
# from memory. Between nginx and Herald in the table, it shows what the server costs by itself.
start_kestrel() {
  local file=$1
  PORT[K]=$(free_port 18600)
  taskset -c "$SERVER_CPU" "$OUT/kestrel/herald-bench-kestrel" "$file" "http://127.0.0.1:${PORT[K]}" >>"$RUN/kestrel.log" 2>&1 &
  PID[K]=$!
  wait_http "http://127.0.0.1:${PORT[K]}/" 30 >/dev/null || die "the Kestrel reference server did not start: $(tail -5 "$RUN/kestrel.log")"
}

