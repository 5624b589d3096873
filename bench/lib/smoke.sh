# The smoke run (bench/run.sh --smoke, what CI runs): every scenario for a second or two on
# a small site, plus the micro-benchmarks' dry job, so the harness cannot rot. It fails
# only when the harness is broken (no result, errors, non-200 answers, acknowledged
# comments missing, ...; a build failure or nginx serving other bytes stop the run
# earlier), never because a number is slow.

SMOKE_PROBLEMS=() SMOKE_REPORTED=0

# BenchmarkDotNet's dry job: every benchmark runs once; its output goes to a log.
smoke_micro() {
  local logfile="$OUT/micro-smoke.log"
  log "micro-benchmarks: the dry job (every benchmark once, measures nothing); output in bench/out/micro-smoke.log"
  if ! (run_micro) >"$logfile" 2>&1; then
    tail -20 "$logfile" >&2
    SMOKE_PROBLEMS+=("micro-benchmarks: the dry job failed (bench/out/micro-smoke.log)")
  elif grep -q 'Benchmarks with issues' "$logfile" || ! grep -Eq 'executed benchmarks: [1-9]' "$logfile"; then
    SMOKE_PROBLEMS+=("micro-benchmarks: a benchmark did not run in the dry job (bench/out/micro-smoke.log)")
  else
    log "micro-benchmarks: $(grep -Eo 'executed benchmarks: [0-9]+' "$logfile" | tail -1) (dry job)"
  fi
}

# A scenario that completed no request in its short period (on a busy machine a server can
# get no CPU for seconds) runs once more for longer before the smoke run calls it broken.
smoke_retry_empty() {
  local id rps saved=$DURATION
  for id in "${RUNNABLE[@]}"; do
    rps=$(column_of "$id" 3 | median)
    if [[ -n $rps ]] && awk -v r="$rps" 'BEGIN { exit !(r > 0) }'; then continue; fi
    log "smoke: $id completed no request in ${DURATION} s; running it again for $((DURATION * 5)) s (a busy machine, or broken?)"
    awk -v id="$id" '$1 != id' "$RUN/results.txt" >"$RUN/results.tmp" && mv "$RUN/results.tmp" "$RUN/results.txt"
    DURATION=$((saved * 5))
    run_one "$id" retry
    DURATION=$saved
  done
}

# Every scenario ran, answered 200 before the load, and gave a result without errors.
check_smoke() {
  local id rps errors
  for id in "${SCENARIOS[@]}"; do
    if [[ -n ${NA[$id]:-} ]]; then
      SMOKE_PROBLEMS+=("${LABEL[$id]}: did not run (${NA[$id]})")
      continue
    fi
    rps=$(column_of "$id" 3 | median)
    if [[ -z $rps ]] || awk -v r="$rps" 'BEGIN { exit !(r <= 0) }'; then
      SMOKE_PROBLEMS+=("${LABEL[$id]}: no result")
      continue
    fi
    errors=$(column_of "$id" 7 | tr ' ' '\n' | awk '{ s += $1 } END { print s + 0 }')
    if ((errors > 0)); then SMOKE_PROBLEMS+=("${LABEL[$id]}: $errors errors (connection errors, timeouts, or answers that were not 2xx/3xx)"); fi
  done
  SMOKE_PROBLEMS+=("${STATUS_PROBLEMS[@]}")
  if ((COMMENT_FAILED)); then SMOKE_PROBLEMS+=("comment count check: $COMMENT_CHECK"); fi
  if [[ -z $PUBLISH_RESULTS ]]; then SMOKE_PROBLEMS+=("publish, then read: no result"); fi
  if [[ -z $API_PUBLISH_RESULTS ]]; then SMOKE_PROBLEMS+=("publish through the API, then read: no result"); fi
  if [[ -z $STARTUP_RESULTS ]]; then SMOKE_PROBLEMS+=("start-up to first page: no result"); fi
}

# The last lines of a smoke run; returns non-zero when something is broken.
smoke_summary() {
  local problem
  SMOKE_REPORTED=1
  if ((${#SMOKE_PROBLEMS[@]} == 0)); then
    echo "bench smoke run: OK in ${SECONDS} s (every scenario ran without errors, every acknowledged comment stored once, micro-benchmarks' dry job ran; numbers are not judged)" |
      tee -a "$REPORT_FILE"
    return 0
  fi
  {
    echo
    echo "bench smoke run: FAILED in ${SECONDS} s: the harness is broken:"
    for problem in "${SMOKE_PROBLEMS[@]}"; do echo "  - $problem"; done
  } | tee -a "$REPORT_FILE"
  return 1
}
