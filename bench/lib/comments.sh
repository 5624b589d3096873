# The comment scenario: posting through Herald's real comment form, on a separate Herald
# instance (C) with its own copy of the site database so the page scenarios never see the
# writes, and the check afterwards that every acknowledged comment is stored exactly once.
# The client is bench/Herald.Bench.Comments (it signs in, mints form tokens, posts, and
# reads the database for the count); bench/comments.sh runs this scenario alone.

COMMENT_CLIENT="$OUT/comments-client/Herald.Bench.Comments"
COMMENT_LABEL="post a comment (real form, durable)"
# The comment rules that would refuse a benchmark: switched off for instance C only.
COMMENT_SWITCHES=(--Herald:Comments:PerAccountPerMinute=0 --Herald:Comments:PerAddressPerMinute=0
  --Herald:Comments:DuplicateWindowMinutes=0 --Herald:Comments:MinSecondsToSubmit=0)
COMMENT_EMAIL=bench-commenter@herald.invalid
COMMENT_PASSWORD="" COMMENT_PATH="" COMMENT_NA="" COMMENT_CHECK="" COMMENT_FAILED=0 COMMENT_NOTES="" SEED_NOTE=""

build_comment_client() {
  log "building the comment client"
  dotnet build "$BENCH_DIR/Herald.Bench.Comments/Herald.Bench.Comments.csproj" -c Release -o "$OUT/comments-client" \
    --artifacts-path "$OUT/artifacts" --nologo -v quiet -clp:ErrorsOnly >"$OUT/build-comments.log" 2>&1 ||
    { cat "$OUT/build-comments.log" >&2; die "the comment client did not build"; }
}

# prepare_comment_data SOURCE: the comment run's database, a copy of SOURCE (which has its
# owner account already), with a staff account to post as and the page under test's
# discussion opened (the generated policy may be pre-moderated, closed, or past its
# closing time). Sets COMMENT_NA instead when this Herald cannot take comments.
prepare_comment_data() {
  local source=$1 data="$RUN/comments-data" line
  COMMENT_PATH=$(meta hot_path)
  line=$(meta hot_line)
  if ! "$HERALD" user create --help >/dev/null 2>&1; then
    COMMENT_NA="n/a: this Herald has no \`herald user create\` (no accounts, so no comments)"
    return
  fi
  rm -rf "$data" && cp -a "$source" "$data"
  COMMENT_PASSWORD="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  "$HERALD" user create --data "$data" --email "$COMMENT_EMAIL" --name "Bench commenter" --role editor \
    --password "$COMMENT_PASSWORD" >"$RUN/comments-user.log" 2>&1 ||
    die "herald user create (comment account) failed: $(cat "$RUN/comments-user.log")"
  sed -n "${line}p" "$SITE" >"$RUN/comments-article-in.json"
  "$COMMENT_CLIENT" open-discussion "$RUN/comments-article-in.json" "$RUN/comments-article.json" ||
    die "could not open the discussion of $COMMENT_PATH"
  "$HERALD" import --data "$data" "$RUN/comments-article.json" >"$RUN/comments-import.log" 2>&1 ||
    die "re-importing $COMMENT_PATH with an open discussion failed: $(tail -5 "$RUN/comments-import.log")"
  : >"$RUN/comments-acknowledged.txt"
}

# seed_comments DATA: readers and their comments under the newest articles (a fiftieth of the
# site, at least 10) and a busy discussion under the page under test, written into the
# stopped site's database by the comment client (Seed.cs). Sets SEED_NOTE.
seed_comments() {
  local data=$1 recent=$((ARTICLES / 50)) slug
  ((recent < 10)) && recent=10
  slug=$(meta hot_path) && slug=${slug##*/}
  "$COMMENT_CLIENT" seed "$data/herald.db" --recent "$recent" --hot "$slug" --seed "$SEED" >"$RUN/seed.log" 2>&1 ||
    die "seeding the comments failed: $(tail -5 "$RUN/seed.log")"
  SEED_NOTE=$(tail -1 "$RUN/seed.log")
  log "comments: $SEED_NOTE"
}

start_comment_server() {
  if [[ -n $COMMENT_NA ]]; then return; fi
  log "starting Herald C for the comment scenario on CPU $SERVER_CPU (rate limits, duplicate window and minimum fill time off)"
  if ((POSTGRES)); then
    start_herald C "$RUN/comments-data" "${COMMENT_SWITCHES[@]}" --database "$PG_URL"
  else
    start_herald C "$RUN/comments-data" "${COMMENT_SWITCHES[@]}"
  fi
}

define_comment_scenario() {
  if [[ -n $COMMENT_NA ]]; then
    unavailable comment "$COMMENT_LABEL" "$COMMENT_NA"
    return
  fi
  SCENARIOS+=(comment)
  LABEL[comment]=$COMMENT_LABEL SERVER[comment]=C URL[comment]="http://127.0.0.1:${PORT[C]}$COMMENT_PATH" HEADER[comment]="" PATHS_FILE[comment]=""
}

comment_rules_note() {
  if [[ -n $COMMENT_NA ]]; then
    echo "none apply to these scenarios (no comment row: $COMMENT_NA)"
    return
  fi
  echo "switched OFF for the comment row only: its server runs with ${COMMENT_SWITCHES[*]} (per-account and per-address rate limits, duplicate window, minimum fill time)$( ((COMMENTS_ONLY)) || echo "; none apply to the other rows")"
}

# One round of the comment scenario: warm-up, minting form tokens, then DURATION seconds of
# posting. Writes a line to results.txt like run_one does for wrk.
run_comment_one() {
  local round=$1 out line kv seconds=1 rps="" p50="" p95="" p99="" errors=0 ticks=0 peak=0 cpu
  local acknowledged=0 tokens=0 exhausted=0 warm=0
  out="$RUN/comments-round-$round.txt"
  timeout $((${WARMUP%.*} + ${DURATION%.*} + 300)) taskset -c "$LOAD_CPU" "$COMMENT_CLIENT" post "http://127.0.0.1:${PORT[C]}" \
    "$COMMENT_PATH" "$COMMENT_EMAIL" "$COMMENT_PASSWORD" --workers "$CONNECTIONS" --warmup "$WARMUP" --duration "$DURATION" \
    --server-pid "${PID[C]}" --acknowledged "$RUN/comments-acknowledged.txt" --tag "r$round" >"$out" 2>&1 || true
  line=$(grep -m1 '^RESULT' "$out" || true)
  if [[ -z $line ]]; then
    log "the comment client gave no result: $(tail -3 "$out")"
    return
  fi
  result_fields "$line"
  rps=${FIELD[rps]:-} seconds=${FIELD[seconds]:-1} p50=${FIELD[p50]:-} p95=${FIELD[p95]:-} p99=${FIELD[p99]:-}
  errors=$((${FIELD[status]:-0} + ${FIELD[timeout]:-0} + ${FIELD[connect]:-0}))
  ticks=${FIELD[server_ticks]:-0} peak=${FIELD[peak_rss_kb]:-0} acknowledged=${FIELD[acknowledged]:-0}
  tokens=${FIELD[tokens]:-0} exhausted=${FIELD[exhausted]:-0} warm=${FIELD[warmup_acknowledged]:-0}
  if [[ $acknowledged == 0 ]]; then
    log "no comment was acknowledged in round $round: $(grep -v '^RESULT' "$out" | tail -3)"
    return
  fi
  if ((exhausted)); then
    COMMENT_NOTES+="round $round ran out of its $tokens minted form tokens after $seconds s (the rate is over that time). "
  fi
  cpu=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v s="$seconds" 'BEGIN { printf "%.0f", (s > 0 ? 100 * t / hz / s : 0) }')
  echo "comment $round $rps $p50 $p95 $p99 $errors $peak $cpu" >>"$RUN/results.txt"
  log "  comment: $rps acknowledged/s ($acknowledged in $seconds s after $warm in the warm-up; $tokens tokens minted), p50 $p50 ms, p99 $p99 ms, $errors errors, RSS $((peak / 1024)) MiB, server CPU $cpu %"
}

# Stops instance C and counts: every acknowledged comment must be stored exactly once.
# A mismatch sets COMMENT_FAILED (run.sh then exits non-zero) and COMMENT_CHECK says so.
verify_comments() {
  local line kv acknowledged=0 once=0 missing=0 duplicated=0 unacknowledged=0
  if [[ -n $COMMENT_NA || -z ${PID[C]:-} ]]; then return; fi
  stop_herald C
  line=$("$COMMENT_CLIENT" verify "$( ((POSTGRES)) && echo "$PG_URL" || echo "$RUN/comments-data/herald.db")" "$RUN/comments-acknowledged.txt" 2>"$RUN/comments-verify.err" |
    grep -m1 '^VERIFY' || true)
  if [[ -z $line ]]; then
    COMMENT_FAILED=1
    COMMENT_CHECK="FAILED: the count check did not run: $(tail -3 "$RUN/comments-verify.err" | tr '\n' ' ')"
    return
  fi
  result_fields "$line"
  acknowledged=${FIELD[acknowledged]:-0} once=${FIELD[stored_once]:-0} missing=${FIELD[missing]:-0}
  duplicated=${FIELD[duplicated]:-0} unacknowledged=${FIELD[unacknowledged_stored]:-0}
  if ((missing > 0 || duplicated > 0)); then
    COMMENT_FAILED=1
    COMMENT_CHECK="MISMATCH: of $acknowledged acknowledged comments, $missing are MISSING from the database and $duplicated are stored more than once (bench/out/run/comments-verify.err)"
  elif ((acknowledged == 0)); then
    COMMENT_CHECK="nothing to check: no comment was acknowledged"
  else
    COMMENT_CHECK="ok: all $acknowledged acknowledged comments (warm-ups included) are stored exactly once"
    if ((unacknowledged > 0)); then COMMENT_CHECK+="; $unacknowledged more were stored whose answer the client did not get"; fi
  fi
  log "comment check: $COMMENT_CHECK"
}

# The report's lines about the comment row.
comment_report_lines() {
  local rps p99
  printf '%-40s %s\n' "comment check (acknowledged = stored)" "${COMMENT_CHECK:-not run}"
  rps=$(column_of comment 3 | median)
  p99=$(column_of comment 6 | median)
  if [[ -n $rps ]]; then
    target_line "comment target (issue 7)" "$(holds 'r >= 1500 && p < 50' -v r="$rps" -v p="$p99")" \
      "$(awk -v r="$rps" -v p="$p99" 'BEGIN { printf "at least 1,500 acknowledged comments/s with p99 under 50 ms: %%s here (%.0f/s, p99 %.1f ms)", r, p }')"
  fi
  if [[ -n $COMMENT_NOTES ]]; then printf '%-40s %s\n' "" "$COMMENT_NOTES"; fi
}

# Loud, so nobody reads past it: printed after the table when the count check failed.
comment_failure_banner() {
  {
    echo
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    echo "!!! COMMENT COUNT CHECK FAILED: $COMMENT_CHECK"
    echo "!!! Acknowledged comments must be stored exactly once. This run exits non-zero."
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  } | tee -a "$REPORT_FILE"
}
