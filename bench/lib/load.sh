# The load scenarios: what each one requests, and the rounds that run them with wrk.

declare -A LABEL=() URL=() SERVER=() HEADER=() PATHS_FILE=() NA=() CONNS=()
SCENARIOS=() RUNNABLE=() STATUS_PROBLEMS=()
# Any Authorization header makes Herald's public-page policy skip the output cache (no lookup, no store).
BYPASS_HEADER="Authorization: Bearer herald-bench"
UNCACHED_SERVER="" UNCACHED_HEADER="" UNCACHED_HOW="" CACHE_NOTE="" NOLANE_NA=""

# True when the second of two requests comes from the output cache, which adds an Age header.
served_from_cache() {
  local header=()
  if [[ -n ${2:-} ]]; then header=(-H "$2"); fi
  curl -s -o /dev/null "${header[@]}" "$1"
  curl -s -D - -o /dev/null "${header[@]}" "$1" | grep -qi '^age:'
}

# How to get full renders from the database: the proposed switch if Herald has it, else the header bypass.
probe_uncached() {
  served_from_cache "http://127.0.0.1:${PORT[A]}$HOT_PATH" ||
    CACHE_NOTE="warning: the article page never came from the output cache (no Age header)"
  # A second process on the same database, as a second node would be (SQLite in WAL mode).
  start_herald B "$RUN/data" --Herald:OutputCache=false
  if ! served_from_cache "http://127.0.0.1:${PORT[B]}$HOT_PATH"; then
    UNCACHED_SERVER=B UNCACHED_HOW="a second instance started with --Herald:OutputCache=false"
    return
  fi
  stop_herald B
  if ! served_from_cache "http://127.0.0.1:${PORT[A]}$HOT_PATH" "$BYPASS_HEADER"; then
    UNCACHED_SERVER=A UNCACHED_HEADER=$BYPASS_HEADER
    UNCACHED_HOW="requests carry an Authorization header, which Herald's output-cache policy skips (Herald:OutputCache=false does not exist yet)"
  fi
}

# Herald:FrontLane=false (front-cache hits through Kestrel's own socket transport instead of
# the front lane, src/Herald/Reading/FrontLane.cs): a fourth instance on the same database,
# cached article only, to show what the lane does for the figure above it.
probe_front_lane() {
  if ! grep -rqs 'Herald:FrontLane' "$HERALD_SOURCE/src/Herald"; then
    NOLANE_NA="n/a: this Herald has no front lane"
    return
  fi
  start_herald I "$RUN/data" --Herald:FrontLane=false
}

# The page as a browser gets it: Herald's gzip copy of the page under test (the front cache
# keeps each page also as gzip and Brotli), which nginx then serves from a file too, so the
# gzip rows compare the same compressed bytes. GZIP_NA says why not, for a Herald that does
# not compress.
GZIP_HEADER="Accept-Encoding: gzip" GZIP_NA=""
fetch_gzip_copy() {
  local url="http://127.0.0.1:${PORT[A]}$HOT_PATH" gz="$RUN/static/article.html.gz"
  curl -s -o /dev/null -H "$GZIP_HEADER" "$url"
  if ! curl -s -D "$RUN/gzip-headers.txt" -o "$gz" -H "$GZIP_HEADER" "$url" || ! grep -qi '^content-encoding: gzip' "$RUN/gzip-headers.txt"; then
    rm -f "$gz"
    GZIP_NA="n/a: this Herald does not send pages compressed"
    return
  fi
  gzip -dc "$gz" | cmp -s - "$RUN/static/article.html" || die "Herald's gzip copy of $HOT_PATH does not decompress to the page"
  GZIP_BYTES=$(stat -c %s "$gz")
}

# The row whose req/s a row's "vs nginx" column divides by: nginx serving the same bytes.
BASE_OF() { case $1 in *-gzip) echo nginx-gzip ;; *) echo nginx ;; esac; }

scenario() { # ID LABEL SERVER PATH [HEADER] [PATHS_FILE]
  SCENARIOS+=("$1")
  LABEL[$1]=$2 SERVER[$1]=$3 HEADER[$1]=${5:-} PATHS_FILE[$1]=${6:-}
  if [[ $3 == nginx ]]; then URL[$1]="http://127.0.0.1:$NGINX_PORT$4"; else URL[$1]="http://127.0.0.1:${PORT[$3]}$4"; fi
}

unavailable() { # ID LABEL REASON
  SCENARIOS+=("$1")
  LABEL[$1]=$2 NA[$1]=$3
}

define_scenarios() {
  local uncached_na="n/a: no way to switch the output cache off (proposed: Herald:OutputCache=false)"
  scenario nginx "nginx, same bytes (ceiling)" nginx "$HOT_PATH"
  scenario kestrel "bare Kestrel, same bytes" K "$HOT_PATH"
  scenario article "article page, cached" A "$HOT_PATH"
  if [[ -z $GZIP_NA ]]; then
    scenario nginx-gzip "nginx, same gzip bytes" nginx "$HOT_PATH" "$GZIP_HEADER"
    scenario article-gzip "article page, cached, gzip" A "$HOT_PATH" "$GZIP_HEADER"
  else
    unavailable article-gzip "article page, cached, gzip" "$GZIP_NA"
  fi
  if [[ -z $NOLANE_NA ]]; then
    scenario article-nolane "article page, cached, FrontLane=false" I "$HOT_PATH"
  else
    unavailable article-nolane "article page, cached, FrontLane=false" "$NOLANE_NA"
  fi
  if [[ -n $UNCACHED_SERVER ]]; then
    scenario article-uncached "article page, uncached" "$UNCACHED_SERVER" "$HOT_PATH" "$UNCACHED_HEADER"
  else
    unavailable article-uncached "article page, uncached" "$uncached_na"
  fi
  if [[ -n $UNCACHED_SERVER ]]; then
    scenario article-quiet-uncached "old article, no comments, uncached" "$UNCACHED_SERVER" "$QUIET_PATH" "$UNCACHED_HEADER"
  else
    unavailable article-quiet-uncached "old article, no comments, uncached" "$uncached_na"
  fi
  scenario home "home page, cached" A /
  if [[ -n $UNCACHED_SERVER ]]; then
    scenario home-uncached "home page, uncached" "$UNCACHED_SERVER" / "$UNCACHED_HEADER"
  else
    unavailable home-uncached "home page, uncached" "$uncached_na"
  fi
  scenario section "section page $(meta section_path), cached" A "$(meta section_path)"
  scenario tag "tag page $(meta tag_path), cached" A "$(meta tag_path)"

  # Search, once Herald has it: many different queries, each a real search when the cache can be bypassed.
  local search_status
  search_status=$(status_of "http://127.0.0.1:${PORT[A]}/search?q=council" 30)
  if [[ $search_status == 200 ]]; then
    sed 's/ /+/g; s|^|/search?q=|' "$BENCH_DIR/wrk/search-terms.txt" >"$RUN/search-paths.txt"
    if [[ -n $UNCACHED_SERVER ]]; then
      scenario search "search, $(wc -l <"$RUN/search-paths.txt") queries, uncached" "$UNCACHED_SERVER" / "$UNCACHED_HEADER" "$RUN/search-paths.txt"
      # The latency a reader sees: the same queries one at a time (at 32 connections the
      # figures above are mostly queueing behind each other).
      scenario search-1 "search, same queries, 1 connection" "$UNCACHED_SERVER" / "$UNCACHED_HEADER" "$RUN/search-paths.txt"
      CONNS[search-1]=1
    else
      scenario search "search, $(wc -l <"$RUN/search-paths.txt") queries (mostly cache hits)" A / "" "$RUN/search-paths.txt"
    fi
  else
    unavailable search "search" "n/a: GET /search?q=council answered $search_status (no search page yet)"
  fi
  # Posting a comment: its own server (C) and client, in the rounds like the others (comments.sh).
  define_comment_scenario
  collect_runnable
}

collect_runnable() {
  local id
  RUNNABLE=()
  for id in "${SCENARIOS[@]}"; do
    if [[ -z ${NA[$id]:-} ]]; then RUNNABLE+=("$id"); fi
  done
}

# Every wrk scenario must answer 200 before it is loaded: wrk counts only 4xx and 5xx as
# errors, so a redirect (to /setup, to a login page) would otherwise be measured as a page.
# Sets STATUS_PROBLEMS; a smoke run fails on them, a measured run warns.
check_scenario_status() {
  local id url status header=()
  STATUS_PROBLEMS=()
  for id in "${RUNNABLE[@]}"; do
    [[ $id == comment ]] && continue
    url=${URL[$id]}
    if [[ -n ${PATHS_FILE[$id]} ]]; then url="${url%/}$(head -1 "${PATHS_FILE[$id]}")"; fi
    header=()
    if [[ -n ${HEADER[$id]} ]]; then header=(-H "${HEADER[$id]}"); fi
    status=$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' "${header[@]}" "$url" || true)
    if [[ $status != 200 ]]; then
      STATUS_PROBLEMS+=("$id: GET $url answered HTTP $status, not 200")
      log "warning: scenario $id: GET $url answered HTTP $status, not 200"
    fi
  done
}

server_pid() {
  case ${SERVER[$1]} in
    nginx) echo "$NGINX_WORKER" ;;
    *) echo "${PID[${SERVER[$1]}]}" ;;
  esac
}

# Runs every runnable scenario ROUNDS times, reversing the order every other round so
# that no scenario always runs first (or always right after a heavy one).
run_rounds() {
  local r i id order
  : >"$RUN/results.txt"
  # .NET compiles each method quickly first and optimises the hot ones after they have run a
  # while (tiered compilation); on one busy core that takes tens of seconds of load. Every
  # scenario first runs --jit-warmup seconds unmeasured, so the rounds see the steady state.
  if ((JIT_WARMUP > 0)); then
    log "JIT warm-up: ${JIT_WARMUP} s of each scenario, not measured"
    for id in "${RUNNABLE[@]}"; do
      if [[ $id == comment ]]; then continue; fi
      run_wrk_quietly "$id" "$JIT_WARMUP"
    done
  fi
  for ((r = 1; r <= ROUNDS; r++)); do
    order=()
    if ((r % 2)); then
      order=("${RUNNABLE[@]}")
    else
      for ((i = ${#RUNNABLE[@]} - 1; i >= 0; i--)); do order+=("${RUNNABLE[$i]}"); done
    fi
    log "round $r of $ROUNDS: ${order[*]}"
    for id in "${order[@]}"; do run_one "$id" "$r"; done
  done
}

# Sets WRK_ARGS and WRK_REST (script arguments after --) for scenario ID.
wrk_args() {
  local id=$1
  WRK_ARGS=(-t1 "-c${CONNS[$id]:-$CONNECTIONS}" --timeout 10s) WRK_REST=()
  if [[ -n ${PATHS_FILE[$id]} ]]; then
    WRK_ARGS+=(-s "$BENCH_DIR/wrk/rotate.lua")
    WRK_REST=(-- "${PATHS_FILE[$id]}")
  else
    WRK_ARGS+=(-s "$BENCH_DIR/wrk/report.lua")
  fi
  if [[ -n ${HEADER[$id]} ]]; then WRK_ARGS+=(-H "${HEADER[$id]}"); fi
}

# Load that is not measured: warm-ups.
run_wrk_quietly() { # ID SECONDS
  if (($2 == 0)); then return; fi
  wrk_args "$1"
  taskset -c "$LOAD_CPU" wrk "${WRK_ARGS[@]}" -d "${2}s" "${URL[$1]}" "${WRK_REST[@]}" >/dev/null 2>&1 || true
}

run_one() {
  if [[ $1 == comment ]]; then
    run_comment_one "$2"
    return
  fi
  local id=$1 round=$2 pid wrk_pid peak=0 rss deadline line kv
  local rps="" p50="" p95="" p99="" errors=0 ticks_before ticks_after seconds=1 cpu
  wrk_args "$id"
  pid=$(server_pid "$id")
  run_wrk_quietly "$id" "$WARMUP"
  ticks_before=$(cpu_ticks "$pid")
  taskset -c "$LOAD_CPU" wrk "${WRK_ARGS[@]}" -d "${DURATION}s" "${URL[$id]}" "${WRK_REST[@]}" >"$RUN/wrk-$id-$round.txt" 2>&1 &
  wrk_pid=$!
  deadline=$(($(now_us) + (DURATION + 30) * 1000000))
  # Peak resident memory of the server while it is under this load.
  while kill -0 "$wrk_pid" 2>/dev/null && (($(now_us) < deadline)); do
    rss=$(vm_kb "$pid" VmRSS)
    if ((rss > peak)); then peak=$rss; fi
    sleep 0.2
  done
  stop_pid "$wrk_pid"
  ticks_after=$(cpu_ticks "$pid")
  line=$(grep -m1 '^RESULT' "$RUN/wrk-$id-$round.txt" || true)
  if [[ -z $line ]]; then
    log "wrk gave no result for $id: $(tail -3 "$RUN/wrk-$id-$round.txt")"
    return
  fi
  result_fields "$line"
  rps=${FIELD[rps]:-} seconds=${FIELD[seconds]:-1} p50=${FIELD[p50]:-} p95=${FIELD[p95]:-} p99=${FIELD[p99]:-}
  errors=$((${FIELD[connect]:-0} + ${FIELD[read]:-0} + ${FIELD[write]:-0} + ${FIELD[status]:-0} + ${FIELD[timeout]:-0}))
  # Share of one core the server used: well under 100 % means it was starved (other load on the
  # machine) or waited (disk, locks) rather than computed.
  cpu=$(awk -v t=$((ticks_after - ticks_before)) -v hz="$(getconf CLK_TCK)" -v s="$seconds" 'BEGIN { printf "%.0f", 100 * t / hz / s }')
  echo "$id $round $rps $p50 $p95 $p99 $errors $peak $cpu" >>"$RUN/results.txt"
  log "  $id: $rps req/s, p50 $p50 ms, p99 $p99 ms, $errors errors, RSS $((peak / 1024)) MiB, server CPU $cpu %"
}
