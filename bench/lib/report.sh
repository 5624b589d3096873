# The table at the end of a run, also saved under bench/out/results/.

column_of() { # ID COLUMN: that column of every round of the scenario, space-separated
  awk -v id="$1" -v col="$2" '$1 == id { printf "%s ", $col }' "$RUN/results.txt"
}

# Requests per second of server CPU time, per round: robust against CPU stolen by other load.
per_cpu_of() {
  awk -v id="$1" '$1 == id && $9 > 0 { printf "%.0f ", $3 * 100 / $9 }' "$RUN/results.txt"
}

print_report() {
  local file id rps p50 p95 p99 errors peak ratio nginx_rps cpu srv_cpu per_cpu nginx_per_cpu cpu_ratio spread
  mkdir -p "$OUT/results"
  file="$OUT/results/$(date -u +%Y%m%d-%H%M%S)-$MODE.txt"
  nginx_rps=$(column_of nginx 3 | median)
  nginx_per_cpu=$(per_cpu_of nginx | median)
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
  {
    echo
    echo "Herald benchmark, $MODE run, $STARTED_AT (Herald $HERALD_VERSION)"
    echo "machine: $CPUS CPUs ($cpu), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r); .NET $(dotnet --version), $(nginx -v 2>&1 | cut -d' ' -f3), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
    echo "pinning: servers (Herald, nginx) on CPU $SERVER_CPU; wrk (1 thread, $CONNECTIONS connections) on CPU $LOAD_CPU$( ((CPUS < 2)) && echo ' -- WARNING: one CPU only, load and server share it')"
    echo "method: $ROUNDS rounds in alternating order; each scenario ${WARMUP} s warm-up, then ${DURATION} s measured; medians over rounds; errors summed; RSS = peak VmRSS sampled every 0.2 s"
    echo "site: $ARTICLES generated articles (seed $SEED); page under test $HOT_PATH, $PAGE_BYTES bytes, served by nginx from a file with the same bytes"
    echo "output cache: on (Herald's default) for 'cached' rows; 'uncached' rows: ${UNCACHED_HOW:-not available}"
    if [[ -n $CACHE_NOTE ]]; then echo "$CACHE_NOTE"; fi
    echo "rate limits: none apply to these scenarios (comment posting is measured by bench/comments.sh, which switches them off and says so)"
    echo "accounts: $ACCOUNT_NOTE"
    echo "change polling: --Herald:ChangePollSeconds=0.05 for this run (default 1 s)"
    echo
    printf '%-40s %8s %7s %8s %8s %8s %6s %8s %7s %8s %9s\n' scenario "req/s" spread "p50 ms" "p95 ms" "p99 ms" errors "peak RSS" "srv CPU" "vs nginx" "per CPU-s"
    printf '%-40s %8s %7s %8s %8s %8s %6s %8s %7s %8s %9s\n' "$(printf '%.0s-' {1..40})" -------- ------- -------- -------- -------- ------ -------- ------- -------- ---------
    for id in "${SCENARIOS[@]}"; do
      if [[ -n ${NA[$id]:-} ]]; then
        printf '%-40s %s\n' "${LABEL[$id]}" "${NA[$id]}"
        continue
      fi
      rps=$(column_of "$id" 3 | median)
      if [[ -z $rps ]]; then
        printf '%-40s %s\n' "${LABEL[$id]}" "no result (see bench/out/run/wrk-$id-*.txt)"
        continue
      fi
      p50=$(column_of "$id" 4 | median)
      p95=$(column_of "$id" 5 | median)
      p99=$(column_of "$id" 6 | median)
      errors=$(column_of "$id" 7 | tr ' ' '\n' | awk '{ s += $1 } END { print s + 0 }')
      peak=$(column_of "$id" 8 | tr ' ' '\n' | sort -g | tail -1)
      srv_cpu=$(column_of "$id" 9 | median)
      per_cpu=$(per_cpu_of "$id" | median)
      spread=$(column_of "$id" 3 | tr ' ' '\n' | grep . | sort -g | awk -v m="$rps" '{ v[NR] = $1 } END { printf "%.0f%%", (m > 0 ? 100 * (v[NR] - v[1]) / m : 0) }')
      ratio=$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN { if (b > 0) printf "%.1f%%", 100 * a / b; else print "-" }')
      cpu_ratio=$(awk -v a="$per_cpu" -v b="$nginx_per_cpu" 'BEGIN { if (b > 0) printf "%.1f%%", 100 * a / b; else print "-" }')
      printf '%-40s %8.0f %7s %8.2f %8.2f %8.2f %6d %5.0f MB %6.0f%% %8s %9s\n' "${LABEL[$id]}" "$rps" "$spread" "$p50" "$p95" "$p99" "$errors" \
        "$(awk -v k="$peak" 'BEGIN { print k / 1024 }')" "$srv_cpu" "$ratio" "$cpu_ratio"
    done
    printf '%-40s %s\n' "publish, then read (herald import)" "$PUBLISH_RESULTS"
    printf '%-40s %s\n' "start-up to first page" "$STARTUP_RESULTS"
    printf '%-40s %s\n' "import" "$IMPORT_NOTE"
    if [[ -n $FULL_IMPORT_NOTE ]]; then printf '%-40s %s\n' "" "$FULL_IMPORT_NOTE"; fi
    printf '%-40s %s\n' "server log" "$(cat "$RUN"/herald-*.log | grep -c '^fail:' || true) errors logged by Herald during the run (bench/out/run/herald-*.log)"
    printf '%-40s %s\n' "server memory" "peak RSS (VmHWM) of the Herald instance under load: $((HWM_KB / 1024)) MB over the whole run"
    echo
    echo "vs nginx: median req/s over nginx's median req/s for the same bytes. per CPU-s: the same ratio for requests per second of"
    echo "server CPU time (req/s / srv CPU), which holds up better when other work steals the server's core. spread: (max - min) / median"
    echo "req/s over the rounds. Compare ratios, not absolute numbers, across machines."
  } | tee "$file"
  log "saved to ${file#"$ROOT/"}; raw wrk output in bench/out/run/"
}
