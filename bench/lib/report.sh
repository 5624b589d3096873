# The table at the end of a run, also saved under bench/out/results/.

REPORT_FILE=""

column_of() { # ID COLUMN: that column of every round of the scenario, space-separated
  awk -v id="$1" -v col="$2" '$1 == id { printf "%s ", $col }' "$RUN/results.txt"
}

# Requests per second of server CPU time, per round: robust against CPU stolen by other load.
per_cpu_of() {
  awk -v id="$1" '$1 == id && $9 > 0 { printf "%.0f ", $3 * 100 / $9 }' "$RUN/results.txt"
}

new_report_file() {
  mkdir -p "$OUT/results"
  REPORT_FILE="$OUT/results/$(date -u +%Y%m%d-%H%M%S)-$1.txt"
}

report_title_lines() {
  local cpu
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
  echo
  echo "Herald benchmark, $1, $STARTED_AT (Herald $HERALD_VERSION)"
  echo "machine: $CPUS CPUs ($cpu), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r); .NET $(dotnet --version)$2"
}

comment_method_lines() {
  echo "comments: a separate Herald (C) on CPU $SERVER_CPU on its own copy of the site database, the page under test re-imported there with its discussion open;"
  echo "  client bench/Herald.Bench.Comments on CPU $LOAD_CPU, $CONNECTIONS connections, signed in as a staff account (comments approved at once); $(comment_store_note);"
  echo "  per round: ${WARMUP} s warm-up (half fetching the form and posting it, half posting only), then one form token per comment minted"
  echo "  from GET /comments/ID (1.5 x the warm-up's posting rate x ${DURATION} s), then ${DURATION} s of posting only;"
  echo "  req/s = acknowledged comments/s (302 to the article with ?posted=); latency per POST; peak RSS and srv CPU of C while posting"
}

table_header() {
  printf '%-40s %8s %7s %8s %8s %8s %6s %8s %7s %8s %9s\n' scenario "req/s" spread "p50 ms" "p95 ms" "p99 ms" errors "peak RSS" "srv CPU" "vs nginx" "per CPU-s"
  printf '%-40s %8s %7s %8s %8s %8s %6s %8s %7s %8s %9s\n' "$(printf '%.0s-' {1..40})" -------- ------- -------- -------- -------- ------ -------- ------- -------- ---------
}

# Issue 7's targets, each judged from this run's own figures (medians of the rows above,
# the timed scenarios, the import). Counted for the summary line.
TARGETS_MET=0 TARGETS_JUDGED=0

# LABEL OK TEXT: one target's line, "met" or "NOT met" put in place of the %s in TEXT.
target_line() {
  TARGETS_JUDGED=$((TARGETS_JUDGED + 1))
  if (($2)); then TARGETS_MET=$((TARGETS_MET + 1)); fi
  # shellcheck disable=SC2059 # TEXT is the format, with one %s for the verdict
  printf '%-40s '"$3"'\n' "$1" "$( (($2)) && echo met || echo 'NOT met')"
}

# EXPRESSION over awk -v variables given after it: 1 when it holds, else 0.
holds() {
  local expression=$1
  shift
  awk "$@" "BEGIN { print (($expression) ? 1 : 0) }"
}

page_target_lines() {
  local nginx nginx_cpu nginx_per_cpu cached p99 nolane nolane_p99 uncached quiet
  nginx=$(column_of nginx 3 | median)
  nginx_cpu=$(column_of nginx 9 | median)
  nginx_per_cpu=$(per_cpu_of nginx | median)
  cached=$(column_of article 3 | median)
  p99=$(column_of article 6 | median)
  nolane=$(column_of article-nolane 3 | median)
  nolane_p99=$(column_of article-nolane 6 | median)
  uncached=$(column_of article-uncached 3 | median)
  quiet=$(column_of article-quiet-uncached 3 | median)
  if [[ -n $nginx && -n $cached ]]; then
    target_line "cached page target (issue 7)" "$(holds 'c >= 0.7 * n && p < 5' -v c="$cached" -v n="$nginx" -v p="$p99")" \
      "$(awk -v c="$cached" -v n="$nginx" -v p="$p99" -v i="$nolane" -v ip="$nolane_p99" 'BEGIN {
        printf "at least 70%%%% of nginx, p99 under 5 ms: %%s with the defaults (%.1f%%%%, p99 %.2f ms)", 100 * c / n, p
        if (i != "") printf "; without the front lane (FrontLane=false) %.1f%%%%, p99 %.2f ms", 100 * i / n, ip }')"
    # nginx short of its own core: wrk's core, not nginx, set the ceiling, and every ratio
    # against it is too kind to Herald. Requests per CPU-second still compare.
    if [[ -n $nginx_cpu ]] && (($(holds 'u < 90' -v u="$nginx_cpu"))); then
      printf '%-40s %s\n' "" "$(awk -v u="$nginx_cpu" -v c="$(per_cpu_of article | median)" -v k="$(per_cpu_of kestrel | median)" -v n="$nginx_per_cpu" 'BEGIN {
        printf "caution: nginx kept its core only %.0f%% busy, so the load generator set this ceiling and the ratio flatters Herald;", u
        if (n > 0 && c != "") printf " per CPU-second the cached page reached %.1f%%", 100 * c / n
        if (n > 0 && k != "") printf " (bare Kestrel %.1f%%)", 100 * k / n
        printf " of nginx" }')"
    fi
  fi
  if [[ -n $cached && -n $uncached ]]; then
    target_line "uncached page target (issue 7)" "$(holds 'u >= 0.2 * c' -v u="$uncached" -v c="$cached")" \
      "$(awk -v u="$uncached" -v c="$cached" 'BEGIN { printf "at least 20%%%% of the cached article'"'"'s req/s: %%s here (%.1f%%%%)", 100 * u / c }')"
    if [[ -n $quiet ]]; then
      printf '%-40s %s\n' "" "$(awk -v q="$quiet" -v c="$cached" 'BEGIN {
        printf "an old article without comments, uncached: %.1f%% of the cached page under test", 100 * q / c }')"
    fi
    # The lane multiplies the figure this target divides by; the ratio against the page
    # cached without it is what the runs before the lane measured.
    if [[ -n $nolane ]]; then
      printf '%-40s %s
' "" "$(awk -v u="$uncached" -v c="$nolane" 'BEGIN {
        printf "against the cached page without the front lane (FrontLane=false), as before it: %.1f%%", 100 * u / c }')"
    fi
  fi
}

# The targets judged from the timed scenarios, the search rows, memory and the import.
other_target_lines() {
  local p95 p95_busy peak
  p95=$(column_of search-1 5 | median | awk 'NF { printf "%.1f", $1 }')
  p95_busy=$(column_of search 5 | median | awk 'NF { printf "%.0f", $1 }')
  if [[ -n $p95 ]]; then
    target_line "search target (issue 7)" "$(holds 'p < 20' -v p="$p95")" \
      "p95 under 20 ms over the $ARTICLES articles: %s for one reader's latency (p95 $p95 ms, one connection)$([[ -n $p95_busy ]] && echo "; at $CONNECTIONS connections the same queries queue on one core: p95 $p95_busy ms")"
  fi
  if [[ -n $API_PUBLISH_MS ]]; then
    target_line "publish target (issue 7)" "$(holds 'm < 100' -v m="$API_PUBLISH_MS")" \
      "publish to served under 100 ms on one node: %s (median $API_PUBLISH_MS ms through the admin API)"
  fi
  if [[ -n $STARTUP_MEDIAN_MS ]]; then
    target_line "start-up target (issue 7)" "$(holds 'm < 1000' -v m="$STARTUP_MEDIAN_MS")" \
      "first page under 1 s after start: %s (median $STARTUP_MEDIAN_MS ms with $ARTICLES articles)"
  fi
  peak=$(herald_peak_kb)
  if ((peak > 0)); then
    target_line "memory target (issue 7)" "$(holds 'k < 300 * 1024' -v k="$peak")" \
      "every Herald server under 300 MB during the whole run: %s (the largest peak RSS: $((peak / 1024)) MB)"
  fi
  if [[ -n ${IMPORT_RATE:-} ]]; then
    target_line "import target (issue 7)" "$(holds 'r >= 5000' -v r="$IMPORT_RATE")" \
      "at least 5,000 articles/s: %s ($IMPORT_RATE articles/s into an empty database on disk, one core)"
  fi
  printf '%-40s %s\n' "issue 7's targets" "$TARGETS_MET of $TARGETS_JUDGED met in this run, with Herald's default settings$([[ $MODE == smoke ]] && echo ' (a smoke run: small site, short periods; not a measurement)')"
}

# The highest resident memory any Herald server reached: the rows' peaks (every row but
# nginx's and bare Kestrel's is a Herald server) and the page server's own VmHWM.
herald_peak_kb() {
  awk -v hwm="${HWM_KB:-0}" '$1 != "nginx" && $1 != "kestrel" && $8 > m { m = $8 } END { print (m > hwm ? m : hwm) + 0 }' "$RUN/results.txt"
}

# One row of the table: medians over the rounds, errors summed, the highest RSS.
print_row() {
  local id=$1 nginx_rps=${2:-} nginx_per_cpu=${3:-} rps p50 p95 p99 errors peak srv_cpu per_cpu spread ratio=- cpu_ratio=-
  if [[ -n ${NA[$id]:-} ]]; then
    printf '%-40s %s\n' "${LABEL[$id]}" "${NA[$id]}"
    return
  fi
  rps=$(column_of "$id" 3 | median)
  if [[ -z $rps ]]; then
    printf '%-40s %s\n' "${LABEL[$id]}" "no result (see bench/out/run/$([[ $id == comment ]] && echo 'comments-round-*' || echo "wrk-$id-*").txt)"
    return
  fi
  p50=$(column_of "$id" 4 | median)
  p95=$(column_of "$id" 5 | median)
  p99=$(column_of "$id" 6 | median)
  errors=$(column_of "$id" 7 | tr ' ' '\n' | awk '{ s += $1 } END { print s + 0 }')
  peak=$(column_of "$id" 8 | tr ' ' '\n' | sort -g | tail -1)
  srv_cpu=$(column_of "$id" 9 | median)
  per_cpu=$(per_cpu_of "$id" | median)
  spread=$(column_of "$id" 3 | tr ' ' '\n' | awk 'NF' | sort -g | awk -v m="$rps" '{ v[NR] = $1 } END { printf "%.0f%%", (m > 0 ? 100 * (v[NR] - v[1]) / m : 0) }')
  # Comment posting writes; nginx serves a file: no ratio between them.
  if [[ $id != comment ]]; then
    ratio=$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN { if (b > 0) printf "%.1f%%", 100 * a / b; else print "-" }')
    cpu_ratio=$(awk -v a="$per_cpu" -v b="$nginx_per_cpu" 'BEGIN { if (b > 0) printf "%.1f%%", 100 * a / b; else print "-" }')
  fi
  printf '%-40s %8.0f %7s %8.2f %8.2f %8.2f %6d %5.0f MB %6.0f%% %8s %9s\n' "${LABEL[$id]}" "$rps" "$spread" "$p50" "$p95" "$p99" "$errors" \
    "$(awk -v k="$peak" 'BEGIN { print k / 1024 }')" "$srv_cpu" "$ratio" "$cpu_ratio"
}

server_log_line() {
  printf '%-40s %s\n' "server log" "$(cat "$RUN"/herald-*.log | grep -c '^fail:' || true) errors logged by Herald during the run (bench/out/run/herald-*.log)"
}

print_report() {
  local id
  new_report_file "$MODE"
  {
    report_title_lines "$MODE run" ", $(nginx -v 2>&1 | cut -d' ' -f3), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
    echo "pinning: servers (Herald, nginx) on CPU $SERVER_CPU; wrk (1 thread, $CONNECTIONS connections) and the comment client on CPU $LOAD_CPU$( ((CPUS < 2)) && echo ' -- WARNING: one CPU only, load and server share it')"
    echo "method: $ROUNDS rounds in alternating order; each scenario ${WARMUP} s warm-up, then ${DURATION} s measured; medians over rounds; errors summed; RSS = peak VmRSS sampled every 0.2 s"
    echo "site: $ARTICLES generated articles (seed $SEED); page under test $HOT_PATH, $PAGE_BYTES bytes, served by nginx from a file with the same bytes"
    if [[ -z $GZIP_NA ]]; then echo "gzip rows: requests with '$GZIP_HEADER'; Herald sends its kept gzip copy ($GZIP_BYTES bytes), nginx the same bytes from a file (gzip_static); their 'vs nginx' is against the nginx gzip row"; fi
    echo "output cache: on (Herald's default) for 'cached' rows; 'uncached' rows: ${UNCACHED_HOW:-not available}"
    if [[ -n $CACHE_NOTE ]]; then echo "$CACHE_NOTE"; fi
    if [[ -z $NOLANE_NA ]]; then echo "FrontLane=false row: a fourth instance started with --Herald:FrontLane=false (front-cache hits through Kestrel's own socket transport, as before the front lane)"; fi
    echo "rate limits: $(comment_rules_note)"
    if [[ -z $COMMENT_NA ]]; then comment_method_lines; fi
    echo "discussions: $SEED_NOTE, seeded before the run (bench/Herald.Bench.Comments/Seed.cs); the page under test has 40 threads and 14 replies"
    echo "accounts: $ACCOUNT_NOTE"
    echo "change polling: --Herald:ChangePollSeconds=0.05 for this run (default 1 s)"
    echo
    table_header
    for id in "${SCENARIOS[@]}"; do print_row "$id" "$(column_of "$(BASE_OF "$id")" 3 | median)" "$(per_cpu_of "$(BASE_OF "$id")" | median)"; done
    page_target_lines
    if [[ -z $COMMENT_NA ]]; then comment_report_lines; fi
    other_target_lines
    printf '%-40s %s\n' "publish, then read (herald import)" "$PUBLISH_RESULTS"
    printf '%-40s %s\n' "publish through the API, then read" "$API_PUBLISH_RESULTS"
    printf '%-40s %s\n' "start-up to first page" "$STARTUP_RESULTS"
    printf '%-40s %s\n' "import" "$IMPORT_NOTE"
    if [[ -n $FULL_IMPORT_NOTE ]]; then printf '%-40s %s\n' "" "$FULL_IMPORT_NOTE"; fi
    printf '%-40s %s\n' "" "$IMPORT_SITE_NOTE"
    server_log_line
    printf '%-40s %s\n' "server memory" "peak RSS (VmHWM) of the Herald instance under load: $((HWM_KB / 1024)) MB over the whole run"
    echo
    echo "vs nginx: median req/s over nginx's median req/s for the same bytes. per CPU-s: the same ratio for requests per second of"
    echo "server CPU time (req/s / srv CPU), which holds up better when other work steals the server's core. spread: (max - min) / median"
    echo "req/s over the rounds. Compare ratios, not absolute numbers, across machines."
    if ((${#STATUS_PROBLEMS[@]})); then
      echo
      printf 'warning: not 200 before the load: %s\n' "${STATUS_PROBLEMS[@]}"
    fi
  } | tee "$REPORT_FILE"
  log "saved to ${REPORT_FILE#"$ROOT/"}; raw wrk and comment client output in bench/out/run/"
}

# The report of bench/comments.sh (run.sh --comments-only): the comment row alone.
print_comment_report() {
  new_report_file "comments-$MODE"
  {
    report_title_lines "comments only ($MODE timing)" ""
    echo "pinning: Herald on CPU $SERVER_CPU; the comment client on CPU $LOAD_CPU$( ((CPUS < 2)) && echo ' -- WARNING: one CPU only, load and server share it')"
    echo "method: $ROUNDS rounds; medians over rounds; errors summed; RSS = peak VmRSS sampled every 0.2 s"
    echo "site: $ARTICLES generated articles (seed $SEED); comments posted on the page under test $COMMENT_PATH"
    echo "rate limits: $(comment_rules_note)"
    if [[ -z $COMMENT_NA ]]; then comment_method_lines; fi
    echo
    table_header
    print_row comment
    if [[ -z $COMMENT_NA ]]; then comment_report_lines; fi
    server_log_line
  } | tee "$REPORT_FILE"
  log "saved to ${REPORT_FILE#"$ROOT/"}; raw comment client output in bench/out/run/comments-round-*.txt"
}
